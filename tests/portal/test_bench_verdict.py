"""bench/check_window.py's verdict on a killed app server, from nginx's access log.

The scale-out run (bench/scaleout.sh) passes only if every request that failed was in flight when
the server died; these cases pin that rule on small hand-written logs.
"""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("check_window", ROOT / "bench" / "check_window.py")
check_window = importlib.util.module_from_spec(spec)
spec.loader.exec_module(check_window)

KILLED, ALIVE = "127.0.0.1:2", "127.0.0.1:1"
START, END = 1000.0, 1000.2  # the kill


def line(answered, status, upstreams, took, method="GET"):
    # $msec $status "$upstream_addr" $request_time "$upstream_status" $request_method $request_uri
    return f'{answered:.3f} {status} "{upstreams}" {took:.3f} "{status}" {method} /x/'


def verdict(tmp_path, *lines):
    log = tmp_path / "access.log"
    log.write_text("\n".join(lines) + "\n")
    return check_window.report_nginx(str(log), START, END, 3.0, KILLED, True)


def test_a_post_in_flight_on_the_killed_server_may_fail(tmp_path):
    assert verdict(
        tmp_path,
        line(999.0, 200, KILLED, 0.5),
        line(1000.5, 502, KILLED, 1.0, "POST"),  # sent at 999.5, before the kill
        line(1002.0, 200, f"{KILLED}, {ALIVE}", 2.5),  # a GET in flight, passed on
        line(1010.0, 200, ALIVE, 0.5),
    )


def test_a_request_sent_after_the_kill_must_not_fail(tmp_path):
    assert not verdict(
        tmp_path,
        line(1001.0, 502, KILLED, 0.3, "POST"),  # sent at 1000.7, after the kill
    )


def test_no_answer_may_come_from_the_killed_server_after_the_window(tmp_path):
    assert not verdict(tmp_path, line(1010.0, 200, KILLED, 0.5))


def test_failures_long_after_the_kill_fail_the_run(tmp_path):
    assert not verdict(tmp_path, line(1020.0, 504, ALIVE, 30.0))

"""Judge a load run with a disruption in it: bench/load.sh restart, bench/scaleout.sh.

Reads wrk's RESULT line (bench/load.lua) and the writer's saves (bench/load_writer.py), and with
--nginx-log the access log of the bench's nginx. Passes when every failed request was answered
inside the disruption window (plus a grace period), no socket error reached a client, the portal
answers /health/ after it, and every save the portal confirmed is in the database (DATABASE_URL).
Prints times relative to the disruption (t=0).
"""

import argparse
import json
import os
import re
import sys
from collections import Counter
from pathlib import Path

import psycopg2


def wrk_result(path):
    text = Path(path).read_text()
    return {k: float(v) for k, v in re.findall(r"(\w+)=([\d.]+)", text.split("RESULT")[1])}


def stored_names():
    conn = psycopg2.connect(os.environ["DATABASE_URL"])
    try:
        with conn.cursor() as cursor:
            cursor.execute("SELECT name FROM branches_partygroup WHERE name LIKE 'load-%%'")
            return {row[0] for row in cursor.fetchall()}
    finally:
        conn.close()


def nginx_lines(path):
    """(answered, status, upstreams, received, method) per request in the log format
    `$msec $status "$upstream_addr" $request_time "$upstream_status" $request_method ...`."""
    pattern = re.compile(r'^([\d.]+) (\d+) "([^"]*)" ([\d.]+) "[^"]*" (\w+)')
    for line in Path(path).read_text().splitlines():
        match = pattern.match(line)
        if match:
            answered = float(match[1])
            yield answered, int(match[2]), match[3], answered - float(match[4]), match[5]


def report_nginx(path, start, end, grace, failed_server, in_flight_only):
    lines = list(nginx_lines(path))
    failed = [(t, sent, method) for t, status, _, sent, method in lines if status >= 500]
    # Passed on: nginx tried one server, then the next ("a:18802, b:18801").
    passed_on = [(t, sent, method) for t, _, ups, sent, method in lines if "," in ups]
    before = Counter(ups.split(",")[-1].strip() for t, _, ups, _, _ in lines if t < start)
    after = [ups for t, status, ups, _, _ in lines if t > end + grace and status < 500]
    to_failed = sum(1 for ups in after if ups.split(",")[-1].strip() == failed_server)

    def span(requests):
        times = [t for t, _, _ in requests]
        if not times:
            return ""
        methods = ", ".join(
            f"{n} {m}" for m, n in sorted(Counter(m for _, _, m in requests).items())
        )
        return (
            f" ({methods}; answered t={min(times) - start:+.2f}s to t={max(times) - start:+.2f}s)"
        )

    shares = ", ".join(f"{server} {count}" for server, count in sorted(before.items()))
    print(f"nginx: {len(lines)} requests; before t=0 answered by {shares}")
    print(f"nginx: answered 5xx: {len(failed)}{span(failed)}")
    at_kill = [r for r in passed_on if r[1] <= end]
    later = [r for r in passed_on if r[1] > end]
    print(
        f"nginx: sent before t={end - start:+.2f}s and passed on to the other server: "
        f"{len(at_kill)}{span(at_kill)}"
    )
    print(
        f"nginx: sent later, found {failed_server} down and passed on (nginx tries it again "
        f"every fail_timeout): {len(later)}{span(later)}"
    )
    print(f"nginx: answered after t={grace:+.0f}s: {len(after)}, {to_failed} by {failed_server}")
    outside = [t for t, _, _ in failed if t < start - 0.5 or t > end + grace]
    # Sent after the disruption was over and failed all the same: not a request in flight.
    late = [t for t, sent, _ in failed if sent > end] if in_flight_only else []
    if in_flight_only:
        print(f"nginx: failed requests that were sent after t={end - start:+.2f}s: {len(late)}")
    return not outside and not late and to_failed == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--wrk", required=True, help="wrk's output with the RESULT line")
    parser.add_argument(
        "--writer", required=True, action="append", help="load_writer.py's JSON (one or more)"
    )
    parser.add_argument("--start", type=float, required=True, help="when the disruption began")
    parser.add_argument("--end", type=float, required=True, help="when it was over")
    parser.add_argument("--what", required=True, help="what happened, for the first line")
    parser.add_argument("--health", required=True, help="/health/'s status code after the run")
    parser.add_argument("--grace", type=float, default=3.0)
    parser.add_argument("--nginx-log")
    parser.add_argument("--failed-server", help="upstream address that is down (with --nginx-log)")
    parser.add_argument(
        "--in-flight-only",
        action="store_true",
        help="a request may fail only if it was sent before the disruption was over",
    )
    args = parser.parse_args()

    start, end, grace = args.start, args.end, args.grace
    wrk = wrk_result(args.wrk)
    writers = [json.loads(Path(path).read_text()) for path in args.writer]
    writer = {key: [item for w in writers for item in w[key]] for key in ("confirmed", "failed")}
    stored = stored_names()
    confirmed = set(writer["confirmed"])
    lost = sorted(confirmed - stored)
    fail_times = [f["t"] for f in writer["failed"]]
    failed_but_saved = [f for f in writer["failed"] if f["name"] in stored]
    # A request already waiting when the disruption began may be answered a little after it.
    outside = [t for t in fail_times if t < start - 0.5 or t > end + grace]
    if args.in_flight_only:
        outside += [f["t"] for f in writer["failed"] if f["sent"] > end]
    wrk_first, wrk_last = int(wrk["first_failure"]), int(wrk["last_failure"])
    wrk_outside = wrk_first and (wrk_first < int(start) - 1 or wrk_last > int(end + grace))

    print(f"{args.what} in {end - start:.2f}s (t=0)")
    reads = f"reads:  {int(wrk['requests'])} requests, {wrk['rps']} req/s, "
    if wrk_first:
        print(
            f"{reads}{int(wrk['non200'])} failed, all answered between "
            f"t={wrk_first - int(start):+d}s and t={wrk_last - int(start):+d}s (1 s resolution)"
        )
    else:
        print(f"{reads}none failed")
    if fail_times:
        print(
            f"writes: {len(confirmed)} confirmed, {len(fail_times)} failed, answered between "
            f"t={min(fail_times) - start:+.2f}s and t={max(fail_times) - start:+.2f}s "
            f"({', '.join(sorted({f['status'] for f in writer['failed']}))}); "
            f"{len(failed_but_saved)} of the failed ones were saved all the same"
        )
    else:
        print(f"writes: {len(confirmed)} confirmed, none failed")
    socket_errors = sum(
        int(wrk[k]) for k in ("connect_errors", "read_errors", "write_errors", "timeouts")
    )
    print(f"socket errors (connect/read/write/timeout): {socket_errors}")
    print(f"confirmed saves missing from the database: {len(lost)} of {len(confirmed)}")
    nginx_ok = True
    if args.nginx_log:
        nginx_ok = report_nginx(
            args.nginx_log, start, end, grace, args.failed_server, args.in_flight_only
        )
    print(f"health after the run: {args.health}")
    ok = (
        not lost
        and not outside
        and not wrk_outside
        and not socket_errors
        and nginx_ok
        and args.health == "200"
        and confirmed
    )
    if ok:
        print("PASS - failures only in the window, recovered by itself, no confirmed save lost")
    else:
        print("FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

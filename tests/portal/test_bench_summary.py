"""bench/summarize.py's verdict per page: the targets of issues 16 and 19 by kind of page (share
of /health/'s requests per second and p99), on small hand-written run results."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def result(rps, p99, non200=0):
    return (
        f"RESULT requests=1000 duration_s=10.00 rps={rps} p50_ms=10.0 p99_ms={p99} max_ms={p99} "
        f"non200={non200} socket_errors=0"
    )


def summarize(tmp_path, pages):
    """pages: (name, kind, rps, p99[, non200]); /health/ runs at 1000 requests/s."""
    lines = [f"health baseline /health/ {result(1000, 5)}"]
    targets = ["user secretary s", "user region r"]
    for name, kind, *figures in pages:
        lines.append(f"{name} {kind} /{name}/ {result(*figures)}")
        targets.append(f"page {name} secretary {kind} /{name}/")
    targets.append("sizes branches=3")
    (tmp_path / "results.txt").write_text("\n".join(lines) + "\n")
    (tmp_path / "targets.txt").write_text("\n".join(targets) + "\n")
    output = tmp_path / "BENCH.md"
    run = subprocess.run(
        [sys.executable, ROOT / "bench" / "summarize.py", tmp_path, "--output", output],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "<!-- results:start -->" in output.read_text()
    verdicts = {}
    for line in run.stdout.splitlines():
        for name, *_rest in pages:
            if line.startswith(f"| {name} `"):
                verdicts[name] = line.rsplit("|", 2)[1].strip()
    return verdicts, run.stdout


def test_each_kind_of_page_is_held_to_its_own_target(tmp_path):
    verdicts, text = summarize(
        tmp_path,
        [
            ("home-fast", "secretary", 200, 149),  # 20 %, p99 under 150 ms
            ("home-slow", "secretary", 200, 151),
            ("home-few", "secretary", 199, 100),  # 19.9 % of /health/
            ("ledger", "heavy", 100, 249),
            ("ledger-slow", "heavy", 100, 251),
            ("overview", "overview", 30, 999),
            ("overview-few", "overview", 29, 500),
            ("rollup", "rollup", 30, 999),
            ("rollup-slow", "rollup", 30, 1001),
            ("rollup-errors", "rollup", 30, 500, 1),
        ],
    )
    met = {name for name, verdict in verdicts.items() if verdict == "yes"}
    assert met == {"home-fast", "ledger", "overview", "rollup"}
    assert "p99 < 1,000 ms, ≥ 3%" in text and "p99 < 150 ms, ≥ 20%" in text
    assert "Targets missed in this run: home-slow, home-few, ledger-slow" in text


def test_the_logged_in_floor_is_shown_for_reference_and_never_counted_as_missed(tmp_path):
    verdicts, text = summarize(
        tmp_path, [("floor", "reference", 30, 2000), ("home-fast", "secretary", 200, 149)]
    )
    assert verdicts == {"floor": "—", "home-fast": "yes"}
    assert "reference (no target)" in text
    assert "Targets missed in this run: none." in text

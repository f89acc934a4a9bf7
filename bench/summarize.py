"""Print bench/run.sh's results as a table and write them into BENCHMARKS.md.

Only the block between the `results` markers of BENCHMARKS.md is rewritten; the notes around it
(what was profiled and changed) are kept.
"""

import argparse
import datetime
import os
import re
from pathlib import Path

START, END = "<!-- results:start -->", "<!-- results:end -->"
# Targets of issues 16 and 19 by kind of page: (share of the baseline's throughput, p99 ms).
TARGETS = {
    "secretary": (0.20, 150),  # home, calendar, roster, member, record
    "heavy": (0.10, 250),  # ledger, report, review queue
    "overview": (0.03, 1000),  # the district overview
    "rollup": (0.03, 1000),  # the province roll-up (issue 19: p99 < 1 s)
}
EXPORT_SECONDS = {"ledger-xlsx": 2, "ledger-docx": 2, "district-zip": 10}


def parse_fields(text):
    return dict(re.findall(r"(\w+)=(\S+)", text))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("work")
    parser.add_argument("--workers", default="?")
    parser.add_argument("--seconds", default="?")
    parser.add_argument("--connections", default="8")
    parser.add_argument("--generate", default="")
    parser.add_argument("--output", default="BENCHMARKS.md")
    args = parser.parse_args()
    work = Path(args.work)

    rows = []
    for line in (work / "results.txt").read_text().splitlines():
        name, kind, path, rest = line.split(" ", 3)
        rows.append((name, kind, path, parse_fields(rest)))
    health = [float(f["rps"]) for name, kind, _p, f in rows if kind == "baseline"]
    baseline = sum(health) / len(health)
    sizes = parse_fields(
        next(x for x in (work / "targets.txt").read_text().splitlines() if x.startswith("sizes"))
    )

    table = [
        "| page | as | requests/s | p50 ms | p99 ms | share of baseline | target | met |",
        "| --- | --- | ---: | ---: | ---: | ---: | --- | --- |",
    ]
    misses = []
    for name, kind, path, f in rows:
        rps, p50, p99 = float(f["rps"]), float(f["p50_ms"]), float(f["p99_ms"])
        share = rps / baseline
        errors = int(f["non200"]) + int(f["socket_errors"])
        if kind == "baseline":
            target, met = "baseline", "—"
        elif kind == "reference":
            # The emptiest logged-in page (session, user, the base template): what any page
            # costs before its own content, so what share of the baseline a page can reach.
            target, met = "reference (no target)", "—"
        else:
            need, p99_target = TARGETS[kind]
            target = f"p99 < {p99_target:,} ms, ≥ {need:.0%}"
            ok = p99 < p99_target and share >= need and errors == 0
            met = "yes" if ok else "**no**"
            if not ok:
                misses.append(name)
        role = {"baseline": "anonymous"}.get(kind, "")
        table.append(
            f"| {name} `{path}` | {role or _role(work, name)} | {rps:.1f} | {p50:.1f} | "
            f"{p99:.1f} | {share:.0%} | {target} | {met}{f' ({errors} errors)' if errors else ''} |"
        )

    alone = [
        "| page | median ms | Python CPU ms | queries | SQL ms | HTML KiB |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    inprocess = work / "inprocess.txt"
    for line in inprocess.read_text().splitlines() if inprocess.exists() else []:
        match = re.match(
            r"(\S+) \S+: median (\d+) ms over \d+ runs \(Python CPU (\d+) ms\), "
            r"(\d+) queries taking (\d+) ms, (\d+) bytes",
            line,
        )
        if match:
            name, median, cpu, queries, sql, size = match.groups()
            alone.append(f"| {name} | {median} | {cpu} | {queries} | {sql} | {int(size) // 1024} |")

    exports = [
        "| export | median s | slowest s | size | target | met |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    memory = []
    exports_file = work / "exports.txt"
    for line in exports_file.read_text().splitlines() if exports_file.exists() else []:
        parts = line.split()
        if parts[0] == "export":
            f = parse_fields(line)
            limit = EXPORT_SECONDS.get(parts[1])
            ok = limit is not None and float(f["max_s"]) < limit
            if not ok:
                misses.append(parts[1])
            exports.append(
                f"| {parts[1]} | {f['median_s']} | {f['max_s']} | {int(f['bytes']) // 1024} KiB | "
                f"< {limit} s | {'yes' if ok else '**no**'} |"
            )
        elif parts[0] == "memory":
            cells = []
            for subject in parts[2:]:
                label, peak, size = subject.split(":")
                cells.append(
                    f"{label}: peak {int(peak.split('=')[1]) / 1024:.1f} MiB "
                    f"({int(size.split('=')[1]) // 1024} KiB out)"
                )
            memory.append(f"- {parts[1]}: " + "; ".join(cells))

    text = "\n".join(
        [
            START,
            f"Run of {datetime.datetime.now():%Y-%m-%d %H:%M} on a machine with {os.cpu_count()} CPUs "
            f"(shared with the other work on it), gunicorn with {args.workers} sync workers, "
            f"wrk with {args.connections} connections for {args.seconds} s per page after a 3 s "
            "warm-up, PostgreSQL on the same machine.",
            "",
            f"Data: `manage.py {args.generate}`: "
            + ", ".join(f"{k} {v}" for k, v in sizes.items())
            + ".",
            "",
            f"Baseline: `/health/` (one `SELECT 1`), {baseline:.1f} requests/s "
            f"(mean of the runs before and after the pages: {', '.join(f'{h:.1f}' for h in health)}).",
            "",
            *table,
            "",
            "Each page alone, in-process (Django test client, median of 5 requests; the wall time "
            "includes waiting for the busy CPUs):",
            "",
            *alone,
            "",
            *exports,
            "",
            "Memory of the exports (peak of Python allocations, tracemalloc, small vs large subject):",
            "",
            *memory,
            "",
            f"Targets missed in this run: {', '.join(misses) if misses else 'none'}.",
            END,
        ]
    )
    print(text)
    output = Path(args.output)
    current = output.read_text() if output.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
    if START not in current:
        current += f"\n{START}\n{END}\n"
    before, rest = current.split(START, 1)
    after = rest.split(END, 1)[1]
    output.write_text(before + text + after)


def _role(work, name):
    for line in (work / "targets.txt").read_text().splitlines():
        parts = line.split()
        if parts[0] == "page" and parts[1] == name:
            return parts[2]
    return ""


if __name__ == "__main__":
    main()

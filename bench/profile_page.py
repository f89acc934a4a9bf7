"""Profile one page in-process: time, SQL queries (slowest first) and a pyinstrument profile.

    DATABASE_URL=postgres://root@127.0.0.1:5432/bench .venv/bin/python bench/profile_page.py \
        scale_sec_123 /org/123/ledger/ [--runs 5] [--explain]

Renders the page through the Django test client as that user (middleware, view, template),
after one warm-up run (--cold: the cache cleared before each run, nothing kept), prints the
median time over --runs, the queries of the last run with their durations, and a
pyinstrument call tree of one more run. --explain adds EXPLAIN (ANALYZE, BUFFERS) of the three
slowest queries (PostgreSQL).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("username")
    parser.add_argument("path")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument(
        "--cold",
        action="store_true",
        help="clear the cache before each run: the kept figures and scopes recomputed (as before)",
    )
    parser.add_argument("--no-profile", action="store_true")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portal.models import User

    settings.DEBUG = False
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username=args.username))
    times, cpu = [], []
    client.get(args.path)  # warm up (imports, templates, and the kept figures unless --cold)
    for _ in range(args.runs):
        if args.cold:
            cache.clear()
        with CaptureQueriesContext(connection) as context:
            started, cpu_started = time.perf_counter(), time.process_time()
            response = client.get(args.path)
            times.append(time.perf_counter() - started)
            cpu.append(time.process_time() - cpu_started)
        assert response.status_code == 200, response.status_code
    queries = sorted(context.captured_queries, key=lambda q: -float(q["time"]))
    sql_time = sum(float(q["time"]) for q in queries)
    print(
        f"{args.path}: median {statistics.median(times) * 1000:.0f} ms over {args.runs} runs "
        f"(Python CPU {statistics.median(cpu) * 1000:.0f} ms), "
        f"{len(queries)} queries taking {sql_time * 1000:.0f} ms, {len(response.content)} bytes"
    )
    for query in queries[:8]:
        print(f"  {float(query['time']) * 1000:7.1f} ms  {query['sql'][:300]}")
    if args.explain and connection.vendor == "postgresql":
        for query in queries[:3]:
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + query["sql"])
                print("\n".join(row[0] for row in cursor.fetchall()))
                print()
    if not args.no_profile:
        from pyinstrument import Profiler

        profiler = Profiler()
        profiler.start()
        client.get(args.path)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))


if __name__ == "__main__":
    main()

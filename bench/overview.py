"""Server time of the district overview at scale: a district of 200 branches, 10 years of records.

    DATABASE_URL=postgres://root@127.0.0.1:5432/bench DJANGO_DEBUG=1 .venv/bin/python bench/overview.py

Builds the district with `manage.py generate_scale` unless a generated district of that size is
already there (`--rebuild` makes a new one), then renders the overview in-process (Django test
client: middleware, view, template; no network) a few times as a reviewer of that district and
prints the median and the slowest time, the number of SQL queries, and the same for the Excel
export and one drill-down list.
"""

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--branches", type=int, default=200)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--members-per-branch", type=int, default=25)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--year", type=int, help="the year shown (default: this year)")
    parser.add_argument("--rebuild", action="store_true", help="generate a new district")
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count, Q
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from branches.models import Activity, Attendance, District, DistrictReviewer, Organization
    from devdata import scale

    call_command("migrate", verbosity=0)

    def largest():
        return (
            scale.scale_districts()
            .annotate(
                branches=Count(
                    "schools__organizations",
                    filter=Q(schools__organizations__kind=Organization.Kind.BRANCH),
                )
            )
            .order_by("-branches")
            .first()
        )

    district = largest() if scale.exists() else None
    if args.rebuild or district is None or district.branches < args.branches:
        started = time.monotonic()
        print(f"generating a district of about {args.branches} branches, {args.years} years ...")
        call_command(
            "generate_scale",
            districts=1,
            schools=round(args.branches * 0.6),
            organizations=round(args.branches * 1.17),
            members=args.branches * args.members_per_branch,
            years=args.years,
            reset=True,
            fast=connection.vendor == "postgresql",
            stdout=open(os.devnull, "w"),  # noqa: SIM115 (closed at exit)
        )
        print(f"generated in {time.monotonic() - started:.0f} s")
        district = largest()
    district = District.objects.get(pk=district.pk)
    organizations = Organization.objects.filter(school__district=district)
    activities = Activity.objects.filter(organization__school__district=district)
    first, last = (
        activities.order_by("date").values_list("date", flat=True).first(),
        activities.order_by("-date").values_list("date", flat=True).first(),
    )
    year = args.year or datetime.date.today().year
    print(
        f"{district}: {organizations.count()} organisations "
        f"({organizations.filter(kind='branch').count()} branches), "
        f"{activities.count()} records {first} .. {last}, "
        f"{Attendance.objects.filter(activity__in=activities).count()} attendance rows; "
        f"database {connection.vendor}"
    )

    reviewer = DistrictReviewer.objects.filter(district=district).select_related("user").first()
    client = Client()
    client.force_login(reviewer.user)

    def measure(label, url, params, slowest=0):
        times, cpu, queries, size = [], [], [], 0
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as ctx:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url, params)
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
            assert response.status_code == 200, (url, response.status_code)
            queries, size = ctx.captured_queries, len(body)
        sql = sum(float(query["time"]) for query in queries)
        print(
            f"{label:<28} median {statistics.median(times) * 1000:7.0f} ms  "
            f"max {max(times) * 1000:7.0f} ms  CPU {statistics.median(cpu) * 1000:6.0f} ms  "
            f"{len(queries):3d} queries "
            f"({sql * 1000:.0f} ms in SQL, last run)  {size / 1024:7.0f} KiB"
        )
        for query in sorted(queries, key=lambda q: -float(q["time"]))[:slowest]:
            print(f"    {float(query['time']) * 1000:6.0f} ms  {query['sql'][:110]}")

    overview = reverse("overview:district", args=[district.pk])
    measure(f"overview {year}", overview, {"year": year}, slowest=4)
    measure(f"overview {year}学年度", overview, {"year": year, "school": "1"})
    measure(f"overview {year} by rate", overview, {"year": year, "sort": "rate"})
    measure(
        "Excel export",
        reverse("overview:export", args=[district.pk]),
        {"year": year},
    )
    measure(
        "drill-down: records",
        reverse("overview:records", args=[district.pk]),
        {"year": year, "key": "records"},
    )


if __name__ == "__main__":
    main()

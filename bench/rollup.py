"""Server time of the city and province roll-up and 党内统计 on a generated province.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 DJANGO_DEBUG=1 SECRET_KEY=x \
        .venv/bin/python bench/rollup.py --districts 3 --schools 60 --organizations 100 \
        --members 2500 --years 2

Builds the province with `manage.py generate_scale` unless generated districts are already there
(`--rebuild` makes new ones; generated districts are in 江苏省, cities "…市（仿真）"), gives a
`bench_region` account a RegionReviewer row for 江苏省, then renders each page in-process (Django
test client: middleware, view, template; no network) a few times and prints the median and the
slowest time and the number of SQL queries.
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--districts", type=int, default=3)
    parser.add_argument("--schools", type=int, default=60)
    parser.add_argument("--organizations", type=int, default=100)
    parser.add_argument("--members", type=int, default=2500)
    parser.add_argument("--years", type=int, default=2)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true", help="generate a new province")
    args = parser.parse_args()

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from branches.models import Member, Organization, RegionReviewer
    from devdata import scale

    call_command("migrate", verbosity=0)
    if args.rebuild or not scale.exists():
        started = time.monotonic()
        print("generating ...")
        RegionReviewer.objects.filter(user__username="bench_region").delete()
        call_command(
            "generate_scale",
            districts=args.districts,
            schools=args.schools,
            organizations=args.organizations,
            members=args.members,
            years=args.years,
            reset=True,
            fast=connection.vendor == "postgresql",
            stdout=open(os.devnull, "w"),  # noqa: SIM115 (closed at exit)
        )
        print(f"generated in {time.monotonic() - started:.0f} s")
    districts = scale.scale_districts()
    district = districts.order_by("id").first()
    province, city = district.province, district.city
    organizations = Organization.objects.filter(school__district__in=districts)
    print(
        f"{province}: {districts.count()} districts, {organizations.count()} organisations "
        f"({organizations.filter(kind='branch').count()} branches), "
        f"{Member.objects.filter(organization__in=organizations).count()} roster rows; "
        f"database {connection.vendor}"
    )
    user, _created = get_user_model().objects.get_or_create(
        username="bench_region", defaults={"display_name": "省审阅（基准）"}
    )
    RegionReviewer.objects.get_or_create(user=user, province=province, city="")
    client = Client()
    client.force_login(user)

    def measure(label, url, params=None):
        times, cpu, queries = [], [], []
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as ctx:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url, params or {})
                if response.streaming:
                    b"".join(response.streaming_content)
                times.append(time.perf_counter() - started)
                cpu.append(time.process_time() - started_cpu)
            assert response.status_code == 200, (url, response.status_code)
            queries = ctx.captured_queries
        times.sort()
        print(
            f"{label:<26} median {statistics.median(times) * 1000:7.0f} ms  "
            f"max {times[-1] * 1000:7.0f} ms  CPU {statistics.median(cpu) * 1000:6.0f} ms  "
            f"{len(queries):3d} queries"
        )

    measure("roll-up: province", reverse("regions:rollup_province", args=[province]))
    measure("roll-up: city", reverse("regions:rollup_city", args=[province, city]))
    measure("roll-up: district", reverse("regions:rollup_district", args=[district.pk]))
    measure("党内统计: province", reverse("regions:stats_province", args=[province]))
    measure("党内统计: export", reverse("regions:stats_province_export", args=[province]))
    measure(
        "党内统计: drill-down",
        reverse("regions:stats_province_people", args=[province]),
        {"table": "gender", "cell": "F"},
    )


if __name__ == "__main__":
    main()

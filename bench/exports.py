"""Time and memory of the exports at province scale (run by bench/run.sh, in-process).

    DATABASE_URL=postgres://root@127.0.0.1:5432/bench .venv/bin/python bench/exports.py var/bench/targets.txt

For each `export` line of targets.txt: the median and slowest of three downloads through the
Django test client (middleware, view, file generation; the body is read chunk by chunk and
thrown away). Then the peak of Python allocations (tracemalloc) while exporting a small and a
large subject: the ledger of the smallest and the largest branch of the district, and the zip of
the smallest and the largest generated district; "flat" means the peak does not grow with it.
Prints `export <name> median_s=.. max_s=.. bytes=..` and `memory <name> ..` lines.
"""

import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    size = 0
    if response.streaming:
        for chunk in response.streaming_content:
            size += len(chunk)
    else:
        size = len(response.content)
    response.close()
    return size


def peak_of(client, url):
    tracemalloc.start()
    tracemalloc.reset_peak()
    size = download(client, url)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak, size


def main():
    import django

    django.setup()
    from django.db.models import Count, Q
    from django.test import Client

    from branches.models import Organization
    from devdata import scale
    from portal.models import User

    lines = [line.split() for line in Path(sys.argv[1]).read_text().splitlines()]
    users = {parts[1]: parts[2] for parts in lines if parts[0] == "user"}
    clients = {}
    for role, username in users.items():
        clients[role] = Client(HTTP_HOST="127.0.0.1")
        clients[role].force_login(User.objects.get(username=username))

    for _kind, name, role, url in (parts for parts in lines if parts[0] == "export"):
        times, size = [], 0
        for _ in range(3):
            started = time.perf_counter()
            size = download(clients[role], url)
            times.append(time.perf_counter() - started)
        print(
            f"export {name} median_s={statistics.median(times):.2f} max_s={max(times):.2f} "
            f"bytes={size}",
            flush=True,
        )

    # Memory: a small and a large subject of each export.
    admin = Client(HTTP_HOST="127.0.0.1")
    admin.force_login(User.objects.filter(is_superuser=True).first() or _superuser())
    year = next(p for p in lines if p[0] == "export" and p[1] == "ledger-xlsx")[3].split("=")[-1]
    zip_year = next(p for p in lines if p[0] == "export" and p[1] == "district-zip")[3]
    zip_year = zip_year.rsplit("/", 1)[-1].removesuffix(".zip")
    district_pk = int(
        next(p for p in lines if p[0] == "page" and p[1] == "district-overview")[4].split("/")[2]
    )
    branches = (
        Organization.objects.filter(school__district_id=district_pk, kind="branch")
        .annotate(size=Count("members"))
        .order_by("size", "id")
    )
    small, large = branches.first(), branches.last()
    for fmt in ("xlsx", "docx"):
        results = []
        for branch in (small, large):
            peak, size = peak_of(admin, f"/org/{branch.pk}/ledger.{fmt}?year={year}")
            results.append(f"{branch.size}members:peak_kib={peak // 1024}:bytes={size}")
        print(f"memory ledger-{fmt} " + " ".join(results), flush=True)
    districts = (
        scale.scale_districts()
        .annotate(
            branches=Count(
                "schools__organizations", filter=Q(schools__organizations__kind="branch")
            )
        )
        .order_by("branches", "id")
    )
    results = []
    for district in (districts.first(), districts.last()):
        peak, size = peak_of(admin, f"/districts/{district.pk}/reports/{zip_year}.zip")
        results.append(f"{district.branches}branches:peak_kib={peak // 1024}:bytes={size}")
    print("memory district-zip " + " ".join(results), flush=True)


def _superuser():
    from portal.models import User

    return User.objects.create_superuser("scale_bench_admin", password=None)


if __name__ == "__main__":
    main()

"""Pick what bench/run.sh measures in a generated province and print it for the shell.

    DATABASE_URL=postgres://root@127.0.0.1:5432/bench .venv/bin/python bench/targets.py

Prints `user <role> <username>` lines, then `page <name> <role> <kind> <path>` lines (kind is
`secretary`, `heavy`, `overview`, `rollup` or `reference` (no target), which decides the target (bench/summarize.py)), then `sizes <key>=<value> ...`.
The district is the largest generated one (200+ branches at the default size); the branch is a
large one of it: groups, a committee in office, larger than three quarters of such branches.
"""

import datetime
import os
import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")


def province_reviewer(province, like):
    """The generated province's reviewer (RegionReviewer), made once, with the generated accounts'
    password (copied from `like`, a generated secretary)."""
    from django.contrib.auth import get_user_model

    from branches.models import RegionReviewer

    user, created = get_user_model().objects.get_or_create(
        username="bench_province", defaults={"display_name": "省教育厅审阅（基准）"}
    )
    if created:
        user.password = like.password
        user.save(update_fields=["password"])
    RegionReviewer.objects.get_or_create(user=user, province=province, city="")
    return user


def main():
    import django

    django.setup()
    from django.db.models import Count, Q

    from branches.models import (
        Activity,
        Attendance,
        Committee,
        DistrictReviewer,
        Member,
        Organization,
        School,
    )
    from devdata import scale
    from reports.models import Report

    today = datetime.date.today()
    district = (
        scale.scale_districts()
        .annotate(
            branches=Count(
                "schools__organizations", filter=Q(schools__organizations__kind="branch")
            )
        )
        .order_by("-branches", "id")
        .first()
    )
    if district is None:
        sys.exit("no generated province: run manage.py generate_scale first")
    in_office = Committee.objects.in_office(today).values("organization_id")
    candidates = list(
        Organization.objects.filter(school__district=district, kind="branch", id__in=in_office)
        .annotate(size=Count("members", distinct=True), group_count=Count("groups", distinct=True))
        .filter(group_count__gt=0)
        .order_by("size", "id")
    )
    branch = candidates[len(candidates) * 3 // 4]
    secretary = branch.roles.get(role="secretary").user
    reviewer = DistrictReviewer.objects.filter(district=district).order_by("id").first().user
    members = Member.objects.filter(organization=branch).order_by("id")
    member = members.filter(movements__isnull=False).first() or members.first()
    record = (
        Activity.objects.held()
        .filter(organization=branch, kind="general_meeting")
        .order_by("-date", "-id")
        .first()
    )
    report = Report.objects.filter(organization=branch).order_by("-year").first()
    last_year = today.year - 1

    region = province_reviewer(district.province, secretary)
    print(f"user secretary {secretary.username}")
    print(f"user reviewer {reviewer.username}")
    print(f"user region {region.username}")
    pages = [
        ("secretary-home", "secretary", "secretary", "/"),
        ("ledger", "secretary", "heavy", f"/org/{branch.pk}/ledger/"),
        ("calendar", "secretary", "secretary", f"/org/{branch.pk}/calendar/"),
        ("roster", "secretary", "secretary", f"/org/{branch.pk}/members/"),
        ("member", "secretary", "secretary", f"/members/{member.pk}/"),
        ("record", "secretary", "secretary", f"/activities/{record.pk}/"),
        ("report", "reviewer", "heavy", f"/reports/{report.pk}/"),
        ("review-queue", "reviewer", "heavy", "/reports/review/"),
        ("district-overview", "reviewer", "overview", f"/districts/{district.pk}/overview/"),
        ("province-rollup", "region", "rollup", f"/rollup/province/{quote(district.province)}/"),
        # No target: the emptiest logged-in page (a message in the base template), the floor
        # under every page's share of /health/.
        ("logged-in-floor", "secretary", "reference", "/accounts/password/done/"),
    ]
    for name, role, kind, path in pages:
        print(f"page {name} {role} {kind} {path}")
    print(f"export ledger-xlsx secretary /org/{branch.pk}/ledger.xlsx?year={last_year}")
    print(f"export ledger-docx secretary /org/{branch.pk}/ledger.docx?year={last_year}")
    print(f"export district-zip reviewer /districts/{district.pk}/reports/{last_year - 1}.zip")
    organizations = Organization.objects.filter(school__district__in=scale.scale_districts())
    sizes = {
        "districts": scale.scale_districts().count(),
        "schools": School.objects.filter(district__in=scale.scale_districts()).count(),
        "organisations": organizations.count(),
        "branches": organizations.filter(kind="branch").count(),
        "members": Member.objects.filter(organization__in=organizations).count(),
        "activities": Activity.objects.filter(organization__in=organizations).count(),
        "attendance": Attendance.objects.count(),
        "reports": Report.objects.filter(organization__in=organizations).count(),
        "district": f"{district}({district.branches}branches)",
        "branch_members": members.count(),
        "branch_groups": branch.group_count,
    }
    print("sizes " + " ".join(f"{key}={value}" for key, value in sizes.items()))


if __name__ == "__main__":
    main()

"""Time of the roster import preview in /admin/ for 1,000 and 5,000 new members (in-process).

    .venv/bin/python bench/import_preview.py            # SQLite test database
    DATABASE_URL=postgres://root@127.0.0.1:5432/bench_import .venv/bin/python bench/import_preview.py
    .venv/bin/python bench/import_preview.py --profile 1000  # sizes, and the slowest functions

Creates a throwaway test database (Django's test-database machinery), a branch with a party
group and its staff secretary, writes a workbook of N valid rows (every column of the roster
filled in) and posts it to the import page as the secretary would: upload, read, check every
row, dry run, render the preview. Prints `preview rows=N seconds=.. queries=.. bytes=..` for
each size (the best of two runs; cpu_seconds is this process's CPU time, which other load on
the machine disturbs less than the wall clock), then the confirmation (saving) of the larger one.
"""

import cProfile
import datetime
import io
import os
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
os.environ.setdefault("SECRET_KEY", "bench-import-preview")

SIZES = (1_000, 5_000)
HEADERS = [
    "姓名",
    "性别",
    "民族",
    "出生日期",
    "学历",
    "工作单位",
    "职务或任教学科",
    "联系电话",
    "身份证号",
    "党小组",
    "党代表",
    "递交入党申请日期",
    "确定为入党积极分子日期",
    "确定为发展对象日期",
    "接收为预备党员日期",
    "转为正式党员日期",
    "备注",
]


def rows(count):
    from branches.validators import id_check_char

    for n in range(count):
        birth = datetime.date(1960 + n % 40, 1 + n % 12, 1 + n % 28)
        first17 = f"320411{birth:%Y%m%d}{n % 1000:03d}"
        yield [
            f"党员{n:05d}",
            "男" if n % 2 else "女",
            "汉族",
            birth,
            "大学本科",
            "测试小学",
            "语文",
            f"138{n:08d}",
            first17 + id_check_char(first17),
            "第一党小组" if n % 3 else "",
            "否",
            datetime.date(birth.year + 22, 3, 1),
            datetime.date(birth.year + 22, 9, 1),
            datetime.date(birth.year + 23, 3, 1),
            datetime.date(birth.year + 23, 7, 1),
            datetime.date(birth.year + 24, 7, 1),
            "",
        ]


def workbook(count):
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("名册")
    sheet.append(HEADERS)
    for row in rows(count):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def preview(client, organization, data):
    from django.urls import reverse

    upload = io.BytesIO(data)
    upload.name = "名册.xlsx"
    return client.post(
        reverse("admin:branches_member_import"),
        {"organization": organization.pk, "format": "0", "resource": "0", "import_file": upload},
    )


def measure(client, organization, data):
    from django.db import connection

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        start, cpu = time.perf_counter(), time.process_time()
        response = preview(client, organization, data)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert response.status_code == 200, response.status_code
    assert response.context["confirm_form"] is not None, "the preview refused the workbook"
    return seconds, cpu, queries, response


def setup_branch():
    from branches.models import District, Organization, OrganizationRole, PartyGroup, School
    from branches.services.roster import grant_roster_admin
    from portal.models import User

    district = District.objects.create(city="常州市", name="测试区")
    school = School.objects.create(district=district, name="测试小学")
    organization = Organization.objects.create(
        school=school, name="测试小学党支部", kind=Organization.Kind.BRANCH
    )
    PartyGroup.objects.create(organization=organization, name="第一党小组")
    user = User.objects.create_user(username="bench_secretary", display_name="书记")
    OrganizationRole.objects.create(
        user=user, organization=organization, role=OrganizationRole.Role.SECRETARY
    )
    grant_roster_admin(user=user)
    return organization, user


def main():
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment, teardown_test_environment
    from django.urls import reverse

    profile = "--profile" in sys.argv
    sizes = [int(arg) for arg in sys.argv[1:] if arg.isdigit()] or SIZES
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        organization, user = setup_branch()
        client = Client()
        client.force_login(user)
        for count in sizes:
            data = workbook(count)
            seconds, cpu, queries, _response = min(
                (measure(client, organization, data) for _run in range(2)),
                key=lambda result: result[0],
            )
            print(
                f"preview rows={count} seconds={seconds:.2f} cpu_seconds={cpu:.2f} "
                f"queries={queries} bytes={len(data)}"
            )
        if profile:
            profiler = cProfile.Profile()
            profiler.enable()
            preview(client, organization, data)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        _seconds, _cpu, _queries, response = measure(client, organization, data)
        form = response.context["confirm_form"]
        fields = {
            name: form.initial.get(name, field.initial) for name, field in form.fields.items()
        }
        start, cpu = time.perf_counter(), time.process_time()
        confirmed = client.post(reverse("admin:branches_member_process_import"), fields)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        assert confirmed.status_code == 302, confirmed.status_code
        print(f"confirm rows={count} seconds={seconds:.2f} cpu_seconds={cpu:.2f} (saved)")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()


if __name__ == "__main__":
    main()

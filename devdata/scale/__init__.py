"""A synthetic province for measuring the portal at scale (`manage.py generate_scale`).

`generate(sizes=..., seed=..., today=...)` writes districts, schools, organisations, members with
their history, committees, accounts, about 55 activity records per branch and year with attendance,
and yearly reports in every review state, with bulk inserts (COPY on PostgreSQL). `reset()` removes
exactly the generated rows (districts whose city ends with CITY_SUFFIX and `scale_` accounts).

It lives in `devdata` (nothing imports it) because it writes every app's rows, reports included.
"""

import datetime
import random
import time
from dataclasses import asdict, dataclass

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from branches.models import (
    Activity,
    AgendaItem,
    AppraisalResult,
    Attachment,
    Attendance,
    Committee,
    CommitteePost,
    DeletedActivity,
    District,
    DistrictReviewer,
    Honour,
    Member,
    Movement,
    Organization,
    OrganizationRole,
    PartyGroup,
    School,
)
from portal.models import User
from reports.models import Report, ReportVersion, ReviewComment

from .province import CITY_SUFFIX, USERNAME_PREFIX, build
from .records import RecordWriter
from .sink import Sink
from .yearly import ReportWriter

DEFAULT_PASSWORD = "scale-password-2024"


@dataclass(frozen=True)
class Sizes:
    districts: int = 20
    schools: int = 2000
    organizations: int = 3000
    members: int = 60000
    years: int = 10

    @classmethod
    def scaled(cls, factor, **overrides):
        """The defaults times `factor` (years stay), then explicit overrides, kept consistent."""
        base = cls()
        values = {
            "districts": max(2, round(base.districts * factor)),
            "schools": round(base.schools * factor),
            "organizations": round(base.organizations * factor),
            "members": round(base.members * factor),
            "years": base.years,
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        values["schools"] = max(values["schools"], values["districts"])
        values["organizations"] = max(values["organizations"], values["schools"])
        # Every branch needs a handful of members (at most one parent per two branches).
        values["members"] = max(values["members"], 5 * values["organizations"])
        values["years"] = max(1, values["years"])
        return cls(**values)

    def describe(self):
        return ", ".join(f"{key}={value}" for key, value in asdict(self).items())


def scale_districts():
    return District.objects.filter(city__endswith=CITY_SUFFIX)


def exists():
    return (
        scale_districts().exists()
        or User.objects.filter(username__startswith=USERNAME_PREFIX).exists()
    )


def _log(stdout, message, started):
    if stdout is not None:
        stdout.write(f"[{time.monotonic() - started:7.1f}s] {message}")


def generate(
    *, sizes, seed=1, today=None, password=DEFAULT_PASSWORD, check_references=True, stdout=None
):
    """Write the province; returns {table: rows written}. The caller checks `exists()` first."""
    started = time.monotonic()
    today = today or datetime.date.today()
    start = datetime.date(today.year - sizes.years + 1, 1, 1)
    now = timezone.now()
    rng = random.Random(seed)
    sink = Sink(check_references=check_references)
    _log(stdout, f"province {sizes.describe()}, seed {seed}, records {start} .. {today}", started)
    province = build(
        rng, sink, sizes, start=start, today=today, password_hash=make_password(password), now=now
    )
    sink.flush()
    _log(stdout, f"{len(province.branches)} branches, {sink['member'].written} members", started)
    records = RecordWriter(rng, sink, start=start, today=today, now=now)
    yearly = ReportWriter(rng, sink, start=start, today=today, now=now)
    for number, branch in enumerate(province.branches, start=1):
        records.branch(branch)
        yearly.branch(branch, province.reviewer_ids[branch.district_index])
        if number % 250 == 0:
            _log(
                stdout,
                f"{number} branches: {records.activities.next_id} activity ids, "
                f"{records.attendance.written + len(records.attendance.rows)} attendance rows",
                started,
            )
    sink.finish()
    counts = {key: table.written for key, table in sink.tables.items()}
    _log(stdout, "done: " + ", ".join(f"{k} {v}" for k, v in counts.items()), started)
    return counts


# Children first, so each DELETE leaves nothing pointing at the rows it removes.
def _reset_statements():
    def table(model):
        return connection.ops.quote_name(model._meta.db_table)

    districts = f"SELECT id FROM {table(District)} WHERE city LIKE %s"
    schools = f"SELECT id FROM {table(School)} WHERE district_id IN ({districts})"
    orgs = f"SELECT id FROM {table(Organization)} WHERE school_id IN ({schools})"
    activities = f"SELECT id FROM {table(Activity)} WHERE organization_id IN ({orgs})"
    members = f"SELECT id FROM {table(Member)} WHERE organization_id IN ({orgs})"
    reports = f"SELECT id FROM {table(Report)} WHERE organization_id IN ({orgs})"
    committees = f"SELECT id FROM {table(Committee)} WHERE organization_id IN ({orgs})"
    users = f"SELECT id FROM {table(User)} WHERE username LIKE %s"
    return [
        (ReviewComment, f"report_id IN ({reports})"),
        (ReportVersion, f"report_id IN ({reports})"),
        (Report, f"organization_id IN ({orgs})"),
        (Attendance, f"activity_id IN ({activities})"),
        (AgendaItem, f"activity_id IN ({activities})"),
        (AppraisalResult, f"activity_id IN ({activities})"),
        (Attachment, f"activity_id IN ({activities})"),
        (Activity, f"organization_id IN ({orgs})"),
        (DeletedActivity, f"organization_id IN ({orgs})"),
        (CommitteePost, f"committee_id IN ({committees})"),
        (Committee, f"organization_id IN ({orgs})"),
        (Honour, f"organization_id IN ({orgs})"),
        (Movement, f"member_id IN ({members})"),
        (Member, f"organization_id IN ({orgs})"),
        (PartyGroup, f"organization_id IN ({orgs})"),
        (OrganizationRole, f"organization_id IN ({orgs}) OR user_id IN ({users})"),
        (DistrictReviewer, f"district_id IN ({districts}) OR user_id IN ({users})"),
        (Organization, f"school_id IN ({schools}) AND parent_id IS NOT NULL"),
        (Organization, f"school_id IN ({schools})"),
        (School, f"district_id IN ({districts})"),
        (District, "city LIKE %s"),
        (User, "username LIKE %s"),
    ]


@transaction.atomic
def reset(stdout=None):
    """Delete every generated row (and nothing else)."""
    started = time.monotonic()
    city, username = f"%{CITY_SUFFIX}", f"{USERNAME_PREFIX}%"
    with connection.cursor() as cursor:
        for model, where in _reset_statements():
            params = [
                username if part.rstrip().endswith("username LIKE") else city
                for part in where.split("%s")[:-1]
            ]
            cursor.execute(
                f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)} WHERE {where}",
                params,
            )
            _log(stdout, f"deleted {cursor.rowcount} from {model._meta.db_table}", started)

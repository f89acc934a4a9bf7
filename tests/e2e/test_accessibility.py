"""Every page passes axe-core (WCAG 2.1 A/AA, axe's best practices and the 24 px tap targets of
WCAG 2.2) without a serious or critical violation, at phone width (390x844) and on a laptop (1366x768).

The pages are those of the permission matrix (tests/permission_cases.py): each GET case is opened
by the first role allowed to see it, and a page every user may open (the home page, the password
change) by each role, since what it shows depends on the role. A few /admin/ pages are added:
the matrix leaves the admin out. axe-core is vendored under tests/e2e/assets/ (static/vendor/
VERSIONS.md) and injected through an init script, which the Content-Security-Policy does not block.

One browser for the module, one context (one login) per role and viewport, so the whole check
takes about a minute or two.
"""

import datetime
import json
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from tests import factories
from tests.clock import TODAY
from tests.permission_cases import CASES

TIMEOUT_MS = 10_000
AXE = Path(__file__).parent / "assets" / "axe-core" / "axe.min.js"
SIZES = {
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
    "laptop": {"viewport": {"width": 1366, "height": 768}},
}
# Which role opens a page: the first allowed one in this order.
ROLE_ORDER = (
    "secretary_a",
    "reviewer_d1",
    "admin",
    "secretary_b",
    "outsider",
    "anonymous",
    "member_a",
)
FAILING_IMPACTS = ("serious", "critical")
ADMIN_PAGES = (
    "admin:index",
    "admin:branches_member_changelist",
    "admin:branches_member_add",
    "admin:branches_activity_changelist",
)

RUN_AXE = """async (impacts) => {
  const result = await axe.run(document, {
    resultTypes: ["violations"],
    rules: {"target-size": {enabled: true}},  // WCAG 2.2's 24 px tap targets; off by default
  });
  return result.violations.filter(v => impacts.includes(v.impact)).map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map(n => n.target.join(" ") + " :: " + n.failureSummary.split("\\n").slice(1, 2).join(""))
  }));
}"""


def populate(world):
    """Enough records that lists, tables, charts and histories have rows to check."""
    people = [
        factories.member(world.branch_a, name, group=world.group_a)
        for name in ("王芳", "李强", "张敏", "陈静", "刘洋")
    ]
    factories.committee(world.branch_a, people[:3], start=datetime.date(TODAY.year - 1, 1, 1))
    factories.HonourFactory(organization=world.branch_a)
    for year in (factories.PAST_YEAR, TODAY.year):
        months = range(1, 13) if year < TODAY.year else range(1, TODAY.month)
        factories.keep_up(
            world.branch_a, months, absent=2, study_hours="2.5", volunteer_hours="3", year=year
        )
    other = factories.second_branch(world)
    factories.keep_up(other, [1, 3, 5], absent=1)
    record = factories.record(
        world.branch_a, "committee_meeting", datetime.date(TODAY.year, 2, 3), topic="研究发展党员"
    )
    record.topic = "研究发展党员工作"
    record.save()


def pages_by_role(world):
    """{role: [path, ...]} of every HTML page of the matrix, as explained above."""
    pages = defaultdict(list)
    for case in CASES:
        if case.method != "get":
            continue
        allowed = [role for role in ROLE_ORDER if case.expect[role] == 200]
        if not allowed:
            continue
        roles = allowed if case.expect["outsider"] == 200 else allowed[:1]
        try:
            with transaction.atomic():
                kwargs = case.kwargs(world) if case.kwargs else None
        except (ValidationError, IntegrityError):
            continue  # clashes with a record an earlier case made; the matrix checks it alone
        path = reverse(case.name, kwargs=kwargs)
        if case.data:
            path += "?" + urlencode(case.data(world))
        for role in roles:
            pages[role].append(path)
    pages["admin"] += [reverse(name) for name in ADMIN_PAGES]
    return pages


def check(page, url):
    """axe's serious and critical violations of the page at `url`, or None if it is no HTML page."""
    try:
        response = page.goto(url)
    except PlaywrightError as error:
        if "Download is starting" in str(error):
            return None  # an export or an attachment
        raise
    assert response.ok, (url, response.status)
    if not response.headers.get("content-type", "").startswith("text/html"):
        return None
    return page.evaluate(RUN_AXE, list(FAILING_IMPACTS))


@pytest.mark.parametrize("size", list(SIZES))
def test_no_serious_or_critical_axe_violation_on_any_page(
    size, browser, live_server, world, login, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    populate(world)
    found = {}
    checked = 0
    for role, paths in pages_by_role(world).items():
        context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **SIZES[size])
        context.set_default_timeout(TIMEOUT_MS)
        context.add_init_script(path=str(AXE))
        page = context.new_page()
        try:
            user = world.user(role)
            if user is not None:
                login(page, user)
            for path in paths:
                violations = check(page, live_server.url + path)
                if violations is None:
                    continue
                checked += 1
                if violations:
                    found[f"{role} {path}"] = violations
        finally:
            context.close()
    assert checked >= 30
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)

"""Every installed app's `reminders` module gives its items in one shape, and the reminders of
a branch come from the same rules as its pages (a returned report, members in dues arrears)."""

import datetime

from branches.reminders import todo_reminders
from branches.selectors.compliance import secretary_todo
from notifications.providers import FIELDS, collect, providers
from tests import factories
from tests.clock import TODAY


def test_the_apps_reminders_are_found_and_share_one_shape(world):
    modules = {provider.__module__ for provider in providers()}
    assert {"branches.reminders", "dues.reminders", "reports.reminders"} <= modules
    factories.returned(world)
    for provider in providers():
        for item in provider([world.branch_a], TODAY):
            assert set(item) == set(FIELDS), (provider.__module__, item)
            assert item["organization"] == world.branch_a
            assert item["url"].startswith("/")
            assert isinstance(item["overdue"], bool)
            assert item["due"] is None or isinstance(item["due"], datetime.date)


def test_a_branch_is_reminded_of_its_to_do_its_returned_report_and_its_arrears(world):
    report = factories.returned(world)
    payer = factories.member(world.branch_a, "欠费人")
    factories.dues_base(payer, 4000, month=datetime.date(TODAY.year - 1, 1, 1))
    items = collect([world.branch_a], TODAY)[world.branch_a.id]
    (todo,) = secretary_todo([world.branch_a], today=TODAY)
    to_do = todo_reminders(todo)
    assert items[: len(to_do)] == to_do
    titles = [item["title"] for item in items]
    assert f"《{report.title}》已退回修改，请修改后重新提交" in titles
    assert any(title.startswith("欠费人 欠交党费") for title in titles)
    # Another branch's reminders are its own.
    others = collect([world.branch_b], TODAY)[world.branch_b.id]
    assert all(item["organization"] == world.branch_b for item in others)
    assert not any("欠费人" in item["title"] for item in others)

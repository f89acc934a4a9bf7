"""The digest of a demo branch says what its home page's to-do says (one definition: the to-do
of branches.selectors.compliance, the dues arrears, the returned reports, the development
deadlines of development.selectors.due_rows), and the demo accounts see their reminders in the
bell at once."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from branches.models import Organization
from branches.selectors.compliance import secretary_todo
from development.selectors import due_rows
from dues.selectors.bills import arrears_book
from portal.models import User
from reports.models import Report
from tests.clock import TODAY


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_db(demo, db):
    return demo


def todo_lines(organization):
    """The lines of the branch's to-do panel on the home page, as the panel words them."""
    (todo,) = secretary_todo([organization], today=TODAY)
    lines = [f"{slot.window.label} · {slot.label}" for slot in (*todo.month, *todo.quarter)]
    lines += [f"本年度 · {slot.label}" for slot in todo.year]
    lines += [f"{window} · {slot.label}" for window, slot in todo.overdue_items]
    lines += [f"{a.date:%m-%d} {a.get_kind_display()}" for a in todo.planned]
    lines += [f"{warning.due_on}" for warning in todo.committee]
    return lines


def test_the_digest_of_a_demo_branch_is_its_to_do(demo_db, mailoutbox, client):
    jiaze = Organization.objects.get(name="嘉泽中心小学党支部")
    call_command("send_digests", stdout=StringIO())
    (message,) = [m for m in mailoutbox if m.to == ["sec_jiaze@example.com"]]
    items = [line[2:] for line in message.body.splitlines() if line.startswith("- ")]

    expected = todo_lines(jiaze)
    arrears = arrears_book({jiaze.id}, TODAY).arrears(TODAY)
    returned = Report.objects.returned().filter(organization=jiaze)
    development = [
        f"{row.member.name}：{due.title}" for row in due_rows({jiaze.id}, TODAY) for due in row.due
    ]
    assert development  # people in development on the demo roster, with or without a pipeline
    # One line per to-do line, per member in arrears, per returned report, per development step
    # due (the development app's alone: the to-do has none); nothing else.
    assert len(items) == len(expected) + len(arrears) + returned.count() + len(development)
    for line in expected + development:
        assert sum(line in item for item in items) >= 1, (line, items)
    for record in arrears:
        assert any(item.startswith(f"{record.member.name} 欠交党费") for item in items)

    # The home page shows the same to-do to the same secretary.
    client.force_login(User.objects.get(username="sec_jiaze"))
    home = client.get(reverse("home")).content.decode()
    for slot_line in expected[: len(expected) // 2]:
        assert slot_line.split(" · ")[-1] in home


def test_demo_accounts_have_their_reminders_in_the_bell_after_load_demo(demo_db, client):
    secretary = User.objects.get(username="sec_longhutang")
    assert secretary.email == "sec_longhutang@example.com"
    assert secretary.unread_notifications > 0
    client.force_login(secretary)
    home = client.get(reverse("home")).content.decode()
    assert f">{secretary.unread_notifications}<" in home
    # 龙虎塘's report was returned with comments (README walk-through, step 3).
    page = client.get(reverse("notifications:list")).content.decode()
    assert "已退回修改，请修改后重新提交" in page

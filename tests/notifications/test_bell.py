"""The bell on every page: the number of unread reminders, read with the user the request loads
anyway (no query of its own); the list brings the reminders up to date; opening one marks it
read."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications import services
from notifications.models import Notification
from tests import factories
from tests.clock import TODAY


def bell(client, url=None):
    """The bell's text on a page ("" when it shows no number)."""
    html = client.get(url or reverse("home")).content.decode()
    start = html.index('class="nav-link portal-bell"')
    return html[start : html.index("</a>", start)]


def test_the_list_brings_the_branch_to_do_and_the_bell_counts_it_on_every_page(world, client_for):
    client = client_for(world.secretary_a)
    assert "badge" not in bell(client)  # nothing synced yet
    page = client.get(reverse("notifications:list")).content.decode()
    assert "本年度 · 民主评议党员" in page
    count = Notification.objects.unread().filter(user=world.secretary_a).count()
    assert count > 0
    for url in (reverse("home"), reverse("branches:ledger", args=[world.branch_a.pk])):
        assert f">{count}<" in bell(client, url)


def test_opening_a_notification_marks_it_read_and_goes_where_it_points(world, client_for):
    client = client_for(world.secretary_a)
    client.get(reverse("notifications:list"))
    before = Notification.objects.unread().filter(user=world.secretary_a).count()
    notification = Notification.objects.unread().filter(user=world.secretary_a).first()
    response = client.get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == notification.url
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert f">{before - 1}<" in bell(client)
    # Read stays read when the list is brought up to date again.
    client.get(reverse("notifications:list"))
    notification.refresh_from_db()
    assert notification.read_at is not None and notification.resolved_at is None


def test_a_done_item_leaves_the_list_and_the_bell(world, client_for):
    client = client_for(world.secretary_a)
    client.get(reverse("notifications:list"))
    title = f"{TODAY.month}月 · 主题党日"
    assert Notification.objects.current().filter(user=world.secretary_a, title=title).exists()
    factories.held(world.branch_a, "theme_day", TODAY.replace(day=1))
    page = client.get(reverse("notifications:list")).content.decode()
    assert title not in page
    assert not Notification.objects.current().filter(user=world.secretary_a, title=title).exists()
    world.secretary_a.refresh_from_db()
    assert world.secretary_a.unread_notifications == (
        Notification.objects.unread().filter(user=world.secretary_a).count()
    )


def test_read_all_empties_the_bell(world, client_for):
    client = client_for(world.secretary_a)
    client.get(reverse("notifications:list"))
    client.post(reverse("notifications:read_all"))
    assert "badge" not in bell(client)


def test_a_notification_pointing_elsewhere_is_not_followed_off_the_portal(world, client_for):
    notification = Notification.objects.create(
        user=world.secretary_a, key="x", kind="x", title="x", url="//evil.example/"
    )
    response = client_for(world.secretary_a).get(
        reverse("notifications:open", args=[notification.pk])
    )
    assert response["Location"] == reverse("notifications:list")


def test_a_user_without_a_role_has_an_empty_list(world, client_for):
    page = client_for(world.outsider).get(reverse("notifications:list")).content.decode()
    assert "暂无提醒" in page


def test_the_bell_costs_no_query_whatever_the_number_of_notifications(world, client_for):
    client = client_for(world.secretary_a)
    url = reverse("branches:organization", args=[world.branch_a.pk])
    client.get(url)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    none = queries()
    items = [
        {
            "organization": world.branch_a,
            "kind": "activity_due",
            "title": f"事项 {n}",
            "due": TODAY + datetime.timedelta(days=n),
            "overdue": False,
            "url": "/",
        }
        for n in range(40)
    ]
    services.sync(user=world.secretary_a, items=items)
    assert ">40<" in bell(client, url)
    assert queries() == none
    assert not any("notifications_notification" in q["sql"] for q in _captured(client, url))


def _captured(client, url):
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return captured.captured_queries

"""The weekly digest: sent through SMTP (a local server the test starts, aiosmtpd) with the
branch's to-do and an unsubscribe link that works without logging in; once a week at most;
nothing when nothing is due; nothing for who unsubscribed or did not choose it."""

import datetime
import email
import re
import socket
from email import policy
from io import StringIO

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.urls import reverse

from branches.models import OrganizationRole
from branches.selectors.compliance import secretary_todo
from notifications.models import Digest, DigestSetting
from tests import factories
from tests.clock import TODAY

NEXT_WEEK = (TODAY + datetime.timedelta(days=7)).isoformat()
UNSUBSCRIBE = re.compile(r"http://portal\.test(/notifications/unsubscribe/[^/\s]+/)")


class Inbox:
    """An aiosmtpd handler keeping what it receives."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((envelope.rcpt_tos, message))
        return "250 Message accepted for delivery"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    """A real SMTP server on localhost; the portal's e-mail settings point at it."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.DEFAULT_FROM_EMAIL = "党建台账 <noreply@portal.test>"
    settings.PORTAL_URL = "http://portal.test"
    yield inbox
    controller.stop()


@pytest.fixture
def mail_world(world, settings):
    settings.PORTAL_URL = "http://portal.test"
    for user in (world.secretary_a, world.secretary_b, world.reviewer_d1, world.outsider):
        user.email = f"{user.username}@school.test"
        user.save(update_fields=["email"])
    return world


def send(*args):
    out = StringIO()
    call_command("send_digests", *args, stdout=out)
    return out.getvalue()


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def test_digest_goes_through_smtp_and_its_unsubscribe_link_works_without_login(
    mail_world, smtp, client
):
    world = mail_world
    send()
    received = {tuple(to): message for to, message in smtp.messages}
    # Both secretaries have something due; the reviewer has no report waiting; the outsider has
    # no role.
    assert set(received) == {("secretary_a@school.test",), ("secretary_b@school.test",)}
    message = received[("secretary_a@school.test",)]
    assert message["Subject"].startswith("党建台账 · 本周提醒")
    text = text_of(message)
    assert "龙虎塘第二实验小学党支部" in text
    assert "大坪小学第一党支部" not in text  # only the secretary's own branch
    (todo,) = secretary_todo([world.branch_a], today=TODAY)
    for slot in todo.month:
        assert f"{slot.window.label} · {slot.label}" in text
    assert "本年度 · 民主评议党员" in text
    # The HTML part has the same links.
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f"/org/{world.branch_a.pk}/calendar/" in html

    link = UNSUBSCRIBE.search(text)
    assert link, text
    assert message["List-Unsubscribe"].strip() == f"<http://portal.test{link.group(1)}>"
    client.logout()
    response = client.get(link.group(1))
    assert response.status_code == 200
    assert "已退订" in response.content.decode()
    assert DigestSetting.objects.get(user=world.secretary_a).email_digest is False

    # The next week: secretary B receives hers, secretary A (unsubscribed) nothing.
    smtp.messages.clear()
    send("--date", NEXT_WEEK)
    assert [to for to, _message in smtp.messages] == [["secretary_b@school.test"]]

    # 重新订阅 from the same page (a POST with the link's token, still without login).
    response = client.post(link.group(1))
    assert "已重新订阅" in response.content.decode()
    assert DigestSetting.objects.get(user=world.secretary_a).email_digest is True


def test_running_twice_in_a_week_sends_once(mail_world, mailoutbox):
    send()
    send()
    to_a = [m for m in mailoutbox if m.to == ["secretary_a@school.test"]]
    assert len(to_a) == 1
    assert Digest.objects.filter(user=mail_world.secretary_a).count() == 1
    send("--date", NEXT_WEEK)
    assert len([m for m in mailoutbox if m.to == ["secretary_a@school.test"]]) == 2


def test_a_week_with_nothing_due_sends_nothing_and_a_waiting_report_sends_a_summary(
    mail_world, mailoutbox
):
    world = mail_world
    send()
    assert not [m for m in mailoutbox if m.to == ["reviewer_d1@school.test"]]
    report = factories.submitted(world)
    send("--date", NEXT_WEEK)
    (summary,) = [m for m in mailoutbox if m.to == ["reviewer_d1@school.test"]]
    assert "待审阅的年度报告（1 份）" in summary.body
    assert f"《{report.title}》" in summary.body
    assert f"http://portal.test/reports/{report.pk}/" in summary.body
    # A summary of what waits: no figures of one branch against another.
    assert "排名" not in summary.body and "名次" not in summary.body


def test_committee_members_receive_it_only_when_they_choose_it(world, client_for, mailoutbox):
    member = factories.UserFactory(username="committee_a", email="committee_a@school.test")
    factories.OrganizationRoleFactory(
        user=member, organization=world.branch_a, role=OrganizationRole.Role.COMMITTEE
    )
    send()
    assert not [m for m in mailoutbox if m.to == ["committee_a@school.test"]]

    client = client_for(member)
    page = client.get(reverse("notifications:settings")).content.decode()
    assert "支委默认不接收" in page
    response = client.post(reverse("notifications:settings"), {"email_digest": "on"})
    assert response.status_code == 302
    send()
    assert len([m for m in mailoutbox if m.to == ["committee_a@school.test"]]) == 1


def test_a_secretary_who_turns_it_off_gets_nothing(mail_world, client_for, mailoutbox):
    client = client_for(mail_world.secretary_a)
    assert "checked" in client.get(reverse("notifications:settings")).content.decode()
    client.post(reverse("notifications:settings"), {})
    send()
    assert not [m for m in mailoutbox if m.to == ["secretary_a@school.test"]]
    # The bell keeps its reminders: the digest setting is about e-mail only.
    mail_world.secretary_a.refresh_from_db()
    assert mail_world.secretary_a.unread_notifications > 0


def test_a_failed_send_is_retried_on_the_next_run(mail_world, settings, mailoutbox):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nobody listens there
    settings.EMAIL_TIMEOUT = 2
    with pytest.raises(Exception, match="未能发送"):
        send()
    assert not Digest.objects.exists()
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send()
    assert Digest.objects.filter(user=mail_world.secretary_a).count() == 1


def test_the_date_must_be_a_date(db):
    with pytest.raises(Exception, match="YYYY-MM-DD"):
        send("--date", "next monday")

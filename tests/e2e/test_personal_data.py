"""The secretary taps 显示 on a member page: the full 身份证号 appears in place (htmx, under the
strict CSP) and the reveal is in the audit trail; the page held only the mask before."""

from django.urls import reverse

from branches.models import PersonalDataReveal
from tests.clock import TODAY
from tests.factories import MemberFactory, make_id_number

ID_NUMBER = make_id_number(TODAY.replace(year=1980, month=5, day=1), male=False)


def test_secretary_reveals_an_id_number_with_one_tap(world, page, login, live_server):
    member = MemberFactory(organization=world.branch_a, name="王丽先", id_number=ID_NUMBER)
    login(page, world.secretary_a)
    page.goto(live_server.url + reverse("branches:member", args=[member.pk]))
    field = page.locator("#member-id-number")
    assert ID_NUMBER not in page.content()
    assert ID_NUMBER[:4] + "*" * 10 + ID_NUMBER[-4:] in field.inner_text()
    url_before = page.url
    field.get_by_role("button", name="显示").click()
    field.get_by_text(ID_NUMBER).wait_for()
    assert page.url == url_before  # swapped in place, no page load
    assert "本次查看已记录" in field.inner_text()
    reveal = PersonalDataReveal.objects.get()
    assert (reveal.user, reveal.member, reveal.field) == (world.secretary_a, member, "id_number")

"""Bad input on the member pages never breaks anything: typed codes, picked members, forged
credential sheets and conflict clicks answer with a page and a Chinese message, never a 500,
and save nothing."""

import pytest
from django.core.cache import cache
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from branches.models import Attendance
from selfservice.models import AttendanceCode, AttendanceConfirmation, MemberAccount
from tests import factories
from tests.clock import TODAY

FUZZ = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Surrogates cannot be sent by a browser (the test client cannot encode them either).
text = st.one_of(
    st.text(st.characters(exclude_categories=["Cs", "Cc"]), max_size=40),
    st.sampled_from(["", " ", "k7m4p9", "K7M4P9 ", "𠀀𪚥", "０００", "../", "%00", "ＡＢＣＤＥＦ"]),
)


@pytest.fixture
def setup(world):
    cache.clear()
    person = factories.member(world.branch_a, "王芳")
    meeting = factories.record(world.branch_a, "theme_day", TODAY, absences={person.pk: "sick"})
    AttendanceCode.objects.create(activity=meeting, code="K7M4P9")
    return factories.member_account(person), meeting


@FUZZ
@given(typed=text)
def test_typed_codes_never_break_the_confirmation(world, setup, client_for, typed):
    account, meeting = setup
    cache.clear()
    client = client_for(account.user)
    response = client.get(reverse("selfservice:enter"), {"code": typed}, follow=True)
    assert response.status_code in (200, 404, 410)
    page = response.content.decode()
    # The only code that opens anything is the meeting's own; anything else is the code form.
    if "".join(ch for ch in typed.upper() if ch.isalnum()) == "K7M4P9":
        assert "我参加了" in page
    else:
        assert "签到码" in page and "我参加了" not in page
    assert not AttendanceConfirmation.objects.exists()


@FUZZ
@given(picked=st.lists(st.one_of(text, st.integers(-5, 10**12).map(str)), max_size=4))
def test_picked_members_never_break_the_accounts_page(world, setup, client_for, picked):
    before = MemberAccount.objects.count()
    response = client_for(world.secretary_a).post(
        reverse("selfservice:accounts", args=[world.branch_a.pk]), {"members": picked}
    )
    assert response.status_code in (200, 400)
    if response.status_code == 400:
        assert MemberAccount.objects.count() == before


@FUZZ
@given(sheet=text, version=text)
def test_forged_sheets_and_versions_are_refused(world, setup, client_for, sheet, version):
    account, meeting = setup
    client = client_for(world.secretary_a)
    response = client.post(
        reverse("selfservice:credential_sheet", args=[world.branch_a.pk]), {"sheet": sheet}
    )
    assert response.status_code == 400
    person = account.member
    url = reverse("selfservice:mark_present", args=[meeting.pk, person.pk])
    meeting.refresh_from_db()
    if _as_int(version) != meeting.lock_version:  # the right version marks present, see above
        response = client.post(url, {"lock_version": version}, follow=True)
        assert "已被修改" in response.content.decode()
        assert not Attendance.objects.get(activity=meeting, member=person).present


def _as_int(value):
    try:
        return int(value)
    except ValueError:
        return None

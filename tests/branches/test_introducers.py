"""入党介绍人 (two full members of the organisation on the admission day, or people from
elsewhere) and 党龄 (full years since becoming a full member) on the member page and the export."""

import datetime
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from branches.models import Member, Movement
from branches.services.roster import record_movement
from tests.clock import TODAY
from tests.factories import MemberFactory

D = datetime.date


@pytest.fixture
def sponsors(world):
    return {
        "钱丽美": MemberFactory(
            organization=world.branch_a, name="钱丽美", full_date=D(2006, 7, 1)
        ),
        "陆志坚": MemberFactory(
            organization=world.branch_a, name="陆志坚", full_date=D(2010, 7, 1)
        ),
        "王燕": MemberFactory(
            organization=world.branch_a,
            name="王燕",
            admission_date=D(2019, 5, 1),
            full_date=D(2020, 5, 1),
        ),
    }


def _newcomer(world, **fields):
    return Member(
        organization=world.branch_a,
        name="许华章",
        birth_date=D(1995, 3, 1),
        application_date=D(2018, 3, 1),
        activist_date=D(2018, 9, 1),
        candidate_date=D(2019, 10, 1),
        admission_date=D(2020, 4, 20),
        **fields,
    )


def test_two_full_members_on_the_admission_day_are_accepted(world, sponsors):
    person = _newcomer(world, introducer_1=sponsors["钱丽美"], introducer_2=sponsors["陆志坚"])
    person.full_clean()
    assert person.introducer_names == ["钱丽美", "陆志坚"]


def test_a_probationary_member_on_the_admission_day_cannot_introduce(world, sponsors):
    # 王燕 became a full member on 2020-05-01, eleven days after the admission.
    person = _newcomer(world, introducer_1=sponsors["钱丽美"], introducer_2=sponsors["王燕"])
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "王燕 在 2020-04-20（接收为预备党员之日）不是本组织的正式党员" in str(
        error.value.message_dict["introducer_2"]
    )


def test_an_introducer_transferred_in_after_the_admission_is_refused(world, sponsors):
    record_movement(member=sponsors["陆志坚"], kind=Movement.Kind.TRANSFER_IN, date=D(2021, 1, 1))
    sponsors["陆志坚"].refresh_from_db()
    person = _newcomer(world, introducer_1=sponsors["陆志坚"])
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert "introducer_1" in error.value.message_dict


def test_introducers_from_elsewhere_are_named_and_two_at_most(world, sponsors):
    person = _newcomer(world, introducer_1=sponsors["钱丽美"], introducers_elsewhere="周文静")
    person.full_clean()
    assert person.introducer_names == ["钱丽美", "周文静"]
    person.introducers_elsewhere = "周文静、严国俊"
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert error.value.message_dict["introducers_elsewhere"] == ["入党介绍人为两名，不能超过两人。"]


def test_the_same_person_twice_is_refused(world, sponsors):
    person = _newcomer(world, introducer_1=sponsors["钱丽美"], introducer_2=sponsors["钱丽美"])
    with pytest.raises(ValidationError) as error:
        person.full_clean()
    assert error.value.message_dict["introducer_2"] == ["两名入党介绍人不能是同一人。"]


def test_party_years_count_full_years_from_becoming_a_full_member():
    person = Member(admission_date=D(2005, 7, 1), full_date=D(2006, 7, 1))
    assert person.party_years(D(2006, 6, 30)) is None
    assert person.party_years(D(2006, 7, 1)) == 0
    assert person.party_years(D(2013, 6, 30)) == 6
    assert person.party_years(D(2013, 7, 1)) == 7
    assert Member(admission_date=D(2025, 1, 1)).party_years(D(2025, 6, 1)) is None


def test_member_form_saves_introducers_and_refuses_a_wrong_one_next_to_the_field(
    world, client_for, sponsors
):
    person = MemberFactory(
        organization=world.branch_a,
        name="许华章",
        admission_date=D(2020, 4, 20),
        full_date=D(2021, 4, 20),
    )
    client = client_for(world.secretary_a)
    url = reverse("branches:member_edit", args=[person.pk])
    form = client.get(url).context["form"]
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    data.update(
        introducer_1=sponsors["钱丽美"].pk,
        introducer_2=sponsors["王燕"].pk,
        introducers_elsewhere="",
        lock_version=person.lock_version,
    )
    for name in ("birth_date", "admission_date", "full_date"):
        data[name] = getattr(person, name).isoformat()
    data = {k: v for k, v in data.items() if v is not None}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "不能作入党介绍人" in response.context["form"].errors["introducer_2"][0]
    data["introducer_2"] = sponsors["陆志坚"].pk
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("branches:member", args=[person.pk])).content.decode()
    assert "钱丽美、陆志坚" in page
    years = TODAY.year - 2021 - (1 if (TODAY.month, TODAY.day) < (4, 20) else 0)
    assert f"{years} 年" in page


def test_the_roster_export_has_introducers_and_party_years(world, client_for, sponsors):
    MemberFactory(
        organization=world.branch_a,
        name="许华章",
        admission_date=D(2020, 4, 20),
        full_date=D(2021, 4, 20),
        introducer_1=sponsors["钱丽美"],
        introducers_elsewhere="周文静",
    )
    url = reverse("branches:members_export", args=[world.branch_a.pk])
    response = client_for(world.secretary_a).get(url)
    sheet = openpyxl.load_workbook(io.BytesIO(response.getvalue())).active
    rows = [list(row) for row in sheet.values]
    header = rows[0]
    row = next(r for r in rows[1:] if r[header.index("姓名")] == "许华章")
    assert row[header.index("入党介绍人")] == "钱丽美、周文静"
    years = TODAY.year - 2021 - (1 if (TODAY.month, TODAY.day) < (4, 20) else 0)
    assert row[header.index("党龄（年）")] == years

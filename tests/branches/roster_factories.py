"""Factories for roster records (members, committees, honours)."""

import datetime

import factory

from branches.models import Committee, CommitteePost, Honour, Member
from branches.validators import id_check_char
from tests.factories import OrganizationFactory


def make_id_number(birth, region="320411", sequence=123, male=True):
    """A valid 18-digit 身份证号 for a birth date (GB 11643 check digit)."""
    order = sequence * 10 % 1000 + (1 if male else 0)
    first17 = f"{region}{birth:%Y%m%d}{order:03d}"
    return first17 + id_check_char(first17)


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"党员{n}")
    gender = Member.Gender.FEMALE
    birth_date = datetime.date(1980, 5, 1)
    admission_date = datetime.date(2005, 7, 1)
    full_date = datetime.date(2006, 7, 1)


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee

    organization = factory.SubFactory(OrganizationFactory)
    term_start = datetime.date(2024, 1, 10)
    term_end = datetime.date(2027, 1, 10)


class CommitteePostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteePost

    committee = factory.SubFactory(CommitteeFactory)
    member = factory.SubFactory(
        MemberFactory, organization=factory.SelfAttribute("..committee.organization")
    )
    post = CommitteePost.Post.SECRETARY


class HonourFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Honour

    organization = factory.SubFactory(OrganizationFactory)
    recipient = Honour.Recipient.ORGANIZATION
    title = "先进基层党组织"
    level = Honour.Level.DISTRICT
    year = 2021
    awarded_by = "区委教育工委"

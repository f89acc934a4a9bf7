import factory
from django.contrib.auth import get_user_model

from branches.models import (
    District,
    DistrictReviewer,
    Organization,
    OrganizationRole,
    PartyGroup,
    School,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Faker("name", locale="zh_CN")
    password = factory.django.Password("pass-for-tests-2026")


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    city = "常州市"
    name = factory.Sequence(lambda n: f"测试{n}区")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"测试第{n}小学")


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    school = factory.SubFactory(SchoolFactory)
    kind = Organization.Kind.BRANCH
    name = factory.LazyAttributeSequence(lambda o, n: f"{o.school.name}党支部{n}")


class PartyGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyGroup

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"第{n}党小组")


class OrganizationRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganizationRole

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = OrganizationRole.Role.SECRETARY


class DistrictReviewerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DistrictReviewer

    user = factory.SubFactory(UserFactory)
    district = factory.SubFactory(DistrictFactory)

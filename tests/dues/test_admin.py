"""Dues records in /admin/: every page opens for an admin, a reduction is entered there."""

import datetime

import pytest
from django.urls import reverse

from dues.models import Reduction
from dues.services.access import grant_wage_admin
from tests.factories import dues_base, member


@pytest.mark.parametrize("model", ["duesbase", "reduction", "payment", "remittance"])
def test_admin_lists_and_add_forms_of_dues_open(world, client_for, model):
    client = client_for(world.admin)
    dues_base(member(world.branch_a, "王芳"), 4000)
    assert client.get(reverse(f"admin:dues_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:dues_{model}_add")).status_code == 200


def test_an_admin_records_an_approved_exemption(world, client_for):
    person = member(world.branch_a, "困难党员")
    client = client_for(world.admin)
    response = client.post(
        reverse("admin:dues_reduction_add"),
        {
            "member": person.pk,
            "kind": "exempt",
            "monthly_amount": "0",
            "first_month": "2026-03-01",
            "approved_on": "2026-02-25",
            "reason": "重病",
            "lock_version": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Reduction.objects.get().first_month == datetime.date(2026, 3, 1)


def test_a_secretary_imports_wages_only_for_their_own_branch_and_a_reviewer_none(world, client_for):
    grant_wage_admin(user=world.secretary_a)
    dues_base(member(world.branch_a, "本支部"), 4000)
    dues_base(member(world.branch_b, "外支部"), 9000)
    client = client_for(world.secretary_a)
    listing = client.get(reverse("admin:dues_duesbase_changelist")).content.decode()
    assert "本支部" in listing and "外支部" not in listing
    form = client.get(reverse("admin:dues_duesbase_import")).context["form"]
    assert list(form.fields["organization"].queryset) == [world.branch_a]
    assert client.get(reverse("admin:dues_reduction_changelist")).status_code == 403

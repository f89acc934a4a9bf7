"""The history pages of scoped /admin/ models: a row of another organisation is 404 (as its change
page is), never a 403 that confirms it exists; the own organisation's row opens, and the
administrator sees every row's history."""

from django.urls import reverse

from tests import factories


def test_history_of_another_branchs_row_is_404_and_of_ones_own_opens(world, client_for):
    own = factories.dues_base(factories.member(world.branch_a, "本支部"), 4000)
    other = factories.dues_base(factories.member(world.branch_b, "外支部"), 4000)
    version = other.history.first().history_id
    pages = {
        "own": reverse("admin:dues_duesbase_history", args=[own.pk]),
        "other": reverse("admin:dues_duesbase_history", args=[other.pk]),
        "other_version": reverse("admin:dues_duesbase_simple_history", args=[other.pk, version]),
    }
    secretary = client_for(world.secretary_a)
    assert secretary.get(pages["own"]).status_code == 200
    assert secretary.get(pages["other"]).status_code == 404
    assert secretary.get(pages["other_version"]).status_code == 404
    admin = client_for(world.admin)
    assert admin.get(pages["other"]).status_code == 200
    assert admin.get(pages["other_version"]).status_code == 200

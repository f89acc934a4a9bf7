"""Fixtures of the branch tests."""

import pytest

from branches.services.roster import grant_roster_admin


@pytest.fixture
def secretary(world, client_for):
    """Branch A's secretary, allowed to keep the roster in /admin/ (import and export)."""
    grant_roster_admin(user=world.secretary_a)
    return client_for(world.secretary_a)

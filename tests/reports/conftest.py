"""Reports of the fixed cast: a written draft of branch A (district 1), and the same submitted."""

import pytest

from tests.factories import make_report, submitted


@pytest.fixture
def draft_a(world):
    return make_report(world.branch_a, world.secretary_a)


@pytest.fixture
def submitted_a(world):
    return submitted(world)

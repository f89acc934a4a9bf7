"""Every case of the permission matrix: the URL names of each app (tests/<app>/matrix.py).

tests/test_permission_matrix.py checks them for every role; the browser journey of another
branch's secretary (tests/e2e/test_access.py) and the page checks of tests/portal/test_security.py
walk the same list.
"""

from tests.branches.matrix import CASES as BRANCHES_CASES
from tests.branches.matrix_activities import CASES as ACTIVITIES_CASES
from tests.branches.matrix_roster import CASES as ROSTER_CASES
from tests.development.matrix import CASES as DEVELOPMENT_CASES
from tests.dues.matrix import CASES as DUES_CASES
from tests.notifications.matrix import CASES as NOTIFICATIONS_CASES
from tests.onboarding.matrix import CASES as ONBOARDING_CASES
from tests.overview.matrix import CASES as OVERVIEW_CASES
from tests.portal.matrix import CASES as PORTAL_CASES
from tests.projects.matrix import CASES as PROJECTS_CASES
from tests.regions.matrix import CASES as REGIONS_CASES
from tests.reports.matrix import CASES as REPORTS_CASES
from tests.selfservice.matrix import CASES as SELFSERVICE_CASES

CASES = (
    PORTAL_CASES
    + BRANCHES_CASES
    + ROSTER_CASES
    + ACTIVITIES_CASES
    + REPORTS_CASES
    + OVERVIEW_CASES
    + DUES_CASES
    + REGIONS_CASES
    + DEVELOPMENT_CASES
    + NOTIFICATIONS_CASES
    + SELFSERVICE_CASES
    + PROJECTS_CASES
    + ONBOARDING_CASES
)

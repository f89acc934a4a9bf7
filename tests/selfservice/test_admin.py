"""Member accounts and confirmations in /admin/: listed for admins, read-only."""

from django.urls import reverse

from selfservice.models import AttendanceConfirmation
from tests import factories
from tests.clock import TODAY


def test_admin_lists_member_accounts_and_confirmations_read_only(world, client_for):
    account = factories.member_account(factories.member(world.branch_a, "王芳"))
    meeting = factories.record(world.branch_a, "theme_day", TODAY)
    AttendanceConfirmation.objects.create(activity=meeting, member=account.member)
    client = client_for(world.admin)
    for name in ("memberaccount", "attendanceconfirmation"):
        page = client.get(reverse(f"admin:selfservice_{name}_changelist"))
        assert page.status_code == 200 and "王芳" in page.content.decode()
        assert client.get(reverse(f"admin:selfservice_{name}_add")).status_code == 403

"""Who may keep wages in /admin/: the wage import is there. The group gives the model
permissions; which rows a user sees is decided by branches.access.personal_data_org_ids (the
secretary of the member's own branch, its 组织委员, admins), see dues.admin."""

from django.contrib.auth.models import Group, Permission

WAGE_MAINTAINERS_GROUP = "党费基数维护（支部书记、组织委员）"
WAGE_PERMISSIONS = ("view_duesbase", "add_duesbase", "change_duesbase")


def grant_wage_admin(*, user):
    group, _created = Group.objects.get_or_create(name=WAGE_MAINTAINERS_GROUP)
    if group.permissions.count() != len(WAGE_PERMISSIONS):
        group.permissions.set(
            Permission.objects.filter(content_type__app_label="dues", codename__in=WAGE_PERMISSIONS)
        )
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(group)
    return group

"""The wage upkeep in /admin/ comes with the role that keeps the roster's personal data (the
secretary of a branch, its 组织委员): see branches.backends. Rows are scoped by dues.admin."""

from branches.access import personal_data_org_ids
from branches.backends import RolePermissionBackend
from branches.scope import scope_for
from dues.services.access import WAGE_PERMISSIONS


class WagePermissionBackend(RolePermissionBackend):
    app_label = "dues"
    codenames = frozenset(WAGE_PERMISSIONS)
    cache_name = "_wage_permission_cache"

    def granted(self, user):
        scope = scope_for(user)
        return bool(scope.own_org_ids and personal_data_org_ids(user, scope.own_org_ids))

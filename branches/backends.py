"""A role is enough: the model permissions a role row brings with it, derived on every request from
the role rows (no staff flag, no group to hand out or take back).

`RolePermissionBackend` gives the holder of a secretary or committee role the /admin/ permissions of
the roster upkeep (branches.services.roster.ROSTER_ADMIN_PERMISSIONS: members with their import
and export, committees, honours); which rows they see there is decided by the same role rows
(branches.admin.OrganizationScopedAdmin). Removing the role removes them at once. The admin site
lets in any active account that holds a permission (portal.admin_site.PortalAdminSite).
Other apps add their own role-derived permissions by subclassing it (e.g. dues.backends).
"""

from django.contrib.auth.backends import BaseBackend

from branches.scope import scope_for
from branches.services.roster import ROSTER_ADMIN_PERMISSIONS


class RolePermissionBackend(BaseBackend):
    app_label = "branches"
    codenames = frozenset(
        f"{action}_{model}" for model, actions in ROSTER_ADMIN_PERMISSIONS for action in actions
    )
    cache_name = "_role_permission_cache"

    def granted(self, user):
        """Does the user's role give them this backend's permissions? (A secretary or 支委.)"""
        return scope_for(user).is_member

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        cached = getattr(user_obj, self.cache_name, None)
        if cached is None:
            cached = (
                {f"{self.app_label}.{codename}" for codename in self.codenames}
                if self.granted(user_obj)
                else set()
            )
            setattr(user_obj, self.cache_name, cached)
        return cached

    def has_module_perms(self, user_obj, app_label):
        return app_label == self.app_label and bool(self.get_all_permissions(user_obj))

"""The development pipelines in /admin/ (read-only) come with a secretary's or 支委's role, as
the roster upkeep does (branches.backends); rows are scoped by development.admin."""

from branches.backends import RolePermissionBackend

DEVELOPMENT_ADMIN_PERMISSIONS = ("view_pipeline", "view_step")


class DevelopmentPermissionBackend(RolePermissionBackend):
    app_label = "development"
    codenames = frozenset(DEVELOPMENT_ADMIN_PERMISSIONS)
    cache_name = "_development_permission_cache"

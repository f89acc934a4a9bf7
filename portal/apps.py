from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("账号")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in

        from portal.credentials import note_login

        user_logged_in.connect(note_login, dispatch_uid="portal_note_login")


class PortalAdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the project's site (portal/admin_site.py) as `admin.site`."""

    default = False  # PortalConfig is this module's default
    default_site = "portal.admin_site.PortalAdminSite"

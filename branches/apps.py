from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BranchesConfig(AppConfig):
    name = "branches"
    verbose_name = _("党组织")

    def ready(self):
        from branches import kept, scope_cache

        kept.connect()
        scope_cache.connect()

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuesConfig(AppConfig):
    name = "dues"
    verbose_name = _("党费")

    def ready(self):
        from branches import kept
        from dues.models import DuesBase, Payment, Reduction, Remittance

        # The report figures (党费应缴/实缴/上缴) and the home's arrears are kept under the
        # organisation's data version: every dues write renews it.
        kept.follow(Payment, "organization")
        kept.follow(Remittance, "organization")
        kept.follow(DuesBase, "member")
        kept.follow(Reduction, "member")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CooperationConfig(AppConfig):
    name = "mixedflows.cooperation"
    label = "cooperation"
    verbose_name = _("Cooperation")
    nav_items = [
        (_("Projects"), "cooperation:projects", ""),
        (_("Coordination"), "cooperation:forums", ""),
        (_("Procedures"), "cooperation:sops", ""),
    ]
    # Overdue action points on the owner agency's home page (core's home loads it by URL).
    home_panels = [("cooperation:home_panel", "cooperation.coordinate")]
    # The SOP step a referral follows, on the referral's page (referrals loads it by URL).
    referral_panels = [("cooperation:referral_panel", "")]

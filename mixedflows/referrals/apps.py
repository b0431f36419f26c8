from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "mixedflows.referrals"
    label = "referrals"
    verbose_name = _("Referrals and service directory")
    personal_data_models = ["Referral"]
    nav_items = [
        (_("Inbox"), "referrals:inbox", "referrals.receive"),
        (_("Outbox"), "referrals:outbox", "referrals.send"),
        (_("Services"), "referrals:directory", ""),
        (_("Site dashboard"), "referrals:dashboard", "referrals.send"),
        (_("Our services"), "referrals:offers", "referrals.manage_services"),
    ]
    person_panels = [("referrals:person_panel", "people.view")]

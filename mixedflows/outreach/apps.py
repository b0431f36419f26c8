from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "mixedflows.outreach"
    label = "outreach"
    verbose_name = _("Outreach")
    nav_items = [(_("Outreach"), "outreach:dashboard", "outreach.view")]
    personal_data_models = ["FollowUpContact"]

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DetentionConfig(AppConfig):
    name = "mixedflows.detention"
    label = "detention"
    verbose_name = _("Detention monitoring")
    nav_items = [
        (_("Detention"), "detention:dashboard", "detention.view"),
        (_("Detention reports"), "detention:reports", "detention.view"),
    ]
    person_panels = [("detention:person_panel", "detention.monitor")]

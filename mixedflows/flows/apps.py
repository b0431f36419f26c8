from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FlowsConfig(AppConfig):
    name = "mixedflows.flows"
    label = "flows"
    verbose_name = _("Flow monitoring and statistics")
    nav_items = [
        (_("Flow registry"), "flows:points", "flows.record"),
        (_("Flows"), "flows:compare", "flows.view"),
        (_("Publish"), "flows:tables", "flows.view"),
    ]

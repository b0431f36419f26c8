from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LinkageConfig(AppConfig):
    name = "mixedflows.linkage"
    label = "linkage"
    verbose_name = _("Record linkage and movements")
    nav_items = [
        (_("Linkage review"), "linkage:review", "linkage.review"),
        (_("Linkage runs"), "linkage:runs", "linkage.run"),
    ]
    person_panels = [("linkage:timeline", "people.view")]
    registration_lookups = [("linkage:lookup", "people.register")]

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "mixedflows.people"
    label = "people"
    verbose_name = _("People, groups and encounters")
    # Deleted only through core.deletion.personal_data_erasure (the erasure and retention services).
    personal_data_models = ["Person", "Group", "Encounter", "Document", "Relationship"]
    nav_items = [
        (_("New arrival"), "people:arrival_new", "people.register"),
        (_("Arrivals & groups"), "people:groups", "people.view"),
        (_("Find a person"), "people:search", "people.view"),
    ]
    home_panels = [("people:home_panel", "people.view")]

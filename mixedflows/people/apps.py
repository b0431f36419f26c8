from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "mixedflows.people"
    label = "people"
    verbose_name = "People, groups and encounters"
    # Deleted only through core.deletion.personal_data_erasure (the erasure and retention services).
    personal_data_models = ["Person", "Group", "Encounter", "Document", "Relationship"]
    nav_items = [
        ("New arrival", "people:arrival_new", "people.register"),
        ("Arrivals & groups", "people:groups", "people.view"),
        ("Find a person", "people:search", "people.view"),
    ]
    home_panels = [("people:home_panel", "people.view")]

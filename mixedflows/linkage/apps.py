from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "mixedflows.linkage"
    label = "linkage"
    verbose_name = "Record linkage and movements"
    nav_items = [
        ("Linkage review", "linkage:review", "linkage.review"),
        ("Linkage runs", "linkage:runs", "linkage.run"),
    ]
    person_panels = [("linkage:timeline", "people.view")]
    registration_lookups = [("linkage:lookup", "people.register")]

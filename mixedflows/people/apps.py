from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "mixedflows.people"
    label = "people"
    verbose_name = "People, groups and encounters"

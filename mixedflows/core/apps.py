from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mixedflows.core"
    label = "core"
    verbose_name = "Organisations, users and audit"

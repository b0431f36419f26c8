from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mixedflows.core"
    label = "core"
    verbose_name = "Organisations, users and audit"
    nav_items = [
        ("Sites", "core:sites", ""),
        ("Users", "core:users", "core.manage_users"),
        ("Agreements", "core:agreements", "core.manage_agreements"),
    ]

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "mixedflows.core"
    label = "core"
    verbose_name = _("Organisations, users and audit")
    nav_items = [
        (_("Sites"), "core:sites", ""),
        (_("Users"), "core:users", "core.manage_users"),
        (_("Agreements"), "core:agreements", "core.manage_agreements"),
        (_("Access"), "core:access", "core.suspend_access"),
    ]

    def ready(self):
        from mixedflows.core import deletion

        deletion.connect_guards()

from importlib import import_module

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

    def import_models(self):
        super().import_models()
        # The project register's models live beside models.py (it would pass 400 lines): registered here, with the
        # rest of core's, before any app is ready.
        import_module("mixedflows.core.project_models")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from mixedflows.core import checks, deletion  # noqa: F401  (checks registers the key check)

        deletion.connect_guards()
        # Each app's `indicators.py` registers the counters project indicators are computed from (core.indicators).
        autodiscover_modules("indicators")

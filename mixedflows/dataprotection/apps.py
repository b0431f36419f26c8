from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataProtectionConfig(AppConfig):
    """The data protection officer's registers (issue 16, items 11-13). Reads every app; nothing imports it."""

    name = "mixedflows.dataprotection"
    label = "dataprotection"
    verbose_name = _("Data protection")
    nav_items = [
        (_("Breaches"), "dataprotection:breaches", "dataprotection.manage_breaches"),
        (_("Retention"), "dataprotection:retention", "dataprotection.manage_retention"),
        (_("Subject requests"), "dataprotection:subject_requests", "dataprotection.handle_subject_requests"),
    ]

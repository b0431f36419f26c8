from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "mixedflows.integrations"
    label = "integrations"
    verbose_name = _("API tokens, idempotency and webhooks")
    nav_items = [
        (_("API"), "integrations:tokens", ""),
    ]

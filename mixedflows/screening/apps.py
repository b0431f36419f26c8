from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "mixedflows.screening"
    label = "screening"
    verbose_name = _("Screening")
    personal_data_models = ["Screening"]
    nav_items = [(_("Screening"), "screening:queue", "screening.screen")]
    person_panels = [("screening:panel", "people.view")]

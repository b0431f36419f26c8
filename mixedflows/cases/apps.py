from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "mixedflows.cases"
    label = "cases"
    verbose_name = _("Cases and direct assistance")
    personal_data_models = ["Case", "CaseMember", "Identification"]
    nav_items = [
        (_("My cases"), "cases:mine", "cases.view"),
        (_("Incoming referrals"), "cases:incoming", "cases.manage"),
        (_("Emergency fund"), "cases:funds", "cases.view"),
        (_("Returns"), "cases:returns_board", "cases.view"),
    ]
    person_panels = [("cases:person_panel", "cases.view")]

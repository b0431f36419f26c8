from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "mixedflows.cases"
    label = "cases"
    verbose_name = "Cases and direct assistance"
    personal_data_models = ["Case", "CaseMember", "Identification"]
    nav_items = [
        ("My cases", "cases:mine", "cases.view"),
        ("Incoming referrals", "cases:incoming", "cases.manage"),
        ("Emergency fund", "cases:funds", "cases.view"),
        ("Returns", "cases:returns_board", "cases.view"),
    ]
    person_panels = [("cases:person_panel", "cases.view")]

from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "mixedflows.screening"
    label = "screening"
    verbose_name = "Screening"
    personal_data_models = ["Screening"]
    nav_items = [("Screening", "screening:queue", "screening.screen")]
    person_panels = [("screening:panel", "people.view")]

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "mixedflows.cases"
    label = "cases"

from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "mixedflows.screening"
    label = "screening"

from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Synthetic demo and benchmark data. Reads every app; nothing imports it."""

    name = "mixedflows.demo"
    label = "demo"
    verbose_name = "Demo data"

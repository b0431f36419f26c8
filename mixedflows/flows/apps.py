from django.apps import AppConfig


class FlowsConfig(AppConfig):
    name = "mixedflows.flows"
    label = "flows"

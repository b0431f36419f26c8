from django.apps import AppConfig


class FlowsConfig(AppConfig):
    name = "mixedflows.flows"
    label = "flows"
    verbose_name = "Flow monitoring and statistics"
    nav_items = [
        ("Flow registry", "flows:points", "flows.record"),
        ("Flows", "flows:compare", "flows.view"),
        ("Publish", "flows:tables", "flows.view"),
    ]

from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "mixedflows.linkage"
    label = "linkage"

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "mixedflows.training"
    label = "training"
    verbose_name = _("Training of officials")
    nav_items = [
        (_("Training"), "training:dashboard", "training.view"),
        (_("Training reports"), "training:reports", "training.view"),
    ]
    # Participants are officials, not migrants: their names and contacts are personal data all the same.
    personal_data_models = ["Participant", "Trainer"]

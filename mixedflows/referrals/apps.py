from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "mixedflows.referrals"
    label = "referrals"

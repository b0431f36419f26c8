from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "mixedflows.referrals"
    label = "referrals"
    verbose_name = "Referrals and service directory"
    personal_data_models = ["Referral"]
    nav_items = [
        ("Inbox", "referrals:inbox", "referrals.receive"),
        ("Outbox", "referrals:outbox", "referrals.send"),
        ("Services", "referrals:directory", ""),
        ("Site dashboard", "referrals:dashboard", "referrals.send"),
        ("Our services", "referrals:offers", "referrals.manage_services"),
    ]
    person_panels = [("referrals:person_panel", "people.view")]

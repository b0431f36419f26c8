from django.urls import path

from mixedflows.referrals import views

app_name = "referrals"

urlpatterns = [
    path("inbox/", views.inbox, name="inbox"),
    path("outbox/", views.outbox, name="outbox"),
    path("new/", views.referral_new, name="new"),
    path("directory/", views.directory, name="directory"),
    path("services/", views.offers, name="offers"),
    path("services/<uuid:uuid>/", views.offer_edit, name="offer_edit"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("person/<uuid:uuid>/", views.person_panel, name="person_panel"),
    path("<uuid:uuid>/", views.referral_detail, name="detail"),
    path("<uuid:uuid>/status/", views.referral_step, name="step"),
    path("<uuid:uuid>/consent-withdrawn/", views.referral_consent_withdrawn, name="consent_withdrawn"),
]

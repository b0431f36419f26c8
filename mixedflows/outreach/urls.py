from django.urls import path

from mixedflows.outreach.views import campaigns, centres, reports

app_name = "outreach"

urlpatterns = [
    path("", centres.dashboard, name="dashboard"),
    path("campaigns/new/", campaigns.campaign_new, name="campaign_new"),
    path("campaigns/<uuid:uuid>/", campaigns.campaign_detail, name="campaign"),
    path("campaigns/<uuid:uuid>/edit/", campaigns.campaign_edit, name="campaign_edit"),
    path("campaigns/<uuid:uuid>/reach/", campaigns.reach_add, name="reach_add"),
    path("centres/<uuid:uuid>/", centres.centre_detail, name="centre"),
    path("centres/<uuid:uuid>/sessions/", centres.session_add, name="session_add"),
    path("centres/<uuid:uuid>/sessions/project/", centres.sessions_tag, name="sessions_tag"),
    path("sessions/<uuid:uuid>/", centres.session_detail, name="session"),
    path("sessions/<uuid:uuid>/project/", centres.session_project, name="session_project"),
    path("counts/", reports.counts, name="counts"),
    path("counts.csv", reports.counts_csv, name="counts_csv"),
]

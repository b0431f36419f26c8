from django.urls import path

from mixedflows.cooperation.views import documents, forums, projects, sops

app_name = "cooperation"

urlpatterns = [
    path("projects/", projects.projects, name="projects"),
    path("projects/new/", projects.project_new, name="project_new"),
    path("projects/<uuid:uuid>/", projects.project_detail, name="project"),
    path("projects/<uuid:uuid>/indicators/new/", projects.indicator_new, name="indicator_new"),
    path("projects/<uuid:uuid>/report.xlsx", projects.donor_report_xlsx, name="donor_report_xlsx"),
    path("projects/<uuid:uuid>/report.pdf", projects.donor_report_pdf, name="donor_report_pdf"),
    path("", forums.forums, name="forums"),
    path("forums/new/", forums.forum_new, name="forum_new"),
    path("forums/<uuid:uuid>/", forums.forum_detail, name="forum"),
    path("forums/<uuid:uuid>/meetings/new/", forums.meeting_new, name="meeting_new"),
    path("meetings/<uuid:uuid>/", forums.meeting_detail, name="meeting"),
    path("meetings/<uuid:uuid>/decisions/", forums.decision_add, name="decision_add"),
    path("meetings/<uuid:uuid>/action-points/", forums.action_point_add, name="action_point_add"),
    path("meetings/<uuid:uuid>/minutes/", forums.minutes_attach, name="minutes_attach"),
    path("action-points/<uuid:uuid>/", forums.action_point_detail, name="action_point"),
    path("panels/overdue/", forums.home_panel, name="home_panel"),
    path("procedures/", sops.sops, name="sops"),
    path("procedures/new/", sops.sop_new, name="sop_new"),
    path("procedures/<uuid:uuid>/", sops.sop_detail, name="sop"),
    path("procedures/<uuid:uuid>/steps/", sops.sop_step_add, name="sop_step_add"),
    path("panels/referral/", sops.referral_panel, name="referral_panel"),
    path("documents/<uuid:uuid>/", documents.document, name="document"),
]

from django.urls import path

from mixedflows.detention.views import facilities, reports, visits

app_name = "detention"

urlpatterns = [
    path("", facilities.dashboard, name="dashboard"),
    path("facilities/new/", facilities.facility_new, name="facility_new"),
    path("facilities/<uuid:uuid>/", facilities.facility_detail, name="facility"),
    path("facilities/<uuid:uuid>/edit/", facilities.facility_edit, name="facility_edit"),
    path("facilities/<uuid:uuid>/visits/new/", visits.visit_new, name="visit_new"),
    path("visits/<uuid:uuid>/", visits.visit_detail, name="visit"),
    path("visits/<uuid:uuid>/checklist/", visits.checklist, name="checklist"),
    path("visits/<uuid:uuid>/project/", visits.visit_project, name="visit_project"),
    path("visits/<uuid:uuid>/findings/", visits.finding_add, name="finding_add"),
    path("visits/<uuid:uuid>/recommendations/", visits.recommendation_add, name="recommendation_add"),
    path("visits/<uuid:uuid>/people/", visits.person_met_register, name="person_met_register"),
    path("visits/<uuid:uuid>/people/found/", visits.person_met_find, name="person_met_find"),
    path("visits/<uuid:uuid>/report.pdf", reports.visit_report, name="visit_report"),
    path("recommendations/<uuid:uuid>/", visits.recommendation_detail, name="recommendation"),
    path("detentions/<uuid:uuid>/end/", facilities.detention_end, name="detention_end"),
    path("people/<uuid:uuid>/", facilities.person_panel, name="person_panel"),
    path("reports/", reports.across_facilities, name="reports"),
    path("reports/children.csv", reports.children_csv, name="children_csv"),
]

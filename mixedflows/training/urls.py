from django.urls import path

from mixedflows.training.views import events, participants, public, reports

app_name = "training"

urlpatterns = [
    path("", events.dashboard, name="dashboard"),
    path("courses/new/", events.course_new, name="course_new"),
    path("courses/<uuid:uuid>/", events.course_detail, name="course"),
    path("courses/<uuid:uuid>/edit/", events.course_edit, name="course_edit"),
    path("courses/<uuid:uuid>/events/new/", events.event_new, name="event_new"),
    path("events/<uuid:uuid>/", events.event_detail, name="event"),
    path("events/<uuid:uuid>/edit/", events.event_edit, name="event_edit"),
    path("events/<uuid:uuid>/trainers/", events.trainer_new, name="trainer_new"),
    path(
        "events/<uuid:uuid>/participants/import/",
        participants.participants_upload,
        name="participants_import",
    ),
    path("events/<uuid:uuid>/participants/new/", participants.participant_new, name="participant_new"),
    path("events/<uuid:uuid>/attendance/", participants.attendance, name="attendance"),
    path("events/<uuid:uuid>/scores/", participants.scores, name="scores"),
    path("participants/<uuid:uuid>/certificate.pdf", participants.certificate, name="certificate"),
    path("template.xlsx", participants.template_xlsx, name="template_xlsx"),
    path("template.csv", participants.template_csv, name="template_csv"),
    path("reports/", reports.annual, name="reports"),
    path("reports/report.xlsx", reports.annual_xlsx, name="reports_xlsx"),
    path("verify/", public.verify, name="verify"),
]

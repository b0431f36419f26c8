from django.urls import path

from mixedflows.dataprotection import subject_views, views

app_name = "dataprotection"

urlpatterns = [
    path("breaches/", views.breach_list, name="breaches"),
    path("breaches/<uuid:uuid>/", views.breach_detail, name="breach"),
    path("retention/", views.retention, name="retention"),
    path("requests/", subject_views.subject_request_list, name="subject_requests"),
    path("requests/new/<uuid:uuid>/", subject_views.subject_request_new, name="subject_request_new"),
    path("requests/<uuid:uuid>/", subject_views.subject_request_detail, name="subject_request"),
    path("requests/<uuid:uuid>/start/", subject_views.subject_request_start, name="subject_request_start"),
    path(
        "requests/<uuid:uuid>/export.<str:fmt>",
        subject_views.subject_request_export,
        name="subject_request_export",
    ),
]

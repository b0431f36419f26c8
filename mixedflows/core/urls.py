from django.urls import path

from mixedflows.core import views

app_name = "core"

urlpatterns = [
    path("organisations/", views.organisation_list, name="organisations"),
    path("sites/", views.site_list, name="sites"),
    path("sites/new/", views.site_new, name="site_new"),
    path("sites/<uuid:uuid>/join/", views.site_join, name="site_join"),
    path("users/", views.user_list, name="users"),
    path("users/<uuid:uuid>/", views.user_detail, name="user"),
    path("access/", views.access_list, name="access"),
    path("access/<uuid:uuid>/restore/", views.access_restore, name="access_restore"),
    path("agreements/", views.agreement_list, name="agreements"),
    path("jobs/<uuid:uuid>/", views.job_progress, name="job"),
]

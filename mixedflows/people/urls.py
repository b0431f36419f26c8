from django.urls import path

from mixedflows.people import views

app_name = "people"

urlpatterns = [
    path("people/", views.search, name="search"),
    path("people/<uuid:uuid>/", views.person_detail, name="detail"),
    path("people/<uuid:uuid>/edit/", views.person_edit, name="edit"),
    path("people/<uuid:uuid>/age/", views.person_age, name="age"),
    path("people/<uuid:uuid>/guardian/", views.person_guardian, name="guardian"),
    path("people/<uuid:uuid>/encounters/new/", views.encounter_new, name="encounter_new"),
    path("people/<uuid:uuid>/audit/", views.person_audit, name="audit"),
    path("encounters/<uuid:uuid>/", views.encounter_detail, name="encounter"),
    path("arrivals/new/", views.arrival_new, name="arrival_new"),
    path("groups/", views.group_list, name="groups"),
    path("groups/offline-worker.js", views.offline_worker, name="offline_worker"),
    path("groups/latest/", views.home_panel, name="home_panel"),
    path("groups/<uuid:uuid>/", views.group_detail, name="group"),
    path("groups/<uuid:uuid>/offline/", views.group_offline, name="group_offline"),
    path("groups/<uuid:uuid>/rows/", views.group_row, name="group_row"),
    path("groups/<uuid:uuid>/relationships/", views.group_relationship, name="group_relationship"),
]

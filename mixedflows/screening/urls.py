from django.urls import path

from mixedflows.screening import views

app_name = "screening"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("people/<uuid:uuid>/", views.person_screening, name="person"),
    path("people/<uuid:uuid>/panel/", views.person_panel, name="panel"),
    path("<uuid:uuid>/", views.screening_page, name="screening"),
    path("<uuid:uuid>/sections/<slug:section>/", views.section_save, name="section"),
    path("<uuid:uuid>/complete/", views.complete, name="complete"),
    path("<uuid:uuid>/project/", views.project, name="project"),
]
urlpatterns += [
    path("form.xlsx", views.xlsform, name="xlsform"),
    path("sites/<uuid:uuid>/people.csv", views.people_entities, name="people_entities"),
    path("imports/", views.import_upload, name="import"),
    path("imports/<uuid:uuid>/", views.import_job, name="import_job"),
]

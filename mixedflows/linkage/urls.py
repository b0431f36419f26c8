from django.urls import path

from mixedflows.linkage import views

app_name = "linkage"

urlpatterns = [
    path("lookup/", views.lookup, name="lookup"),
    path("review/", views.review, name="review"),
    path("pairs/<uuid:uuid>/", views.candidate, name="candidate"),
    path("merges/<uuid:uuid>/undo/", views.merge_undo, name="merge_undo"),
    path("people/<uuid:uuid>/movements/", views.timeline, name="timeline"),
    path("people/<uuid:uuid>/propose/", views.propose, name="propose"),
    path("runs/", views.runs, name="runs"),
]

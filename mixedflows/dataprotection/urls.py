from django.urls import path

from mixedflows.dataprotection import views

app_name = "dataprotection"

urlpatterns = [
    path("breaches/", views.breach_list, name="breaches"),
    path("breaches/<uuid:uuid>/", views.breach_detail, name="breach"),
    path("retention/", views.retention, name="retention"),
]

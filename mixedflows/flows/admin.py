from django.contrib import admin

from mixedflows.flows.models import MonitoringPoint, Route


@admin.register(MonitoringPoint)
class MonitoringPointAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "organisation"]


@admin.register(Route)
class RouteAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation"]

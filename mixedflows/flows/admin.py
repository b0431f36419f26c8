from django.contrib import admin

from mixedflows.core.admin import AuditedAdmin
from mixedflows.flows.models import MonitoringPoint, Route


@admin.register(MonitoringPoint)
class MonitoringPointAdmin(AuditedAdmin):
    list_display = ["name", "kind", "country", "organisation"]


@admin.register(Route)
class RouteAdmin(AuditedAdmin):
    list_display = ["name", "organisation"]

"""Cases are personal data and have no page here; funds are budgets, read-only."""

from django.contrib import admin

from mixedflows.cases.models import Fund
from mixedflows.core.admin import AuditedAdmin


@admin.register(Fund)
class FundAdmin(AuditedAdmin):
    """Read-only: budgets move only through the fund services, under a lock."""

    list_display = ["name", "organisation", "currency", "period_start", "period_end", "budget", "committed"]
    list_filter = ["organisation", "currency"]
    readonly_fields = fields = (
        "name",
        "organisation",
        "currency",
        "period_start",
        "period_end",
        "budget",
        "committed",
        "fund_manager_threshold",
    )

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

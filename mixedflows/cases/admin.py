from django.contrib import admin

from mixedflows.cases.models import Case, Fund


@admin.register(Case)
class CaseAdmin(admin.ModelAdmin):
    """Platform administrators see references, types and statuses only; the case itself stays in its agency."""

    list_display = ["reference", "organisation", "type", "status", "opened_at"]
    list_filter = ["organisation", "type", "status"]
    fields = ("reference", "organisation", "type", "status", "opened_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
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

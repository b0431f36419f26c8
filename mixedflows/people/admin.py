from django.contrib import admin

from mixedflows.people.models import Encounter, Group, Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    """Platform administrators see registration numbers only; names stay in the agencies' own pages."""

    list_display = ["registration_number", "organisation", "created_at"]
    list_filter = ["organisation"]
    fields = ("registration_number", "organisation", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["uuid", "kind", "organisation", "created_at"]
    readonly_fields = fields = ("uuid", "kind", "organisation", "created_at")


@admin.register(Encounter)
class EncounterAdmin(admin.ModelAdmin):
    list_display = ["uuid", "kind", "site", "organisation", "occurred_at"]
    readonly_fields = fields = ("uuid", "kind", "site", "organisation", "occurred_at")

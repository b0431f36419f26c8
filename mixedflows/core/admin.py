from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from mixedflows.core.models import AuditEvent, DataSharingAgreement, Membership, Organisation, Site, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(User)
class MixedflowsUserAdmin(UserAdmin):
    inlines = [MembershipInline]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "country"]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "admin_area", "adm1_pcode", "adm2_pcode"]
    filter_horizontal = ["organisations"]


@admin.register(DataSharingAgreement)
class AgreementAdmin(admin.ModelAdmin):
    list_display = ["from_organisation", "to_organisation", "signed_on", "valid_until", "match_notices"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is append-only."""

    list_display = ["at", "actor_label", "organisation", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

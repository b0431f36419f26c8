"""The platform administrator's site: organisations and sites, never an agency's staff or personal records.

Users and memberships are read-only here: an agency's own administrator manages its staff through the
audited services (`core:users`); the first administrator of a new agency is added on the server with
`mixedflows users add-admin`. Every page and change of this site is an event in the audit trail.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import AuditEvent, DataSharingAgreement, Organisation, Site, User


class AuditedAdmin(admin.ModelAdmin):
    """A model admin whose every page view and change is an event in the hash chain."""

    def _audit(self, request, action: AuditAction, obj=None, fields=()):
        audit_record(
            actor=request.user,
            action=action,
            object_type=f"admin:{self.model._meta.label_lower}",
            object_id=str(getattr(obj, "uuid", None) or getattr(obj, "pk", "") or ""),
            fields=fields,
        )

    def changelist_view(self, request, extra_context=None):
        self._audit(request, AuditAction.VIEW)
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            self._audit(request, AuditAction.VIEW, self.get_object(request, object_id))
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._audit(
            request, AuditAction.CHANGE if change else AuditAction.CREATE, obj, fields=form.changed_data
        )

    def delete_model(self, request, obj):
        self._audit(request, AuditAction.DELETE, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._audit(request, AuditAction.DELETE, obj)
        super().delete_queryset(request, queryset)


class ReadOnlyAdmin(AuditedAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(User)
class MixedflowsUserAdmin(ReadOnlyAdmin, UserAdmin):
    """Who has an account, and whether it is active; no memberships, passwords or personal details."""

    list_display = ["username", "is_active", "is_superuser", "last_login"]
    list_filter = ["is_active", "is_superuser"]
    search_fields = ["username"]
    fieldsets = [(None, {"fields": ["username", "is_active", "is_superuser", "last_login", "date_joined"]})]
    readonly_fields = ["username", "is_active", "is_superuser", "last_login", "date_joined"]

    def get_urls(self):
        # No password-change page: a platform administrator never sets an agency's staff password.
        return [url for url in super().get_urls() if "password" not in str(url.pattern)]


@admin.register(Organisation)
class OrganisationAdmin(AuditedAdmin):
    list_display = ["name", "short_name", "kind", "country"]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Site)
class SiteAdmin(AuditedAdmin):
    list_display = ["name", "kind", "country", "admin_area", "adm1_pcode", "adm2_pcode"]
    filter_horizontal = ["organisations"]


@admin.register(DataSharingAgreement)
class AgreementAdmin(ReadOnlyAdmin):
    """Read-only: agreements are signed by the agencies' own administrators (`core:agreements`)."""

    list_display = ["from_organisation", "to_organisation", "signed_on", "valid_until", "match_notices"]


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    """Read-only: the trail is append-only."""

    list_display = ["at", "actor_label", "organisation", "action", "object_type", "object_id"]
    list_filter = ["action", "object_type"]

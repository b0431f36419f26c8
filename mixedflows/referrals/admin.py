from django.contrib import admin

from mixedflows.core.admin import AuditedAdmin
from mixedflows.referrals.models import ServiceOffer


@admin.register(ServiceOffer)
class ServiceOfferAdmin(AuditedAdmin):
    """The directory is not personal data; referrals stay in the agencies' own pages."""

    list_display = ["organisation", "service", "site", "capacity", "active"]
    list_filter = ["service", "organisation", "active"]

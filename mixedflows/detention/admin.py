from django.contrib import admin

from mixedflows.detention.models import DetentionLimit


@admin.register(DetentionLimit)
class DetentionLimitAdmin(admin.ModelAdmin):
    """Countries' legal maximum lengths of detention: law, kept by the platform administrator.
    Facilities, visits and the people met stay in their agency and are not in the admin."""

    list_display = ["country", "max_days", "warn_days", "legal_source"]

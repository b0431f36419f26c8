from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import Site, User
from mixedflows.detention.models import DetentionLimit, Facility
from mixedflows.detention.services.common import require_monitor, require_own

FACILITY_FIELDS = (
    "authority",
    "kind",
    "capacity",
    "visit_terms",
    "private_interviews",
    "access_terms",
    "contacts",
)


@transaction.atomic
def facility_save(*, actor: User, site: Site, facility: Facility | None = None, **values: Any) -> Facility:
    """Create or change the agency's record of a detention facility at one of its sites."""
    require_monitor(actor)
    if facility is not None:
        require_own(actor, facility)
    errors = {}
    if site.kind != Site.Kind.DETENTION_FACILITY:
        errors["site"] = "Choose a site of the kind detention facility."
    elif not Site.objects.usable_by(actor).filter(pk=site.pk).exists():
        errors["site"] = f"{actor.agency.short_name} does not work at {site.name}."
    elif (
        Facility.objects.owned_by(actor.organisation)
        .filter(site=site)
        .exclude(pk__in=[facility.pk] if facility else [])
        .exists()
    ):
        errors["site"] = "Your agency already has this facility."
    if values.get("kind") not in Facility.Kind.values:
        errors["kind"] = "Choose a facility type."
    if values.get("visit_terms") not in Facility.VisitTerms.values:
        errors["visit_terms"] = "Choose on what terms the facility may be visited."
    if not (values.get("authority") or "").strip():
        errors["authority"] = "Name the authority in charge."
    if not isinstance(values.get("capacity"), int) or values["capacity"] < 1:
        errors["capacity"] = "The official capacity is a number of places, at least 1."
    if errors:
        raise ValidationError(errors)
    creating = facility is None
    facility = facility or Facility(organisation=actor.agency, created_by=actor)
    changed = ["site"] if creating or facility.site_id != site.pk else []
    facility.site = site
    for name in FACILITY_FIELDS:
        value = values.get(name, getattr(facility, name))
        if isinstance(value, str):
            value = value.strip()
        if creating or getattr(facility, name) != value:
            changed.append(name)
        setattr(facility, name, value)
    facility.save()
    if changed:
        audit_record(
            actor=actor,
            action=AuditAction.CREATE if creating else AuditAction.CHANGE,
            object_type="detention_facility",
            object_id=facility.uuid,
            fields=changed,
        )
    return facility


def limit_for(country: str) -> DetentionLimit | None:
    return DetentionLimit.objects.filter(country=country).first()

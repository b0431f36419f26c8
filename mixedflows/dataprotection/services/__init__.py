"""Writes of the breach register. Each is one transaction with its audit event (never the description)."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import Organisation, User
from mixedflows.core.roles import Perm
from mixedflows.dataprotection.models import Breach, BreachNotification
from mixedflows.dataprotection.records import RecordType
from mixedflows.people.models import Person

Recipient = BreachNotification.Recipient


def _require(actor: User) -> Organisation:
    if not actor.can(Perm.MANAGE_BREACHES) or actor.organisation is None:
        raise PermissionDenied(Perm.MANAGE_BREACHES)
    return actor.organisation


def owed_notifications(*, risk: str, extra: Iterable[str] = ()) -> list[str]:
    """The supervisory authority unless a risk to the people is unlikely; the people themselves at a high risk."""
    owed = set(extra)
    if risk != Breach.Risk.UNLIKELY:
        owed.add(Recipient.SUPERVISORY_AUTHORITY)
    if risk == Breach.Risk.HIGH:
        owed.add(Recipient.DATA_SUBJECTS)
    return [r for r in Recipient.values if r in owed]


def _people(actor: User, registration_numbers: Iterable[str]) -> list[Person]:
    numbers = sorted({n.strip().upper() for n in registration_numbers if n.strip()})
    found = {
        p.registration_number: p
        for p in Person.objects.filter(organisation=actor.organisation, registration_number__in=numbers)
    }
    unknown = [n for n in numbers if n not in found]
    if unknown:
        raise ValidationError(
            {
                "people": _("No record of this agency has the registration number %(number)s.")
                % {"number": unknown[0]}
            }
        )
    return list(found.values())


@transaction.atomic
def breach_record(
    *,
    actor: User,
    title: str,
    discovered_at: datetime.datetime,
    risk: str,
    affected_counts: dict[str, int],
    occurred_at: datetime.datetime | None = None,
    description: str = "",
    registration_numbers: Iterable[str] = (),
    notify: Iterable[str] = (),
) -> Breach:
    """Enter a breach in the agency's register, with the notifications it owes and their deadlines."""
    organisation = _require(actor)
    errors: dict[str, object] = {}
    now = timezone.now()
    if not title.strip():
        errors["title"] = _("Say what happened, in a line.")
    if discovered_at > now:
        errors["discovered_at"] = _("The discovery cannot be in the future.")
    if occurred_at and occurred_at > discovered_at:
        errors["occurred_at"] = _("A breach cannot occur after it was discovered.")
    if risk not in Breach.Risk.values:
        errors["risk"] = _("Choose how likely a risk to the people is.")
    unknown = set(affected_counts) - set(RecordType.values)
    if unknown:
        errors["affected_counts"] = _("Unknown record type “%(type)s”.") % {"type": sorted(unknown)[0]}
    elif any(not isinstance(n, int) or n < 0 for n in affected_counts.values()):
        errors["affected_counts"] = _("A number of records is a whole number, zero or more.")
    if set(notify) - set(Recipient.values):
        errors["notify"] = _("Unknown recipient of a notification.")
    if errors:
        raise ValidationError(errors)
    people = _people(actor, registration_numbers)
    breach = Breach.objects.create(
        organisation=organisation,
        created_by=actor,
        title=title.strip(),
        description=description.strip(),
        occurred_at=occurred_at,
        discovered_at=discovered_at,
        risk=risk,
        affected_counts={k: v for k, v in sorted(affected_counts.items()) if v},
    )
    breach.people.set(people)
    owed = owed_notifications(risk=risk, extra=notify)
    BreachNotification.objects.bulk_create(
        BreachNotification(
            breach=breach,
            recipient=recipient,
            due_at=discovered_at + datetime.timedelta(hours=BreachNotification.DEADLINE_HOURS[recipient]),
        )
        for recipient in owed
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="breach",
        object_id=breach.uuid,
        fields=["title", "description", "occurred_at", "discovered_at", "risk", "affected_counts", "people"],
        detail={"affected": breach.affected_counts, "people": len(people), "notifications": owed},
    )
    return breach


@transaction.atomic
def breach_notification_made(
    *, actor: User, notification: BreachNotification, made_at: datetime.datetime, reference: str = ""
) -> BreachNotification:
    """Record that a notification owed by a breach was made (when, and its reference)."""
    _require(actor)
    notification = (
        BreachNotification.objects.select_for_update().select_related("breach").get(pk=notification.pk)
    )
    if notification.breach.organisation_id != getattr(actor.organisation, "pk", None):
        raise PermissionDenied("Breach of another organisation.")
    if notification.made_at is not None:
        raise ValidationError({"made_at": _("This notification was already recorded as made.")})
    if made_at > timezone.now():
        raise ValidationError({"made_at": _("A notification cannot be made in the future.")})
    if made_at < notification.breach.discovered_at:
        raise ValidationError(
            {"made_at": _("A notification cannot be made before the breach was discovered.")}
        )
    notification.made_at = made_at
    notification.made_by = actor
    notification.reference = reference.strip()
    notification.save(update_fields=["made_at", "made_by", "reference"])
    audit_record(
        actor=actor,
        action=AuditAction.NOTIFY,
        object_type="breach",
        object_id=notification.breach.uuid,
        fields=["notifications"],
        detail={"recipient": notification.recipient, "late": notification.late_by is not None},
    )
    return notification

"""Certificates: a long random code per participant, issued once, and the audit of each download."""

import base64
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import User
from mixedflows.training.models import Participant
from mixedflows.training.services.common import require_own, require_trainer


def new_code() -> str:
    """16 characters of base32 (80 random bits): not guessable, easy to type from paper."""
    return base64.b32encode(secrets.token_bytes(10)).decode()


def normalise_code(text: str) -> str:
    """What a person types (spaces, dashes, lower case) as the stored code."""
    return "".join(c for c in (text or "").upper() if c.isalnum())[:32]


def display_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


@transaction.atomic
def certificate_issue(*, actor: User, participant: Participant) -> Participant:
    """The participant's certificate, issued on the first call (when the event is over and they were present
    every day), downloaded on each: one export event per download."""
    require_trainer(actor)
    require_own(actor, participant)
    participant = (
        Participant.objects.select_for_update().select_related("event__course").get(pk=participant.pk)
    )
    event = participant.event
    if not participant.certificate_code:
        if event.ends_on > timezone.localdate():
            raise ValidationError(_("The event is not over yet: certificates come after its last day."))
        present_days = participant.attendance.filter(present=True).count()
        if present_days < len(event.days):
            raise ValidationError(
                _("%(name)s was present on %(present)s of %(days)s days: a certificate needs every day.")
                % {"name": participant.full_name, "present": present_days, "days": len(event.days)}
            )
        participant.certificate_code = new_code()
        participant.certificate_issued_on = timezone.localdate()
        participant.save(update_fields=["certificate_code", "certificate_issued_on"])
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="training_certificate",
            object_id=participant.uuid,
            fields=["certificate_code"],
        )
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="training_certificate",
        object_id=participant.uuid,
        fields=["certificate"],
    )
    return participant

"""Writes for referrals. The status machine is here; sending (with its legal basis and grant) builds on it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mixedflows.core.audit import audit_record
from mixedflows.referrals.models import Referral, ReferralStep

S = Referral.Status
# status -> (statuses it may come from, which side moves it)
TRANSITIONS = {
    S.ACKNOWLEDGED: ({S.SENT}, "receiver"),
    S.ACCEPTED: ({S.SENT, S.ACKNOWLEDGED}, "receiver"),
    S.DECLINED: ({S.SENT, S.ACKNOWLEDGED}, "receiver"),
    S.COMPLETED: ({S.ACCEPTED}, "receiver"),
    S.WITHDRAWN: ({S.SENT, S.ACKNOWLEDGED, S.ACCEPTED}, "sender"),
}


class InvalidTransition(ValidationError):
    pass


@transaction.atomic
def referral_transition(*, actor, referral: Referral, to_status: str, reason: str = "") -> Referral:
    """Move a referral to its next status, keeping who, when and why. Declining needs a reason."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if to_status not in TRANSITIONS:
        raise InvalidTransition(f"Unknown status {to_status!r}.")
    allowed_from, side = TRANSITIONS[to_status]
    org = actor.organisation
    side_org_id = referral.to_organisation_id if side == "receiver" else referral.from_organisation_id
    if org is None or org.pk != side_org_id:
        raise PermissionDenied(f"only the {side} moves a referral to {to_status}")
    if referral.status not in allowed_from:
        raise InvalidTransition(
            f"A referral that is {referral.get_status_display().lower()} cannot become {S(to_status).label.lower()}."
        )
    if to_status in (S.DECLINED, S.WITHDRAWN) and not reason.strip():
        raise ValidationError({"reason": f"Give a reason for the referral being {S(to_status).label.lower()}."})
    referral.status = to_status
    referral.status_reason = reason.strip()
    referral.save(update_fields=["status", "status_reason"])
    ReferralStep.objects.create(referral=referral, status=to_status, at=timezone.now(), by=actor, organisation=org,
                                reason=reason.strip())
    audit_record(actor=actor, action="change", object_type="referral", object_id=referral.uuid, fields=["status"],
                 detail={"status": to_status})
    return referral

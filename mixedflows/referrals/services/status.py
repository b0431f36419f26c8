"""The referral's status machine (acknowledge, accept, decline, complete, withdraw) and consent withdrawal."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import User
from mixedflows.core.roles import Perm
from mixedflows.referrals.models import Referral, ReferralStep
from mixedflows.referrals.services.common import (
    REVOKES_GRANT,
    TRANSITIONS,
    InvalidTransition,
    S,
    _emit,
    _revoke_grant,
)


@transaction.atomic
def referral_transition(*, actor: User, referral: Referral, to_status: str, reason: str = "") -> Referral:
    """Move a referral to its next status, keeping who, when and why. Declining needs a reason."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if to_status not in TRANSITIONS:
        raise InvalidTransition(f"Unknown status {to_status!r}.")
    allowed_from, side = TRANSITIONS[to_status]
    org = actor.organisation
    side_org_id = referral.to_organisation_id if side == "receiver" else referral.from_organisation_id
    if org is None or org.pk != side_org_id:
        raise PermissionDenied(f"only the {side} moves a referral to {to_status}")
    if not actor.can(Perm.RECEIVE_REFERRALS if side == "receiver" else Perm.SEND_REFERRALS):
        raise PermissionDenied("receiving referrals" if side == "receiver" else "sending referrals")
    if referral.status not in allowed_from:
        raise InvalidTransition(
            _("A referral that is %(status)s cannot become %(new)s.")
            % {"status": referral.get_status_display().lower(), "new": S(to_status).label.lower()}
        )
    if to_status in (S.DECLINED, S.WITHDRAWN) and not reason.strip():
        raise ValidationError(
            {
                "reason": _("Give a reason for the referral being %(status)s.")
                % {"status": S(to_status).label.lower()}
            }
        )
    now = timezone.now()
    referral.status = to_status
    referral.status_reason = reason.strip()
    referral.save(update_fields=["status", "status_reason"])
    ReferralStep.objects.create(
        referral=referral, status=to_status, at=now, by=actor, organisation=org, reason=reason.strip()
    )
    if to_status in REVOKES_GRANT:
        _revoke_grant(referral, now)
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="referral",
        object_id=referral.uuid,
        fields=["status"],
        detail={"status": to_status},
    )
    _emit(referral, to_status)
    return referral


@transaction.atomic
def referral_consent_withdraw(*, actor: User, referral: Referral, reason: str) -> Referral:
    """The person (or guardian) withdrew consent: sharing with the receiving agency stops.

    Every referral of this person from the sending to the receiving agency keeps only its trace (service,
    dates, status); their grants are revoked and the open ones become withdrawn. The receiving agency sees
    the notice on the referral in its inbox.
    """
    if not actor.can(Perm.SEND_REFERRALS):
        raise PermissionDenied(Perm.SEND_REFERRALS)
    if actor.organisation is None or referral.from_organisation_id != actor.organisation.pk:
        raise PermissionDenied("only the sending agency records a consent withdrawal")
    if referral.consent_withdrawn_at is not None:
        raise ValidationError(_("Consent withdrawal is already recorded on this referral."))
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {
                "reason": _(
                    "Say how the withdrawal was expressed (who, when, in what words): it is kept in the audit trail."
                )
            }
        )
    now = timezone.now()
    affected = list(
        Referral.objects.select_for_update().filter(
            person_id=referral.person_id,
            from_organisation_id=referral.from_organisation_id,
            to_organisation_id=referral.to_organisation_id,
            consent_withdrawn_at__isnull=True,
        )
    )
    for item in affected:
        item.consent_withdrawn_at = now
        fields = ["consent_withdrawn_at"]
        if item.status in Referral.OPEN_STATUSES:
            item.status, item.status_reason = S.WITHDRAWN, "Consent withdrawn"
            fields += ["status", "status_reason"]
            ReferralStep.objects.create(
                referral=item,
                status=S.WITHDRAWN,
                at=now,
                by=actor,
                organisation=actor.organisation,
                reason="Consent withdrawn",  # the receiver sees this; the words are in the audit trail
            )
        item.save(update_fields=fields)
        _revoke_grant(item, now)
        if "status" in fields:
            _emit(item, S.WITHDRAWN)
        audit_record(
            actor=actor,
            action=AuditAction.CONSENT_WITHDRAWN,
            object_type="referral",
            object_id=item.uuid,
            fields=fields,
            detail={"reason": reason},
        )
    audit_record(
        actor=actor,
        action=AuditAction.UNSHARE,
        object_type="person",
        object_id=referral.person.uuid,
        detail={"to": referral.to_organisation.short_name, "referrals": len(affected)},
    )
    return Referral.objects.get(pk=referral.pk)

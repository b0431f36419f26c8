"""The emergency switch: an organisation's or a user's access suspended at once, and restored."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import (
    AccessSuspension,
    Membership,
    Organisation,
    User,
)
from mixedflows.core.roles import Perm

# --- The emergency switch (issue 16, item 13; the check every way in asks is core.access) -----------------


def _reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if len(reason) < 5:
        raise ValidationError({field: _("Say why, in a few words: the reason is kept with the suspension.")})
    return reason


def _end_sessions_of(users: Iterable[int]) -> int:
    return User.objects.filter(pk__in=users).update(session_epoch=models.F("session_epoch") + 1)


@transaction.atomic
def access_suspend(
    *, actor: User, reason: str, user: User | None = None, organisation: Organisation | None = None
) -> AccessSuspension:
    """Suspend one staff member of the actor's agency, or a whole organisation: the actor's own agency
    (which locks the actor out too) or, as the platform administrator, any organisation."""
    reason = _reason(reason)
    if user is not None:
        if not actor.can(Perm.SUSPEND_ACCESS):
            raise PermissionDenied(Perm.SUSPEND_ACCESS)
        if user.organisation is None or user.organisation != actor.organisation:
            raise PermissionDenied("Staff of another organisation.")
        if user.pk == actor.pk:
            raise ValidationError({"user": _("Another officer of the agency suspends your own access.")})
        organisation = actor.agency
        if AccessSuspension.objects.in_force().filter(user=user).exists():
            raise ValidationError({"user": _("This user's access is already suspended.")})
    else:
        if organisation is None:
            raise ValidationError({"organisation": _("Choose a user or an organisation to suspend.")})
        if not (
            actor.is_superuser or (actor.can(Perm.SUSPEND_ACCESS) and actor.organisation == organisation)
        ):
            raise PermissionDenied(Perm.SUSPEND_ACCESS)
        if AccessSuspension.objects.in_force().filter(organisation=organisation, user__isnull=True).exists():
            raise ValidationError({"organisation": _("This organisation's access is already suspended.")})
    assert organisation is not None
    suspension = AccessSuspension.objects.create(
        organisation=organisation, user=user, reason=reason, suspended_by=actor
    )
    members = (
        [user.pk]
        if user
        else list(Membership.objects.filter(organisation=organisation).values_list("user_id", flat=True))
    )
    ended = _end_sessions_of(members)
    audit_record(
        actor=actor,
        action=AuditAction.ACCESS_SUSPEND,
        object_type="user" if user else "organisation",
        object_id=user.uuid if user else organisation.uuid,
        organisation=organisation,
        fields=["access"],
        detail={"suspension": str(suspension.uuid), "users": ended},
    )
    return suspension


@transaction.atomic
def access_restore(*, actor: User, suspension: AccessSuspension, reason: str) -> AccessSuspension:
    """Lift a suspension, with a reason: a user's by an officer of their agency who may suspend; an
    organisation's by the platform administrator (its own officers are locked out by it)."""
    reason = _reason(reason, "lift_reason")
    suspension = AccessSuspension.objects.select_for_update().get(pk=suspension.pk)
    if suspension.user_id is not None:
        allowed = actor.can(Perm.SUSPEND_ACCESS) and actor.organisation == suspension.organisation
        if suspension.user_id == actor.pk:
            raise ValidationError(
                {"lift_reason": _("Another officer of the agency restores your own access.")}
            )
    else:
        allowed = actor.is_superuser
    if not allowed:
        raise PermissionDenied(Perm.SUSPEND_ACCESS)
    if not suspension.in_force:
        raise ValidationError({"lift_reason": _("This suspension was already lifted.")})
    suspension.lifted_at = timezone.now()
    suspension.lifted_by = actor
    suspension.lift_reason = reason
    suspension.save(update_fields=["lifted_at", "lifted_by", "lift_reason"])
    target = suspension.user
    audit_record(
        actor=actor,
        action=AuditAction.ACCESS_RESTORE,
        object_type="user" if target else "organisation",
        object_id=target.uuid if target else suspension.organisation.uuid,
        organisation=suspension.organisation,
        fields=["access"],
        detail={"suspension": str(suspension.uuid)},
    )
    return suspension

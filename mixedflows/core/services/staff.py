"""An agency's staff: roles, sites, accounts enabled or not, sessions and second factors. Each change is
audited, and a change that takes access away ends the user's sessions."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import (
    Membership,
    Organisation,
    Site,
    User,
)
from mixedflows.core.roles import Perm, Role


def _set_memberships(
    user: User, organisation: Organisation, roles: Iterable[str], sites: Iterable[Site]
) -> None:
    Membership.objects.filter(user=user).exclude(role__in=roles).delete()
    for role in roles:
        membership, _created = Membership.objects.get_or_create(
            user=user, organisation=organisation, role=role
        )
        membership.sites.set(sites)


def _staff_member(actor: User, user: User) -> None:
    """An agency administrator manages only their own agency's staff, and never their own access."""
    actor.require(Perm.MANAGE_USERS)
    if user.organisation != actor.organisation:
        raise PermissionDenied("Staff of another organisation.")
    if user.pk == actor.pk:
        raise ValidationError(_("Another administrator of the agency changes your own access."))


def _access(user: User) -> set[tuple[str, frozenset[int]]]:
    # Read from the database, not a prefetched cache: it is compared before and after a change.
    memberships = Membership.objects.filter(user=user).prefetch_related("sites")
    return {(m.role, frozenset(s.pk for s in m.sites.all())) for m in memberships}


def _end_sessions(user: User) -> None:
    User.objects.filter(pk=user.pk).update(session_epoch=models.F("session_epoch") + 1)
    user.refresh_from_db(fields=["session_epoch"])


@transaction.atomic
def membership_set(*, actor: User, user: User, roles: Iterable[str], sites: Iterable[Site] = ()) -> User:
    """Give a staff member of the actor's agency these roles (and sites); a role taken away ends their sessions."""
    _staff_member(actor, user)
    if not roles:
        raise ValidationError({"roles": _("Give the user at least one role, or disable the account.")})
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValidationError({"roles": _("Unknown role “%(role)s”.") % {"role": sorted(unknown)[0]}})
    organisation = actor.agency
    foreign = [s for s in sites if not s.organisations.filter(pk=organisation.pk).exists()]
    if foreign:
        raise ValidationError(
            {
                "sites": _("%(agency)s does not work at %(site)s.")
                % {"agency": organisation.short_name, "site": foreign[0].name}
            }
        )
    before = _access(user)
    _set_memberships(user, organisation, roles, sites)
    after = _access(user)
    lost = {role for role, _ in before} - {role for role, _ in after}
    # Any change of access ends the user's sessions, so a lost role or site stops working at once.
    if before != after:
        _end_sessions(user)
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="user",
        object_id=user.uuid,
        fields=["roles", "sites"],
        detail={
            "roles": sorted(roles),
            "roles_removed": sorted(lost),
            "sites": sorted(str(s.uuid) for s in sites),
            "sessions_ended": before != after,
        },
    )
    return user


@transaction.atomic
def user_set_active(*, actor: User, user: User, active: bool) -> User:
    """Disable (or enable again) a staff account; disabling ends its sessions at once."""
    _staff_member(actor, user)
    User.objects.filter(pk=user.pk).update(is_active=active)
    user.is_active = active
    if not active:
        _end_sessions(user)
    audit_record(
        actor=actor,
        action=AuditAction.ENABLE if active else AuditAction.DISABLE,
        object_type="user",
        object_id=user.uuid,
        fields=["is_active"],
    )
    return user


@transaction.atomic
def user_end_sessions(*, actor: User, user: User) -> User:
    """Sign a staff member out everywhere (a laptop left signed in, a lost phone)."""
    _staff_member(actor, user)
    _end_sessions(user)
    audit_record(actor=actor, action=AuditAction.END_SESSIONS, object_type="user", object_id=user.uuid)
    return user


@transaction.atomic
def mfa_reset(*, actor: User, user: User) -> User:
    """Clear a staff member's second factor (a lost phone): their sessions end and they enrol again."""
    from mixedflows.core.mfa import mfa_devices_remove

    _staff_member(actor, user)
    mfa_devices_remove(user)
    _end_sessions(user)
    audit_record(
        actor=actor, action=AuditAction.MFA_RESET, object_type="user", object_id=user.uuid, fields=["totp"]
    )
    return user

"""Writes for organisations, sites, users and agreements. Each is one transaction with its audit event."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import (
    AccessSuspension,
    DataSharingAgreement,
    FieldGroup,
    Membership,
    Organisation,
    Site,
    User,
)
from mixedflows.core.roles import Perm, Role
from mixedflows.lib.codes import is_country


def _require(actor: User, permission: str) -> None:
    if not actor.can(permission):
        raise PermissionDenied(permission)


@transaction.atomic
def organisation_create(
    *, actor: User, name: str, short_name: str, kind: str, mandate: str = "", country: str = ""
) -> Organisation:
    if not (actor.is_superuser or actor is None):
        raise PermissionDenied("Only a platform administrator creates organisations.")
    if country and not is_country(country):
        raise ValidationError({"country": _("Unknown country code “%(country)s”.") % {"country": country}})
    organisation = Organisation(
        name=name, short_name=short_name.upper(), kind=kind, mandate=mandate, country=country.upper()
    )
    organisation.full_clean()
    organisation.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="organisation",
        object_id=organisation.uuid,
        fields=["name", "short_name", "kind", "mandate", "country"],
    )
    return organisation


@transaction.atomic
def site_create(
    *,
    actor: User,
    name: str,
    kind: str,
    country: str,
    admin_area: str = "",
    adm1_pcode: str = "",
    adm2_pcode: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    organisations: Iterable[Organisation] = (),
) -> Site:
    """An agency administrator creates a site where their agency works; other hosts may be added."""
    _require(actor, Perm.MANAGE_SITES)
    if not is_country(country):
        raise ValidationError({"country": _("Unknown country code “%(country)s”.") % {"country": country}})
    site = Site(
        name=name,
        kind=kind,
        country=country.upper(),
        admin_area=admin_area,
        adm1_pcode=adm1_pcode.strip().upper(),
        adm2_pcode=adm2_pcode.strip().upper(),
        latitude=latitude,
        longitude=longitude,
    )
    site.full_clean()
    site.save()
    site.organisations.set({actor.agency, *organisations})
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="site",
        object_id=site.uuid,
        fields=["name", "kind", "country", "admin_area", "p-codes", "coordinates", "organisations"],
    )
    return site


@transaction.atomic
def site_join(*, actor: User, site: Site) -> Site:
    """An agency administrator records that their agency also works at an existing site."""
    _require(actor, Perm.MANAGE_SITES)
    site.organisations.add(actor.agency)
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="site",
        object_id=site.uuid,
        fields=["organisations"],
    )
    return site


@transaction.atomic
def user_create(
    *,
    actor: User,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    roles: Iterable[str] = (),
    sites: Iterable[Site] = (),
    organisation: Organisation | None = None,
) -> User:
    """An agency administrator adds a user to their own organisation with roles and, optionally, sites."""
    if organisation is None:
        _require(actor, Perm.MANAGE_USERS)
        organisation = actor.agency
    elif actor is not None:
        # Only the system (the demo, `mixedflows users add-admin` on the server) names the organisation;
        # a platform administrator never gives anyone a membership of an agency (DESIGN.md).
        raise PermissionDenied("Users are added to the administrator's own organisation.")
    if not roles:
        raise ValidationError({"roles": _("Give the user at least one role.")})
    unknown = set(roles) - set(Role.values)
    if unknown:
        raise ValidationError({"roles": _("Unknown role “%(role)s”.") % {"role": sorted(unknown)[0]}})
    foreign = [s for s in sites if not s.organisations.filter(pk=organisation.pk).exists()]
    if foreign:
        raise ValidationError(
            {
                "sites": _("%(agency)s does not work at %(site)s.")
                % {"agency": organisation.short_name, "site": foreign[0].name}
            }
        )
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("This username is taken.")})
    user = User(username=username, first_name=first_name, last_name=last_name, email=email)
    validate_password(password, user)
    user.set_password(password)
    user.save()
    _set_memberships(user, organisation, roles, sites)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="user",
        object_id=user.uuid,
        organisation=organisation,
        fields=["username", "roles", "sites"],
    )
    return user


@transaction.atomic
def agreement_save(
    *,
    actor: User,
    to_organisation: Organisation,
    field_groups: Iterable[str],
    match_notices: bool,
    signed_on: datetime.date,
    valid_until: datetime.date | None = None,
) -> DataSharingAgreement:
    """Record which field groups the actor's organisation lets cross to another organisation."""
    _require(actor, Perm.MANAGE_AGREEMENTS)
    if to_organisation == actor.organisation:
        raise ValidationError({"to_organisation": _("An agreement is between two different organisations.")})
    unknown = set(field_groups) - set(FieldGroup.values)
    if unknown:
        raise ValidationError(
            {"field_groups": _("Unknown field group “%(group)s”.") % {"group": sorted(unknown)[0]}}
        )
    agreement, created = DataSharingAgreement.objects.update_or_create(
        from_organisation=actor.agency,
        to_organisation=to_organisation,
        defaults={
            "field_groups": sorted(set(field_groups)),
            "match_notices": match_notices,
            "signed_on": signed_on,
            "valid_until": valid_until,
            "created_by": actor,
        },
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.CHANGE,
        object_type="agreement",
        object_id=agreement.uuid,
        fields=["field_groups", "match_notices", "signed_on", "valid_until"],
    )
    return agreement


@transaction.atomic
def user_set_language(*, actor: User, language: str) -> User:
    """A user chooses the language of her interface; it follows her to any laptop she signs in on."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("This language is not offered.")})
    if actor.language != language:
        actor.language = language
        actor.save(update_fields=["language"])
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            object_type="user",
            object_id=actor.uuid,
            fields=["language"],
        )
    return actor


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
    _require(actor, Perm.MANAGE_USERS)
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

"""Writes for organisations, sites, users and agreements. Each is one transaction with its audit event."""

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import (
    DataSharingAgreement,
    FieldGroup,
    Organisation,
    Site,
    User,
)
from mixedflows.core.roles import Perm, Role
from mixedflows.core.services.staff import (
    _set_memberships,
    membership_set,
    mfa_reset,
    user_end_sessions,
    user_set_active,
)
from mixedflows.core.services.suspensions import access_restore, access_suspend
from mixedflows.lib.codes import is_country

__all__ = [
    "access_restore",
    "access_suspend",
    "agreement_save",
    "membership_set",
    "mfa_reset",
    "organisation_create",
    "site_create",
    "site_join",
    "user_create",
    "user_end_sessions",
    "user_set_active",
    "user_set_language",
]


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
    actor.require(Perm.MANAGE_SITES)
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
    actor.require(Perm.MANAGE_SITES)
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
        actor.require(Perm.MANAGE_USERS)
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
    actor.require(Perm.MANAGE_AGREEMENTS)
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

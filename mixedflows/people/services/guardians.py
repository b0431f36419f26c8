"""Appointed guardians of children: recorded, ended, and asked for whenever a child's consent is taken."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import User
from mixedflows.core.roles import Perm
from mixedflows.people.models import Guardianship, Person


def _check(actor: User, person: Person) -> None:
    if not actor.can(Perm.REGISTER_PEOPLE):
        raise PermissionDenied(Perm.REGISTER_PEOPLE)
    if actor.organisation is None or person.organisation_id != actor.organisation.pk:
        raise PermissionDenied("person of another organisation")


def active_guardian(person: Person, *, on: datetime.date | None = None) -> Guardianship | None:
    """The guardian appointed for the person and in office on the day (today by default), if any."""
    day = on or timezone.localdate()
    return (
        person.guardianships.filter(appointed_on__lte=day)
        .exclude(ended_on__lte=day)
        .order_by("-appointed_on", "-pk")
        .first()
    )


def child_consent_problem(person: Person, basis: str) -> str:
    """Why this basis cannot stand for a child ("" when it can, or when the person is not a child).

    `basis` is "person" (the person's own consent) or "guardian" (the guardian's consent).
    """
    if not person.is_child:
        return ""
    if basis == "person":
        return _(
            "A child's consent is given by the appointed guardian, not by the child. Record the guardian "
            "on the person's page, or choose another legal basis and give its reason."
        )
    if basis == "guardian" and active_guardian(person) is None:
        return _(
            "No guardian is recorded for this child. The adult the child travels with is not a guardian: "
            "record the appointed guardian (a person and an organisation) on the person's page, or choose "
            "another legal basis (best interests or vital interest, decided by a supervisor) and give its reason."
        )
    return ""


@transaction.atomic
def guardian_appoint(
    *,
    actor: User,
    person: Person,
    guardian_name: str,
    guardian_organisation: str,
    appointed_by: str,
    appointed_on: datetime.date,
    reference: str = "",
) -> Guardianship:
    """Record the guardian an authority appointed for a child; the one in office before ends that day."""
    _check(actor, person)
    errors = {}
    for field, value in (
        ("guardian_name", guardian_name),
        ("guardian_organisation", guardian_organisation),
        ("appointed_by", appointed_by),
    ):
        if not value.strip():
            errors[field] = _(
                "Required: a guardian is a named person of an organisation, appointed by an authority."
            )
    if appointed_on is None:
        errors["appointed_on"] = _("Say when the guardian was appointed.")
    elif appointed_on > timezone.localdate():
        errors["appointed_on"] = _("An appointment cannot be in the future.")
    if not person.is_child and person.age is not None:
        errors["__all__"] = _(
            "A guardian is appointed for a child; this person is {age} on the record."
        ).format(age=person.age)
    if errors:
        raise ValidationError(errors)
    current = active_guardian(person)
    if current is not None:
        current.ended_on = appointed_on
        current.save(update_fields=["ended_on"])
    guardianship = Guardianship.objects.create(
        person=person,
        organisation=actor.agency,
        created_by=actor,
        guardian_name=guardian_name.strip(),
        guardian_organisation=guardian_organisation.strip(),
        appointed_by=appointed_by.strip(),
        appointed_on=appointed_on,
        reference=reference.strip(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="person",
        object_id=person.uuid,
        fields=["guardian"],
    )
    return guardianship


@transaction.atomic
def guardian_end(*, actor: User, guardianship: Guardianship, ended_on: datetime.date) -> Guardianship:
    _check(actor, guardianship.person)
    if ended_on < guardianship.appointed_on:
        raise ValidationError({"ended_on": _("A guardianship ends after it began.")})
    guardianship.ended_on = ended_on
    guardianship.save(update_fields=["ended_on"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="person",
        object_id=guardianship.person.uuid,
        fields=["guardian"],
    )
    return guardianship

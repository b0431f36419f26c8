"""People met inside: registered or found from the visit, with a detention-intake encounter, and their detention."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import User
from mixedflows.detention.models import Detention, PersonMet, Visit
from mixedflows.detention.services.common import require_monitor, require_own
from mixedflows.people.models import Encounter, Person
from mixedflows.people.services import (
    MAX_AGE,
    EncounterContext,
    PersonInput,
    encounter_add,
    person_age_assess,
    person_register,
)


def _intake_context(visit: Visit) -> EncounterContext:
    return EncounterContext(
        site=visit.facility.site,
        occurred_at=visit.started_at,
        kind=Encounter.Kind.DETENTION_INTAKE,
        detained=True,
    )


def _check_met(
    visit: Visit, reasons: list[str], detained_since: datetime.date | None, age_recorded: int | None
) -> None:
    errors = {}
    unknown = set(reasons) - set(PersonMet.Reason.values)
    if unknown:
        errors["reasons"] = f"Unknown reason {sorted(unknown)[0]!r}."
    if detained_since is not None and detained_since > timezone.localdate(visit.started_at):
        errors["detained_since"] = "The person was detained after the visit? Check the date."
    if age_recorded is not None and not 0 <= age_recorded <= MAX_AGE:
        errors["age_recorded"] = f"An age is between 0 and {MAX_AGE}."
    if errors:
        raise ValidationError(errors)


def _meet(
    *,
    actor: User,
    visit: Visit,
    person: Person,
    encounter: Encounter,
    reasons: list[str],
    note: str,
    detained_since: datetime.date | None,
    age_recorded: int | None,
    age_disputed: bool,
) -> PersonMet:
    if PersonMet.objects.filter(visit=visit, person=person).exists():
        raise ValidationError(
            {"person": f"{person.registration_number} is already among the people met at this visit."}
        )
    detention = (
        Detention.objects.owned_by(actor.organisation)
        .filter(person=person, facility=visit.facility, ended_on__isnull=True)
        .first()
    )
    if detention is None:
        detention = Detention.objects.create(
            organisation=actor.agency,
            created_by=actor,
            person=person,
            facility=visit.facility,
            detained_since=detained_since or timezone.localdate(visit.started_at),
            age_recorded=age_recorded,
        )
    else:
        if detained_since and detained_since != detention.detained_since:
            detention.detained_since = detained_since
        if age_recorded is not None:
            detention.age_recorded = age_recorded
        detention.save(update_fields=["detained_since", "age_recorded"])
    if age_disputed and not person.age_disputed:
        person_age_assess(actor=actor, person=person, age_assessed=person.age_assessed, disputed=True)
    met = PersonMet.objects.create(
        organisation=actor.agency,
        created_by=actor,
        visit=visit,
        person=person,
        encounter=encounter,
        detention=detention,
        reasons=sorted(set(reasons)),
        note=note.strip(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="detention_person_met",
        object_id=met.uuid,
        fields=["person", "reasons", "detention"] + (["age_recorded"] if age_recorded is not None else []),
        detail={"visit": str(visit.uuid)},
    )
    return met


@transaction.atomic
def person_met_register(
    *,
    actor: User,
    visit: Visit,
    data: PersonInput,
    reasons: list[str],
    note: str = "",
    detained_since: datetime.date | None = None,
    age_recorded: int | None = None,
    age_disputed: bool = False,
) -> PersonMet:
    """Register a person the team met, with a detention-intake encounter at the facility."""
    require_monitor(actor)
    require_own(actor, visit)
    _check_met(visit, reasons, detained_since, age_recorded)
    person = person_register(actor=actor, data=data, context=_intake_context(visit))
    encounter = person.encounters.filter(kind=Encounter.Kind.DETENTION_INTAKE).latest("pk")
    return _meet(
        actor=actor,
        visit=visit,
        person=person,
        encounter=encounter,
        reasons=reasons,
        note=note,
        detained_since=detained_since,
        age_recorded=age_recorded,
        age_disputed=age_disputed,
    )


@transaction.atomic
def person_met_find(
    *,
    actor: User,
    visit: Visit,
    person: Person,
    reasons: list[str],
    note: str = "",
    detained_since: datetime.date | None = None,
    age_recorded: int | None = None,
    age_disputed: bool = False,
) -> PersonMet:
    """A person the agency already registered, met again inside: a new detention-intake encounter."""
    require_monitor(actor)
    require_own(actor, visit)
    if person.organisation_id != actor.agency.pk:
        raise PermissionDenied("person of another organisation")
    _check_met(visit, reasons, detained_since, age_recorded)
    encounter = encounter_add(actor=actor, person=person, context=_intake_context(visit))
    return _meet(
        actor=actor,
        visit=visit,
        person=person,
        encounter=encounter,
        reasons=reasons,
        note=note,
        detained_since=detained_since,
        age_recorded=age_recorded,
        age_disputed=age_disputed,
    )


@transaction.atomic
def detention_end(
    *, actor: User, detention: Detention, ended_on: datetime.date, end: str, transferred_to: str = ""
) -> Detention:
    """Record a release or a transfer; the days detained stop counting."""
    require_monitor(actor)
    require_own(actor, detention)
    errors = {}
    if detention.ended_on is not None:
        errors["ended_on"] = "This detention has already ended."
    elif ended_on < detention.detained_since:
        errors["ended_on"] = "The detention ends before it began."
    elif ended_on > timezone.localdate():
        errors["ended_on"] = "The date is in the future."
    if end not in Detention.End.values:
        errors["end"] = "Say how the detention ended."
    elif end == Detention.End.TRANSFERRED and not transferred_to.strip():
        errors["transferred_to"] = "Say where the person was transferred to."
    if errors:
        raise ValidationError(errors)
    detention.ended_on, detention.end, detention.transferred_to = ended_on, end, transferred_to.strip()
    detention.save(update_fields=["ended_on", "end", "transferred_to"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="detention",
        object_id=detention.uuid,
        fields=["ended_on", "end"],
    )
    return detention

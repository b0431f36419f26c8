"""Writes for people, groups and encounters: one transaction each, audited inside it."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import User
from mixedflows.core.roles import Perm
from mixedflows.lib.codes import is_country
from mixedflows.lib.names import name_keys
from mixedflows.people.models import (
    NAME_FIELDS,
    Alias,
    Document,
    Group,
    Person,
    PersonNameKey,
    document_number_index,
    new_registration_number,
)
from mixedflows.people.selectors import SearchHit, people_search
from mixedflows.people.services.encounters import (
    _encounter_create,
    arrival_context,
    arrival_open,
    encounter_add,
    relationship_set,
)
from mixedflows.people.services.inputs import (
    MAX_AGE,
    PERSON_FIELDS,
    EncounterContext,
    PersonInput,
    validate_encounter,
    validate_person,
)

__all__ = [
    "MAX_AGE",
    "PERSON_FIELDS",
    "EncounterContext",
    "PersonInput",
    "arrival_context",
    "arrival_open",
    "encounter_add",
    "people_searched",
    "person_age_assess",
    "person_aliases_set",
    "person_edit",
    "person_register",
    "person_update",
    "person_viewed",
    "refresh_name_keys",
    "relationship_set",
    "validate_encounter",
    "validate_person",
]


def refresh_name_keys(person: Person, aliases: list[str] | None = None) -> None:
    names = [getattr(person, f) for f in NAME_FIELDS] + (
        aliases if aliases is not None else [a.name for a in person.aliases.all()]
    )
    keys = name_keys(*names)
    PersonNameKey.objects.filter(person=person).delete()
    PersonNameKey.objects.bulk_create(
        PersonNameKey(person=person, organisation_id=person.organisation_id, key=k) for k in keys
    )


def _add_documents(person: Person, documents: list[dict]) -> None:
    for doc in documents:
        number = (doc.get("number") or "").strip()
        if not number:
            continue
        country = (doc.get("issuing_country") or "").upper()
        if country and not is_country(country):
            raise ValidationError(
                {"documents": _("Unknown issuing country %(code)s.") % {"code": repr(country)}}
            )
        if doc.get("kind", Document.Kind.OTHER) not in Document.Kind.values:
            raise ValidationError(
                {"documents": _("Unknown document kind %(kind)s.") % {"kind": repr(doc.get("kind"))}}
            )
        Document.objects.create(
            person=person,
            organisation_id=person.organisation_id,
            kind=doc.get("kind", Document.Kind.OTHER),
            number=number,
            number_index=document_number_index(number),
            issuing_country=country,
            held_by_person=doc.get("held_by_person", True),
        )


@transaction.atomic
def person_register(
    *, actor: User, data: PersonInput, context: EncounterContext, group: Group | None = None
) -> Person:
    """Register a person met in an encounter (and, for a boat, as a member of its group)."""
    actor.require(Perm.REGISTER_PEOPLE)
    if data.intake_key:
        already = Person.objects.filter(organisation=actor.agency, intake_key=data.intake_key).first()
        if already:
            return already
    values = validate_person(data, today=timezone.localdate(), country=context.site.country)
    validate_encounter(actor, context)
    if group is not None and group.organisation_id != actor.agency.pk:
        raise PermissionDenied("group of another organisation")
    try:
        with transaction.atomic():
            person = Person.objects.create(
                organisation=actor.agency,
                registration_number=new_registration_number(actor.agency.short_name),
                created_by=actor,
                intake_key=data.intake_key or None,
                **values,
            )
    except IntegrityError:
        # The same row re-sent while the first request was still saving it (a retry after a dropped connection).
        already = Person.objects.filter(organisation=actor.agency, intake_key=data.intake_key).first()
        if data.intake_key and already:
            return already
        raise
    aliases = [a.strip() for a in data.aliases if a.strip()]
    Alias.objects.bulk_create(Alias(person=person, name=a) for a in aliases)
    _add_documents(person, data.documents)
    refresh_name_keys(person, aliases)
    _encounter_create(actor, person, context, group)
    if group is not None:
        group.members.add(person)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="person",
        object_id=person.uuid,
        fields=[k for k, v in values.items() if v not in ("", None, [])]
        + (["aliases"] if aliases else [])
        + (["documents"] if data.documents else [])
        + ["encounter"],
    )
    return person


@transaction.atomic
def person_update(*, actor: User, person: Person, data: PersonInput) -> list[str]:
    """Change a person's identity fields; returns (and audits) the names of the fields that changed."""
    actor.require(Perm.REGISTER_PEOPLE)
    if person.organisation_id != actor.agency.pk:
        raise PermissionDenied("person of another organisation")
    values = validate_person(
        data, today=timezone.localdate(), country=person.home_country, stored_phone=person.phone
    )
    if values["age_declared"] is None:
        values["age_declared"] = person.age_declared
    changed = [name for name, value in values.items() if getattr(person, name) != value]
    for name in changed:
        setattr(person, name, values[name])
    if changed:
        person.save()
        if set(changed) & set(NAME_FIELDS):
            refresh_name_keys(person)
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            object_type="person",
            object_id=person.uuid,
            fields=changed,
        )
    return changed


@transaction.atomic
def person_age_assess(*, actor: User, person: Person, age_assessed: int | None, disputed: bool) -> None:
    """Record an assessed age and whether the age is disputed (a 16-year-old recorded as 19)."""
    actor.require(Perm.REGISTER_PEOPLE)
    if person.organisation_id != actor.agency.pk:
        raise PermissionDenied("person of another organisation")
    if age_assessed is not None and not 0 <= age_assessed <= MAX_AGE:
        raise ValidationError({"age_assessed": _("An age is between 0 and %(max)d.") % {"max": MAX_AGE}})
    person.age_assessed, person.age_disputed = age_assessed, disputed
    person.save(update_fields=["age_assessed", "age_disputed", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="person",
        object_id=person.uuid,
        fields=["age_assessed", "age_disputed"],
    )


@transaction.atomic
def person_aliases_set(*, actor: User, person: Person, aliases: list[str]) -> bool:
    """Replace the person's other spellings and names; returns whether they changed."""
    actor.require(Perm.REGISTER_PEOPLE)
    if person.organisation_id != actor.agency.pk:
        raise PermissionDenied("person of another organisation")
    wanted = sorted({a.strip() for a in aliases if a.strip()})
    if wanted == sorted(a.name for a in person.aliases.all()):
        return False
    person.aliases.all().delete()
    Alias.objects.bulk_create(Alias(person=person, name=a) for a in wanted)
    refresh_name_keys(person, wanted)
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="person",
        object_id=person.uuid,
        fields=["aliases"],
    )
    return True


@transaction.atomic
def person_edit(*, actor: User, person: Person, data: PersonInput, aliases: list[str]) -> list[str]:
    """The person page's edit: identity fields and other names in one transaction (both or neither)."""
    changed = person_update(actor=actor, person=person, data=data)
    if person_aliases_set(actor=actor, person=person, aliases=aliases):
        changed.append("aliases")
    return changed


def person_viewed(*, actor: User, person: Person) -> None:
    """Opening a person's page is an audited view."""
    audit_record(actor=actor, action=AuditAction.VIEW, object_type="person", object_id=person.uuid)


def people_searched(*, actor: User, query: str) -> list[SearchHit]:
    """A search for people (`selectors.people_search`), recorded with the number of results, never the query."""
    hits = people_search(user=actor, query=query)
    audit_record(actor=actor, action=AuditAction.SEARCH, object_type="person", detail={"results": len(hits)})
    return hits

"""Writes for people, groups and encounters: one transaction each, audited inside it."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import Site, User
from mixedflows.core.roles import Perm
from mixedflows.lib.calendars import Calendar
from mixedflows.lib.codes import is_country, is_language
from mixedflows.lib.dates import date_from_age
from mixedflows.lib.names import name_keys, normalise_document_number
from mixedflows.lib.phones import PhoneError, phone_e164
from mixedflows.people.models import (
    IDENTITY_FIELDS,
    NAME_FIELDS,
    Alias,
    DobPrecision,
    Document,
    Encounter,
    Group,
    Person,
    PersonNameKey,
    Relationship,
    Sex,
    new_registration_number,
)
from mixedflows.people.selectors import SearchHit, people_search

PERSON_FIELDS = (
    *IDENTITY_FIELDS,
    "phone",
    "legal_basis",
    "purpose",
)
MAX_AGE = 110


@dataclass
class EncounterContext:
    """Where, when and how a person was met; shared by everyone on one boat."""

    site: Site
    occurred_at: datetime.datetime
    kind: str
    departure_country: str = ""
    previous_place: str = ""
    intended_destination: str = ""
    transport_mode: str = ""
    detained: bool = False


@dataclass
class PersonInput:
    given_name: str = ""
    fathers_name: str = ""
    grandfathers_name: str = ""
    family_name: str = ""
    name_original_script: str = ""
    sex: str = ""
    date_of_birth: datetime.date | None = None
    dob_precision: str = ""
    dob_calendar: str = (
        ""  # the calendar the date was given in (lib.calendars.Calendar); the date is Gregorian
    )
    age: int | None = None  # as declared, when there is no date of birth
    nationality: str = ""
    languages: list[str] = field(default_factory=list)
    phone: str = ""
    aliases: list[str] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)
    intake_key: str = ""


def _require(actor: User, permission: str) -> None:
    if not actor.can(permission):
        raise PermissionDenied(permission)


def _check_site(actor: User, site: Site) -> None:
    if not Site.objects.usable_by(actor).filter(pk=site.pk).exists():
        raise ValidationError(
            {
                "site": f"{actor.agency.short_name} does not work at {site.name} (or you are not assigned there)."
            }
        )


def validate_person(
    data: PersonInput, *, today: datetime.date, country: str = "", stored_phone: str = ""
) -> dict:
    """Check a person's fields; return the model values. Raises ValidationError naming each bad field.

    `country` (alpha-3, the site's) is where a phone number typed without its + prefix belongs. A phone
    left as it was stored (an old one no parser reads) is kept, so it does not block the rest of an edit.
    """
    errors: dict[str, str] = {}
    if not any(getattr(data, f) for f in NAME_FIELDS):
        errors["given_name"] = "Enter at least one name, as the person says it."
    if data.sex not in Sex.values:
        errors["sex"] = f"Unknown sex {data.sex!r}."
    nationality = (data.nationality or "").upper()
    if nationality and not is_country(nationality):
        errors["nationality"] = f"Unknown country code {data.nationality!r} (use ISO 3166 alpha-3, e.g. ERI)."
    languages = [code.lower() for code in data.languages if code]
    bad_languages = [code for code in languages if not is_language(code)]
    if bad_languages:
        errors["languages"] = f"Unknown language code {bad_languages[0]!r} (use ISO 639-3, e.g. tir)."
    dob, precision, age_declared = data.date_of_birth, data.dob_precision, data.age
    if dob is not None:
        if dob > today:
            errors["date_of_birth"] = "The date of birth is in the future."
        elif today.year - dob.year > MAX_AGE:
            errors["date_of_birth"] = f"The date of birth is more than {MAX_AGE} years ago."
        precision = precision or DobPrecision.EXACT
    elif age_declared is not None:
        if not 0 <= age_declared <= MAX_AGE:
            errors["age"] = f"An age is between 0 and {MAX_AGE}."
        else:
            dob, precision = date_from_age(age_declared, today), DobPrecision.ESTIMATED
    if precision and precision not in DobPrecision.values:
        errors["dob_precision"] = f"Unknown precision {precision!r}."
    calendar = data.dob_calendar if dob is not None and precision != DobPrecision.ESTIMATED else ""
    if calendar not in Calendar.values:
        errors["date_of_birth"] = _("Unknown calendar %(calendar)s.") % {"calendar": calendar}
    phone = stored_phone if stored_phone and data.phone.strip() == stored_phone else ""
    try:
        phone = phone or phone_e164(data.phone, country=country)
    except PhoneError as error:
        errors["phone"] = str(error)
    if errors:
        raise ValidationError(errors)
    return {
        "given_name": data.given_name.strip(),
        "fathers_name": data.fathers_name.strip(),
        "grandfathers_name": data.grandfathers_name.strip(),
        "family_name": data.family_name.strip(),
        "name_original_script": data.name_original_script.strip(),
        "sex": data.sex,
        "date_of_birth": dob,
        "dob_precision": precision if dob else "",
        "dob_calendar": calendar,
        "age_declared": age_declared,
        "nationality": nationality,
        "languages": languages,
        "phone": phone,
    }


def validate_encounter(actor: User, context: EncounterContext) -> None:
    errors = {}
    if context.kind not in Encounter.Kind.values:
        errors["kind"] = f"Unknown kind of encounter {context.kind!r}."
    if context.departure_country and not is_country(context.departure_country):
        errors["departure_country"] = f"Unknown country code {context.departure_country!r}."
    if context.transport_mode and context.transport_mode not in Encounter.Transport.values:
        errors["transport_mode"] = f"Unknown transport mode {context.transport_mode!r}."
    if context.occurred_at > timezone.now() + datetime.timedelta(minutes=5):
        errors["occurred_at"] = "The encounter is in the future."
    if errors:
        raise ValidationError(errors)
    _check_site(actor, context.site)


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
            raise ValidationError({"documents": f"Unknown issuing country {country!r}."})
        if doc.get("kind", Document.Kind.OTHER) not in Document.Kind.values:
            raise ValidationError({"documents": f"Unknown document kind {doc.get('kind')!r}."})
        Document.objects.create(
            person=person,
            organisation_id=person.organisation_id,
            kind=doc.get("kind", Document.Kind.OTHER),
            number=number,
            number_normalised=normalise_document_number(number),
            issuing_country=country,
            held_by_person=doc.get("held_by_person", True),
        )


def _encounter_create(
    actor: User, person: Person, context: EncounterContext, group: Group | None
) -> Encounter:
    return Encounter.objects.create(
        organisation=actor.agency,
        person=person,
        group=group,
        site=context.site,
        occurred_at=context.occurred_at,
        kind=context.kind,
        departure_country=context.departure_country.upper(),
        previous_place=context.previous_place,
        intended_destination=context.intended_destination,
        transport_mode=context.transport_mode,
        detained=context.detained,
        created_by=actor,
    )


@transaction.atomic
def person_register(
    *, actor: User, data: PersonInput, context: EncounterContext, group: Group | None = None
) -> Person:
    """Register a person met in an encounter (and, for a boat, as a member of its group)."""
    _require(actor, Perm.REGISTER_PEOPLE)
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
    _require(actor, Perm.REGISTER_PEOPLE)
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
    _require(actor, Perm.REGISTER_PEOPLE)
    if person.organisation_id != actor.agency.pk:
        raise PermissionDenied("person of another organisation")
    if age_assessed is not None and not 0 <= age_assessed <= MAX_AGE:
        raise ValidationError({"age_assessed": f"An age is between 0 and {MAX_AGE}."})
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
    _require(actor, Perm.REGISTER_PEOPLE)
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


@transaction.atomic
def encounter_add(*, actor: User, person: Person, context: EncounterContext) -> Encounter:
    _require(actor, Perm.REGISTER_PEOPLE)
    if person.organisation_id != actor.agency.pk:
        raise PermissionDenied("person of another organisation")
    validate_encounter(actor, context)
    encounter = _encounter_create(actor, person, context, None)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="encounter",
        object_id=encounter.uuid,
        fields=[
            "site",
            "occurred_at",
            "kind",
            "departure_country",
            "previous_place",
            "intended_destination",
            "transport_mode",
            "detained",
        ],
        detail={"person": str(person.uuid)},
    )
    return encounter


@transaction.atomic
def arrival_open(*, actor: User, label: str, context: EncounterContext, kind: str = Group.Kind.BOAT) -> Group:
    """Open a boat (or other group) whose people will be registered row after row with this encounter context."""
    _require(actor, Perm.REGISTER_PEOPLE)
    validate_encounter(actor, context)
    if kind not in Group.Kind.values:
        raise ValidationError({"kind": f"Unknown kind of group {kind!r}."})
    group = Group.objects.create(
        organisation=actor.agency,
        kind=kind,
        label=label.strip() or "Arrival",
        created_by=actor,
        site=context.site,
        arrived_at=context.occurred_at,
        encounter_kind=context.kind,
        departure_country=context.departure_country.upper(),
        previous_place=context.previous_place,
        transport_mode=context.transport_mode,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="group",
        object_id=group.uuid,
        fields=["kind", "label", "site", "arrived_at", "encounter_kind", "departure_country"],
    )
    return group


def arrival_context(group: Group) -> EncounterContext:
    if group.site is None or group.arrived_at is None:
        raise ValidationError(_("This group has no arrival (site and time) to register people into."))
    return EncounterContext(
        site=group.site,
        occurred_at=group.arrived_at,
        kind=group.encounter_kind,
        departure_country=group.departure_country,
        previous_place=group.previous_place,
        transport_mode=group.transport_mode,
    )


@transaction.atomic
def relationship_set(
    *, actor: User, group: Group, person: Person, relative: Person, kind: str
) -> Relationship:
    """Record that `relative` is the `kind` of `person` (mother, sibling, unrelated adult companion...)."""
    _require(actor, Perm.REGISTER_PEOPLE)
    if group.organisation_id != actor.agency.pk:
        raise PermissionDenied("group of another organisation")
    member_ids = set(group.members.values_list("pk", flat=True))
    if person.pk not in member_ids or relative.pk not in member_ids:
        raise ValidationError({"relative": "Both people must be members of the group."})
    if person.pk == relative.pk:
        raise ValidationError({"relative": "A person is not their own relative."})
    if kind not in Relationship.Kind.values:
        raise ValidationError({"kind": f"Unknown relationship {kind!r}."})
    relationship, _ = Relationship.objects.update_or_create(
        group=group,
        person=person,
        relative=relative,
        defaults={"kind": kind, "organisation": actor.agency},
    )
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="group",
        object_id=group.uuid,
        fields=["relationships"],
    )
    return relationship

"""People, groups and encounters over JSON: the same selectors and services as the pages.

A field group the caller may not see is absent from the answer (not null)."""

import datetime
import uuid as uuid_lib

from django.core.exceptions import ValidationError
from django.db.models import Count, prefetch_related_objects
from django.utils.translation import gettext as _
from ninja import Field, Query, Status

from mixedflows.core.models import FieldGroup, Site
from mixedflows.integrations.apikit import (
    ApiRequest,
    In,
    PageQuery,
    Schema,
    answers,
    keyset_page,
    router,
    scoped,
)
from mixedflows.people import selectors, services
from mixedflows.people.models import IDENTITY_FIELDS, Encounter, Group, Person

api = router("people")


class DocumentOut(Schema):
    kind: str
    number: str
    issuing_country: str
    held_by_person: bool


class PersonOut(Schema):
    """Fields of a group the caller may not see are left out of the answer, never sent empty."""

    id: uuid_lib.UUID
    registration_number: str
    organisation: str
    field_groups: list[str] = Field(description="The field groups present in this answer.")
    given_name: str | None = Field(None, description="identity group")
    fathers_name: str | None = Field(None, description="identity group")
    grandfathers_name: str | None = Field(None, description="identity group")
    family_name: str | None = Field(None, description="identity group")
    name_original_script: str | None = Field(None, description="identity group")
    aliases: list[str] | None = Field(None, description="identity group")
    sex: str | None = Field(None, description="identity group: F, M, X or empty")
    date_of_birth: datetime.date | None = Field(None, description="identity group")
    dob_precision: str | None = Field(None, description="identity group")
    dob_calendar: str | None = Field(
        None,
        description="identity group: the calendar the date was given in ('' Gregorian, ethiopian, hijri, "
        "solar_hijri); date_of_birth is always Gregorian",
    )
    age_declared: int | None = Field(None, description="identity group")
    age_assessed: int | None = Field(None, description="identity group")
    age_disputed: bool | None = Field(None, description="identity group")
    nationality: str | None = Field(None, description="identity group (ISO 3166-1 alpha-3)")
    other_nationalities: list[str] | None = Field(None, description="identity group")
    languages: list[str] | None = Field(None, description="identity group (ISO 639-3)")
    documents: list[DocumentOut] | None = Field(None, description="documents group")
    phone: str | None = Field(None, description="contact group")


def person_out(person: Person, groups: frozenset[str]) -> dict:
    """Only the keys of the groups the caller may see: the response leaves the others out."""
    out: dict = {
        "id": person.uuid,
        "registration_number": person.registration_number,
        "organisation": person.organisation.short_name,
        "field_groups": sorted(groups),
    }
    if FieldGroup.IDENTITY in groups:
        out.update({name: getattr(person, name) for name in IDENTITY_FIELDS})
        out["aliases"] = [a.name for a in person.aliases.all()]
    if FieldGroup.DOCUMENTS in groups:
        out["documents"] = [
            {
                "kind": d.kind,
                "number": d.number,
                "issuing_country": d.issuing_country,
                "held_by_person": d.held_by_person,
            }
            for d in person.documents.all()
        ]
    if FieldGroup.CONTACT in groups:
        out["phone"] = person.phone
    return out


class SearchIn(In):
    query: str = Field(
        ...,
        min_length=1,
        max_length=200,
        description="a name in any spelling or script, a document or registration number",
    )


class SearchHitOut(Schema):
    score: float
    person: PersonOut


@api.post(
    "/people/search",
    response=answers({200: list[SearchHitOut]}),
    exclude_unset=True,
    operation_id="people_search",
)
@scoped("people:read")
def people_search(request: ApiRequest, body: SearchIn):
    """Search people by POST so names stay out of URLs and logs; one audit event with the count, never the query."""
    hits = services.people_searched(actor=request.user, query=body.query)  # scoped() signed it in
    # Two queries for every hit's aliases and documents, not two per hit (50 hits made 100 queries).
    prefetch_related_objects([hit.person for hit in hits], "aliases", "documents")
    return [
        {
            "score": hit.score,
            "person": person_out(hit.person, hit.groups),
        }
        for hit in hits
    ]


@api.get("/people/{uuid}", response=answers({200: PersonOut}), exclude_unset=True, operation_id="people_read")
@scoped("people:read")
def person_read(request: ApiRequest, uuid: uuid_lib.UUID):
    """One person, with the field groups the caller may see; a person of another agency is a 404."""
    person = selectors.person_for(user=request.user, uuid=uuid)
    services.person_viewed(actor=request.user, person=person)
    return person_out(person, selectors.field_groups_for(user=request.user, person=person))


class DocumentIn(In):
    kind: str
    number: str = Field(..., max_length=64)
    issuing_country: str = ""
    held_by_person: bool = True


class EncounterIn(In):
    site: uuid_lib.UUID
    occurred_at: datetime.datetime
    kind: str = Field(
        ..., description="sea_rescue, sea_interception, land_border, air_arrival, detention_intake, other"
    )
    departure_country: str = ""
    previous_place: str = ""
    intended_destination: str = ""
    transport_mode: str = ""
    detained: bool = False


class PersonIn(In):
    given_name: str = Field("", max_length=100)
    fathers_name: str = Field("", max_length=100)
    grandfathers_name: str = Field("", max_length=100)
    family_name: str = Field("", max_length=100)
    name_original_script: str = Field("", max_length=200)
    sex: str = Field("", description="F, M or X")
    date_of_birth: datetime.date | None = None
    dob_precision: str = ""
    age: int | None = Field(None, description="age as declared, when there is no date of birth")
    nationality: str = ""
    languages: list[str] = []
    phone: str = ""
    aliases: list[str] = []
    documents: list[DocumentIn] = []
    intake_key: str = Field(
        "", max_length=64, description="the arrival grid's key: the same key registers once"
    )
    group: uuid_lib.UUID | None = None
    encounter: EncounterIn


def _site(user, uuid) -> Site:
    site = Site.objects.usable_by(user).filter(uuid=uuid).first()
    if site is None:
        raise ValidationError({"site": _("Not a site where you may record encounters.")})
    return site


def _context(user, encounter: EncounterIn) -> services.EncounterContext:
    return services.EncounterContext(
        site=_site(user, encounter.site),
        occurred_at=encounter.occurred_at,
        kind=encounter.kind,
        departure_country=encounter.departure_country,
        previous_place=encounter.previous_place,
        intended_destination=encounter.intended_destination,
        transport_mode=encounter.transport_mode,
        detained=encounter.detained,
    )


@api.post("/people", response=answers({201: PersonOut}), exclude_unset=True, operation_id="people_register")
@scoped("people:write")
def person_register(request: ApiRequest, body: PersonIn):
    """Register a person met in an encounter (and as a member of a group)."""
    group = selectors.group_for(user=request.user, uuid=body.group) if body.group else None
    data = services.PersonInput(
        **body.model_dump(exclude={"group", "encounter", "documents"}),
        documents=[d.model_dump() for d in body.documents],
    )
    person = services.person_register(
        actor=request.user, data=data, context=_context(request.user, body.encounter), group=group
    )
    return Status(201, person_out(person, selectors.field_groups_for(user=request.user, person=person)))


class EncounterOut(Schema):
    id: uuid_lib.UUID
    person: uuid_lib.UUID
    site: uuid_lib.UUID
    site_name: str
    occurred_at: datetime.datetime
    kind: str
    departure_country: str
    previous_place: str
    intended_destination: str
    transport_mode: str
    detained: bool


def encounter_out(e: Encounter) -> dict:
    return {
        "id": e.uuid,
        "person": e.person.uuid,
        "site": e.site.uuid,
        "site_name": e.site.name,
        "occurred_at": e.occurred_at,
        "kind": e.kind,
        "departure_country": e.departure_country,
        "previous_place": e.previous_place,
        "intended_destination": e.intended_destination,
        "transport_mode": e.transport_mode,
        "detained": e.detained,
    }


@api.get(
    "/people/{uuid}/encounters", response=answers({200: list[EncounterOut]}), operation_id="people_encounters"
)
@scoped("people:read")
def person_encounters(request: ApiRequest, uuid: uuid_lib.UUID):
    """Encounters of a person, where the encounters group may be seen (else an empty list)."""
    person = selectors.person_for(user=request.user, uuid=uuid)
    return [
        encounter_out(e)
        for e in selectors.encounters_of(user=request.user, person=person).select_related("person")
    ]


@api.post(
    "/people/{uuid}/encounters", response=answers({201: EncounterOut}), operation_id="people_encounter_add"
)
@scoped("people:write")
def person_encounter_add(request: ApiRequest, uuid: uuid_lib.UUID, body: EncounterIn):
    """Record that the agency met a person it registered again (another site, another day)."""
    person = selectors.owned_person_for(user=request.user, uuid=uuid)
    encounter = services.encounter_add(
        actor=request.user, person=person, context=_context(request.user, body)
    )
    return Status(201, encounter_out(encounter))


class GroupOut(Schema):
    id: uuid_lib.UUID
    kind: str
    label: str
    site: uuid_lib.UUID | None
    arrived_at: datetime.datetime | None
    encounter_kind: str
    departure_country: str
    size: int


class MemberOut(Schema):
    person: uuid_lib.UUID
    registration_number: str
    accompaniment: str = Field(description="for children: accompanied, separated or unaccompanied")
    with_unrelated_adult: bool
    relations: list[dict[str, str]]


class GroupDetailOut(GroupOut):
    members: list[MemberOut]


def group_out(group: Group, size: int) -> dict:
    return {
        "id": group.uuid,
        "kind": group.kind,
        "label": group.label,
        "site": group.site.uuid if group.site else None,
        "arrived_at": group.arrived_at,
        "encounter_kind": group.encounter_kind,
        "departure_country": group.departure_country,
        "size": size,
    }


class GroupPage(Schema):
    results: list[GroupOut]
    next: str | None


@api.get("/groups", response=answers({200: GroupPage}), operation_id="groups_list")
@scoped("people:read")
def groups_list(request: ApiRequest, page: Query[PageQuery]):
    """The agency's groups (boats, families, travel groups), newest first."""
    groups = Group.objects.visible_to(request.user).select_related("site").annotate(size=Count("members"))
    return keyset_page(groups, page, order="-created_at", out=lambda g: group_out(g, g.size))


@api.get("/groups/{uuid}", response=answers({200: GroupDetailOut}), operation_id="groups_read")
@scoped("people:read")
def group_read(request: ApiRequest, uuid: uuid_lib.UUID):
    """A group with its members and how each child travels (accompanied, separated, unaccompanied)."""
    group = selectors.group_for(user=request.user, uuid=uuid)
    members = selectors.group_view(group=group)
    return {
        **group_out(group, len(members)),
        "members": [
            {
                "person": m.person.uuid,
                "registration_number": m.person.registration_number,
                "accompaniment": m.accompaniment,
                "with_unrelated_adult": m.with_unrelated_adult,
                "relations": [
                    {"relation": str(label), "person": str(other.uuid)} for label, other in m.relations
                ],
            }
            for m in members
        ],
    }


class ArrivalIn(In):
    label: str = Field(..., max_length=120)
    kind: str = Group.Kind.BOAT
    encounter: EncounterIn


@api.post("/groups", response=answers({201: GroupOut}), operation_id="groups_open")
@scoped("people:write")
def group_open(request: ApiRequest, body: ArrivalIn):
    """Open an arrival (a boat, a group) whose people are then registered with `group`."""
    group = services.arrival_open(
        actor=request.user, label=body.label, context=_context(request.user, body.encounter), kind=body.kind
    )
    return Status(201, group_out(group, 0))

"""Encounters, arrivals (a boat, a group) and the relationships between the people who travel together."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import User
from mixedflows.core.roles import Perm
from mixedflows.people.models import (
    Encounter,
    Group,
    Person,
    Relationship,
)
from mixedflows.people.services.inputs import EncounterContext, validate_encounter


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
def encounter_add(*, actor: User, person: Person, context: EncounterContext) -> Encounter:
    actor.require(Perm.REGISTER_PEOPLE)
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
    actor.require(Perm.REGISTER_PEOPLE)
    validate_encounter(actor, context)
    if kind not in Group.Kind.values:
        raise ValidationError({"kind": _("Unknown kind of group %(kind)s.") % {"kind": repr(kind)}})
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
    actor.require(Perm.REGISTER_PEOPLE)
    if group.organisation_id != actor.agency.pk:
        raise PermissionDenied("group of another organisation")
    member_ids = set(group.members.values_list("pk", flat=True))
    if person.pk not in member_ids or relative.pk not in member_ids:
        raise ValidationError({"relative": _("Both people must be members of the group.")})
    if person.pk == relative.pk:
        raise ValidationError({"relative": _("A person is not their own relative.")})
    if kind not in Relationship.Kind.values:
        raise ValidationError({"kind": _("Unknown relationship %(kind)s.") % {"kind": repr(kind)}})
    relationship, _created = Relationship.objects.update_or_create(
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

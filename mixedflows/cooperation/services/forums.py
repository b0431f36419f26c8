"""Coordination forums: members (agencies and States), meetings, decisions, and action points followed until done."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixedflows.cooperation.models import (
    ActionPoint,
    ActionPointUpdate,
    Decision,
    Document,
    Forum,
    ForumMember,
    Meeting,
)
from mixedflows.cooperation.services import documents
from mixedflows.cooperation.services.common import require_coordinator
from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import Organisation, User
from mixedflows.lib.codes import is_country


def _member_agency_ids(forum: Forum) -> set[int]:
    ids = set(forum.members.exclude(organisation=None).values_list("organisation_id", flat=True))
    return ids | {forum.organisation_id}


def require_member(actor: User, forum: Forum) -> Organisation:
    """The actor's agency, when it may coordinate and is a member of the forum (or holds its secretariat)."""
    organisation = require_coordinator(actor)
    if organisation.pk not in _member_agency_ids(forum):
        raise PermissionDenied(_("Your agency is not a member of this forum: nothing was recorded."))
    return organisation


@transaction.atomic
def forum_create(
    *,
    actor: User,
    name: str,
    kind: str,
    scope: str = "",
    countries: list[str] = [],  # noqa: B006 (never mutated)
    member_agencies: list[Organisation] = [],  # noqa: B006
    member_states: list[str] = [],  # noqa: B006
) -> Forum:
    """A forum whose secretariat the actor's agency holds; the agency is a member too."""
    organisation = require_coordinator(actor)
    if not name.strip():
        raise ValidationError({"name": _("Give the forum a name.")})
    bad = [c for c in [*countries, *member_states] if not is_country(c)]
    if bad:
        field = "countries" if bad[0] in countries else "member_states"
        raise ValidationError({field: _("Unknown country code “%(country)s”.") % {"country": bad[0]}})
    forum = Forum.objects.create(
        organisation=organisation,
        created_by=actor,
        name=name.strip(),
        kind=kind,
        scope=scope.strip(),
        countries=[c.upper() for c in countries],
    )
    agencies = {organisation, *member_agencies}
    ForumMember.objects.bulk_create(
        [ForumMember(forum=forum, organisation=o) for o in agencies]
        + [ForumMember(forum=forum, state=s.upper()) for s in dict.fromkeys(member_states)]
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="cooperation_forum",
        object_id=forum.uuid,
        fields=["name", "kind", "scope", "countries", "members"],
    )
    return forum


@transaction.atomic
def meeting_record(
    *,
    actor: User,
    forum: Forum,
    held_on: datetime.date,
    place: str,
    agenda: str,
    participants: list[Organisation] = [],  # noqa: B006
    other_participants: str = "",
    minutes: UploadedFile | None = None,
) -> Meeting:
    """A meeting of the forum, with its agenda, who took part and (optionally) the minutes as a stored document."""
    organisation = require_member(actor, forum)
    errors = {}
    if not place.strip():
        errors["place"] = _("Say where the meeting was held.")
    if not agenda.strip():
        errors["agenda"] = _("Give the meeting's agenda.")
    outsiders = [o.name for o in participants if o.pk not in _member_agency_ids(forum)]
    if outsiders:
        errors["participants"] = _("Not members of this forum: %(names)s.") % {"names": ", ".join(outsiders)}
    if errors:
        raise ValidationError(errors)
    document: Document | None = None
    if minutes is not None:
        if held_on > timezone.localdate():
            raise ValidationError({"minutes": _("Minutes are attached once the meeting has been held.")})
        document = documents.store(
            actor=actor,
            upload=minutes,
            kind=Document.Kind.MINUTES,
            title=_("Minutes of %(forum)s, %(date)s") % {"forum": forum.name, "date": held_on.isoformat()},
            forum=forum,
        )
    meeting = Meeting.objects.create(
        organisation=organisation,
        created_by=actor,
        forum=forum,
        held_on=held_on,
        place=place.strip(),
        agenda=agenda.strip(),
        other_participants=other_participants.strip(),
        minutes=document,
    )
    meeting.participants.set(participants)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="cooperation_meeting",
        object_id=meeting.uuid,
        fields=["held_on", "place", "agenda", "participants", "other_participants"]
        + (["minutes"] if document else []),
        detail={"forum": str(forum.uuid)},
    )
    return meeting


@transaction.atomic
def minutes_attach(*, actor: User, meeting: Meeting, minutes: UploadedFile) -> Meeting:
    require_member(actor, meeting.forum)
    if meeting.held_on > timezone.localdate():
        raise ValidationError({"minutes": _("Minutes are attached once the meeting has been held.")})
    meeting.minutes = documents.store(
        actor=actor,
        upload=minutes,
        kind=Document.Kind.MINUTES,
        title=_("Minutes of %(forum)s, %(date)s")
        % {"forum": meeting.forum.name, "date": meeting.held_on.isoformat()},
        forum=meeting.forum,
    )
    meeting.save(update_fields=["minutes"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="cooperation_meeting",
        object_id=meeting.uuid,
        fields=["minutes"],
    )
    return meeting


@transaction.atomic
def decision_add(*, actor: User, meeting: Meeting, text: str) -> Decision:
    organisation = require_member(actor, meeting.forum)
    if not text.strip():
        raise ValidationError({"text": _("Write the decision.")})
    decision = Decision.objects.create(
        organisation=organisation, created_by=actor, forum=meeting.forum, meeting=meeting, text=text.strip()
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="cooperation_decision",
        object_id=decision.uuid,
        fields=["text"],
        detail={"meeting": str(meeting.uuid)},
    )
    return decision


@transaction.atomic
def action_point_add(
    *, actor: User, meeting: Meeting, text: str, owner: Organisation, due_on: datetime.date
) -> ActionPoint:
    """An action point agreed at a meeting: a member agency owns it, by a due date."""
    organisation = require_member(actor, meeting.forum)
    errors = {}
    if not text.strip():
        errors["text"] = _("Say what is to be done.")
    if owner.pk not in _member_agency_ids(meeting.forum):
        errors["owner"] = _("The owner must be a member agency of the forum.")
    if due_on < meeting.held_on:
        errors["due_on"] = _("An action point cannot be due before the meeting that agreed it.")
    if errors:
        raise ValidationError(errors)
    point = ActionPoint.objects.create(
        organisation=organisation,
        created_by=actor,
        forum=meeting.forum,
        meeting=meeting,
        text=text.strip(),
        owner=owner,
        due_on=due_on,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="cooperation_action_point",
        object_id=point.uuid,
        fields=["text", "owner", "due_on"],
        detail={"meeting": str(meeting.uuid)},
    )
    return point


@transaction.atomic
def action_point_set_status(
    *, actor: User, action_point: ActionPoint, status: str, note: str = ""
) -> ActionPoint:
    """The owner agency (or the forum's secretariat) moves an action point on; done and dropped close it."""
    organisation = require_member(actor, action_point.forum)
    point = ActionPoint.objects.select_for_update().get(pk=action_point.pk)
    if organisation.pk not in {point.owner_id, point.forum.organisation_id}:
        raise PermissionDenied(
            _("Only the owner agency or the forum's secretariat updates this action point.")
        )
    if status not in ActionPoint.Status.values:
        raise ValidationError({"status": _("Choose a status.")})
    if status == point.status:
        raise ValidationError({"status": _("The action point already has this status.")})
    if not point.is_open:
        raise ValidationError({"status": _("The action point is closed; record a new one instead.")})
    if status == ActionPoint.Status.DROPPED and not note.strip():
        raise ValidationError({"note": _("Say why the action point is dropped.")})
    ActionPointUpdate.objects.create(
        action_point=point, from_status=point.status, to_status=status, note=note.strip(), by=actor
    )
    point.status = status
    point.closed_at = None if point.is_open else timezone.now()
    point.save(update_fields=["status", "closed_at"])
    audit_record(
        actor=actor,
        action=AuditAction.COMPLETE if status == ActionPoint.Status.DONE else AuditAction.CHANGE,
        object_type="cooperation_action_point",
        object_id=point.uuid,
        fields=["status"] + (["note"] if note.strip() else []),
        detail={"status": status},
    )
    return point

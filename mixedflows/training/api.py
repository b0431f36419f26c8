"""Training over JSON: the agency's events and their participants, read only, with the pages' visibility.

Another agency's event is a 404, as on the pages; a user without the training permission gets 403.
"""

import datetime
import uuid as uuid_lib

from django.core.exceptions import PermissionDenied
from ninja import Query

from mixedflows.core.models import User
from mixedflows.core.roles import Perm
from mixedflows.integrations.apikit import (
    ApiRequest,
    PageQuery,
    ProjectRef,
    Schema,
    answers,
    keyset_page,
    project_ref,
    router,
    scoped,
)
from mixedflows.training import selectors
from mixedflows.training.models import Event, Participant

api = router("training")


def _viewer(request: ApiRequest) -> User:
    user = request.user
    if not isinstance(user, User) or not user.can(Perm.VIEW_TRAINING):
        raise PermissionDenied(Perm.VIEW_TRAINING)
    return user


class CourseOut(Schema):
    id: uuid_lib.UUID
    title: str
    topic: str
    modules: list[str]
    languages: list[str]


class TrainerOut(Schema):
    name: str
    trained_as: uuid_lib.UUID | None  # the trainer's own participation in an earlier event of ours


class EventOut(Schema):
    id: uuid_lib.UUID
    course: CourseOut
    title: str
    place: str
    country: str
    starts_on: datetime.date
    ends_on: datetime.date
    format: str
    language: str
    organiser: str
    funding: str
    project: ProjectRef | None
    participants: int


def event_out(e: Event) -> dict:
    return {
        "id": e.uuid,
        "course": {
            "id": e.course.uuid,
            "title": e.course.title,
            "topic": e.course.topic,
            "modules": e.course.modules,
            "languages": e.course.languages,
        },
        "title": e.title,
        "place": e.place,
        "country": e.country,
        "starts_on": e.starts_on,
        "ends_on": e.ends_on,
        "format": e.format,
        "language": e.language,
        "organiser": e.organiser,
        "funding": e.funding,
        "project": project_ref(e.project),
        "participants": getattr(e, "participant_count", None) or e.participants.count(),
    }


class EventPage(Schema):
    results: list[EventOut]
    next: str | None


class EventDetailOut(EventOut):
    trainers: list[TrainerOut]


@api.get("/training/events", response=answers({200: EventPage}), operation_id="training_events")
@scoped("training:read")
def events_list(request: ApiRequest, page: Query[PageQuery]):
    """The agency's training events, latest first."""
    return keyset_page(selectors.events_for(user=_viewer(request)), page, order="-starts_on", out=event_out)


@api.get(
    "/training/events/{uuid}", response=answers({200: EventDetailOut}), operation_id="training_event_read"
)
@scoped("training:read")
def event_read(request: ApiRequest, uuid: uuid_lib.UUID):
    """An event with its course and trainers."""
    event = selectors.event_for(user=_viewer(request), uuid=uuid)
    return {
        **event_out(event),
        "trainers": [
            {"name": t.name, "trained_as": t.trained_as.uuid if t.trained_as else None}
            for t in event.trainers.all()
        ],
    }


class InstitutionOut(Schema):
    name: str
    type: str
    country: str


class ParticipantOut(Schema):
    id: uuid_lib.UUID
    name: str
    sex: str
    institution: InstitutionOut
    position: str
    email: str
    phone: str
    days_present: int
    pre_score: int | None
    post_score: int | None
    pre_test_on: datetime.date | None
    post_test_on: datetime.date | None
    certificate_issued_on: datetime.date | None


def participant_out(p: Participant) -> dict:
    return {
        "id": p.uuid,
        "name": p.full_name,
        "sex": p.sex,
        "institution": {
            "name": p.institution.name,
            "type": p.institution.kind,
            "country": p.institution.country,
        },
        "position": p.position,
        "email": p.email,
        "phone": p.phone,
        "days_present": p.days_present,  # type: ignore[attr-defined]  # annotated by the selector
        "pre_score": p.pre_score,
        "post_score": p.post_score,
        "pre_test_on": p.pre_test_on,
        "post_test_on": p.post_test_on,
        "certificate_issued_on": p.certificate_issued_on,
    }


class ParticipantPage(Schema):
    results: list[ParticipantOut]
    next: str | None


@api.get(
    "/training/events/{uuid}/participants",
    response=answers({200: ParticipantPage}),
    operation_id="training_participants",
)
@scoped("training:read")
def participants_list(request: ApiRequest, uuid: uuid_lib.UUID, page: Query[PageQuery]):
    """The event's participants (officials) with their attendance and scores, in the order they were enrolled."""
    user = _viewer(request)
    event = selectors.event_for(user=user, uuid=uuid)
    return keyset_page(
        selectors.participants_of(user=user, event=event),
        page,
        order="created_at",
        out=participant_out,
    )

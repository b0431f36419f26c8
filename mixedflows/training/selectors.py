"""Reads of the training app; every one starts from `visible_to(user)` but the public certificate check."""

import datetime
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, Prefetch, Q, QuerySet

from mixedflows.core.models import User
from mixedflows.training.models import Attendance, Course, Event, Participant, Trainer


def courses_for(*, user: User) -> QuerySet[Course]:
    return Course.objects.visible_to(user).annotate(event_count=Count("events"))


def course_for(*, user: User, uuid: UUID) -> Course:
    return Course.objects.visible_to(user).get(uuid=uuid)


def events_for(*, user: User) -> QuerySet[Event]:
    return (
        Event.objects.visible_to(user)
        .select_related("course", "organisation", "project")
        .annotate(participant_count=Count("participants"))
    )


def events_of(*, user: User, course: Course) -> QuerySet[Event]:
    return events_for(user=user).filter(course=course)


def event_for(*, user: User, uuid: UUID) -> Event:
    return (
        Event.objects.visible_to(user)
        .select_related("course", "organisation", "project")
        .prefetch_related(Prefetch("trainers", Trainer.objects.select_related("trained_as__event")))
        .get(uuid=uuid)
    )


def participants_of(*, user: User, event: Event) -> QuerySet[Participant]:
    return (
        Participant.objects.visible_to(user)
        .filter(event=event)
        .select_related("institution")
        .annotate(days_present=Count("attendance", filter=Q(attendance__present=True)))
        .order_by("full_name", "pk")
    )


def participant_for(*, user: User, uuid: UUID) -> Participant:
    return Participant.objects.visible_to(user).select_related("event__course", "institution").get(uuid=uuid)


def alumni_before(*, user: User, event: Event) -> QuerySet[Participant]:
    """Officials trained at the agency's events that ended before this one began: who may train at it."""
    return (
        Participant.objects.visible_to(user)
        .filter(event__ends_on__lt=event.starts_on)
        .select_related("event", "institution")
        .order_by("full_name", "-event__starts_on")
    )


def attendance_grid(*, user: User, event: Event) -> dict[tuple[int, datetime.date], bool]:
    """(participant id, day) -> present, for the days recorded."""
    rows = Attendance.objects.visible_to(user).filter(participant__event=event)
    return {(a.participant_id, a.day): a.present for a in rows}


@dataclass(frozen=True)
class Verification:
    """All the public page may show about a certificate: that it is valid, for which course, and when."""

    course: str
    ended_on: datetime.date


def certificate_verify(*, code: str) -> Verification | None:
    """The public check of a certificate's code. It answers for any agency, so it reads nothing but the course
    title and the event's last day; no name, no institution, no agency."""
    if len(code) != 16:
        return None
    row = (
        Participant.objects.filter(certificate_code=code)
        .values_list("event__course__title", "event__ends_on")
        .first()
    )
    return Verification(course=row[0], ended_on=row[1]) if row else None

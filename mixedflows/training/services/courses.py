"""Courses, their events and the trainers of each event (training of trainers: a trainer we trained before)."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import User
from mixedflows.core.project_models import Project
from mixedflows.core.services.projects import project_usable
from mixedflows.lib.codes import is_country, is_language
from mixedflows.training.models import Course, Event, Participant, Topic, Trainer
from mixedflows.training.services.common import require_own, require_trainer


@transaction.atomic
def course_save(
    *,
    actor: User,
    title: str,
    topic: str,
    modules: list[str],
    languages: list[str],
    description: str = "",
    course: Course | None = None,
) -> Course:
    """Create or change one of the agency's courses."""
    require_trainer(actor)
    if course is not None:
        require_own(actor, course)
    errors: dict[str, str] = {}
    title = (title or "").strip()
    modules = [m.strip() for m in modules if m and m.strip()]
    languages = [code.strip().lower() for code in languages if code and code.strip()]
    if not title:
        errors["title"] = _("Give the course a title.")
    if topic not in Topic.values:
        errors["topic"] = _("Choose a topic from the list.")
    if not modules:
        errors["modules"] = _("List the course's modules, one a line.")
    if not languages:
        errors["languages"] = _("Name at least one language the course is given in.")
    elif bad := [code for code in languages if not is_language(code)]:
        errors["languages"] = _("Unknown language code %(code)s (use ISO 639-3, e.g. fra).") % {
            "code": bad[0]
        }
    if errors:
        raise ValidationError(errors)
    creating = course is None
    course = course or Course(organisation=actor.agency, created_by=actor)
    course.title, course.topic, course.modules = title, topic, modules
    course.languages, course.description = languages, (description or "").strip()
    course.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if creating else AuditAction.CHANGE,
        object_type="training_course",
        object_id=course.uuid,
        fields=["title", "topic", "modules", "languages", "description"],
    )
    return course


EVENT_FIELDS = (
    "title",
    "place",
    "country",
    "starts_on",
    "ends_on",
    "format",
    "language",
    "organiser",
    "funding",
    "project",
)


@transaction.atomic
def event_save(
    *,
    actor: User,
    course: Course,
    title: str,
    place: str,
    country: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    format: str,
    organiser: str,
    language: str = "",
    funding: str = "",
    project: Project | None = None,
    event: Event | None = None,
) -> Event:
    """Create or change an event of one of the agency's courses, tagged with a project the agency takes part in."""
    require_trainer(actor)
    require_own(actor, course)
    if event is not None:
        require_own(actor, event)
    errors: dict[str, str] = {}
    values: dict[str, Any] = {
        "title": (title or "").strip(),
        "place": (place or "").strip(),
        "country": (country or "").strip().upper(),
        "starts_on": starts_on,
        "ends_on": ends_on,
        "format": format,
        "language": (language or "").strip().lower(),
        "organiser": (organiser or "").strip(),
        "funding": (funding or "").strip(),
        "project": project,
    }
    if not values["title"]:
        errors["title"] = _("Give the event a title.")
    if not values["place"]:
        errors["place"] = _("Say where the event takes place (a town, or the platform when online).")
    if not is_country(values["country"]):
        errors["country"] = _("Choose the country of the event.")
    if format not in Event.Format.values:
        errors["format"] = _("Choose in person or online.")
    if values["language"] and not is_language(values["language"]):
        errors["language"] = _("Unknown language code (use ISO 639-3, e.g. fra).")
    if not values["organiser"]:
        errors["organiser"] = _("Name the organiser.")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = _("The last day is before the first day.")
    elif starts_on and ends_on and (ends_on - starts_on).days > 60:
        errors["ends_on"] = _("An event lasts at most 60 days: record a longer course as several events.")
    if event is not None and starts_on and ends_on:
        outside = event.participants.filter(attendance__isnull=False).exclude(
            attendance__day__range=(starts_on, ends_on)
        )
        if outside.exists():
            errors["starts_on"] = _("Attendance is recorded on days outside these dates.")
        if event.participants.filter(post_test_on__lt=starts_on).exists():
            errors["starts_on"] = _("A post-test is dated before this first day.")
    if project is not None and (event is None or event.project_id != project.pk):
        try:
            project_usable(actor=actor, project=project)
        except ValidationError as refused:
            errors.update({name: messages[0] for name, messages in refused.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    creating = event is None
    event = event or Event(organisation=actor.agency, created_by=actor, course=course)
    changed = [name for name in EVENT_FIELDS if creating or getattr(event, name) != values[name]]
    for name, value in values.items():
        setattr(event, name, value)
    event.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if creating else AuditAction.CHANGE,
        object_type="training_event",
        object_id=event.uuid,
        fields=changed,
    )
    return event


@transaction.atomic
def trainer_add(
    *, actor: User, event: Event, name: str = "", trained_as: Participant | None = None
) -> Trainer:
    """A trainer of the event; `trained_as` is their participation in an earlier event of ours (a cascade)."""
    organisation = require_trainer(actor)
    require_own(actor, event)
    errors: dict[str, str] = {}
    name = (name or "").strip() or (trained_as.full_name if trained_as else "")
    if trained_as is not None:
        require_own(actor, trained_as)
        if trained_as.event_id == event.pk:
            errors["trained_as"] = _("A participant of this same event cannot be its trainer.")
        elif trained_as.event.ends_on >= event.starts_on:
            errors["trained_as"] = _(
                "The trainer's own training must end before this event starts (it ended on %(day)s)."
            ) % {"day": trained_as.event.ends_on.isoformat()}
        elif Trainer.objects.filter(event=event, trained_as=trained_as).exists():
            errors["trained_as"] = _("This trainer is already on the event.")
    if not name:
        errors["name"] = _("Name the trainer.")
    if errors:
        raise ValidationError(errors)
    trainer = Trainer.objects.create(
        organisation=organisation, created_by=actor, event=event, name=name, trained_as=trained_as
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="training_trainer",
        object_id=trainer.uuid,
        fields=["event", "name"] + (["trained_as"] if trained_as else []),
    )
    return trainer

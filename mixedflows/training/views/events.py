"""Courses and their events: the dashboard, a course, an event with its trainers and participants."""

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mixedflows.core.roles import Perm
from mixedflows.core.web import get_or_404, requires, submit
from mixedflows.lib.codes import country_name_local, language_name
from mixedflows.training import selectors
from mixedflows.training.forms import CourseForm, EventForm, ParticipantForm, TrainerForm
from mixedflows.training.services.certificates import display_code
from mixedflows.training.services.courses import EVENT_FIELDS, course_save, event_save, trainer_add


@requires(Perm.VIEW_TRAINING)
def dashboard(request):
    return render(
        request,
        "training/dashboard.html",
        {
            "courses": selectors.courses_for(user=request.user),
            "events": selectors.events_for(user=request.user)[:50],
            "can_manage": request.user.can(Perm.MANAGE_TRAINING),
        },
    )


def _course_form(request, course=None):
    initial = (
        {
            "title": course.title,
            "topic": course.topic,
            "modules": "\n".join(course.modules),
            "languages": course.languages,
            "description": course.description,
        }
        if course
        else None
    )
    form = CourseForm(request.POST or None, initial=initial)
    if done := submit(
        request,
        form,
        lambda data: course_save(actor=request.user, course=course, **data),
        success=_("Course saved."),
        then=lambda saved: redirect("training:course", uuid=saved.uuid),
    ):
        return done
    return render(request, "training/form.html", {"form": form, "title": _("Course"), "back": course})


@requires(Perm.MANAGE_TRAINING)
def course_new(request):
    return _course_form(request)


@requires(Perm.MANAGE_TRAINING)
def course_edit(request, uuid):
    return _course_form(request, get_or_404(selectors.course_for, user=request.user, uuid=uuid))


@requires(Perm.VIEW_TRAINING)
def course_detail(request, uuid):
    course = get_or_404(selectors.course_for, user=request.user, uuid=uuid)
    return render(
        request,
        "training/course.html",
        {
            "course": course,
            "languages": [language_name(code) for code in course.languages],
            "events": selectors.events_of(user=request.user, course=course),
            "can_manage": request.user.can(Perm.MANAGE_TRAINING),
        },
    )


def _event_form(request, course, event=None):
    initial = {name: getattr(event, name) for name in EVENT_FIELDS} if event else {"title": course.title}
    form = EventForm(request.POST or None, initial=initial, user=request.user)
    if done := submit(
        request,
        form,
        lambda data: event_save(actor=request.user, course=course, event=event, **data),
        success=_("Event saved."),
        then=lambda saved: redirect("training:event", uuid=saved.uuid),
    ):
        return done
    return render(
        request,
        "training/form.html",
        {"form": form, "title": _("Event of %(course)s") % {"course": course}, "back": event or course},
    )


@requires(Perm.MANAGE_TRAINING)
def event_new(request, uuid):
    return _event_form(request, get_or_404(selectors.course_for, user=request.user, uuid=uuid))


@requires(Perm.MANAGE_TRAINING)
def event_edit(request, uuid):
    event = get_or_404(selectors.event_for, user=request.user, uuid=uuid)
    return _event_form(request, event.course, event)


@requires(Perm.VIEW_TRAINING)
def event_detail(request, uuid):
    event = get_or_404(selectors.event_for, user=request.user, uuid=uuid)
    participants = list(selectors.participants_of(user=request.user, event=event))
    for participant in participants:
        participant.code_shown = display_code(participant.certificate_code)
    return render(
        request,
        "training/event.html",
        {
            "event": event,
            "country": country_name_local(event.country),
            "language": language_name(event.language),
            "participants": participants,
            "day_count": len(event.days),
            "trainers": event.trainers.all(),
            "can_manage": request.user.can(Perm.MANAGE_TRAINING),
            "trainer_form": TrainerForm(alumni=selectors.alumni_before(user=request.user, event=event)),
            "participant_form": ParticipantForm(),
        },
    )


@require_POST
@requires(Perm.MANAGE_TRAINING)
def trainer_new(request, uuid):
    event = get_or_404(selectors.event_for, user=request.user, uuid=uuid)
    form = TrainerForm(request.POST, alumni=selectors.alumni_before(user=request.user, event=event))
    if done := submit(
        request,
        form,
        lambda data: trainer_add(actor=request.user, event=event, **data),
        success=_("Trainer added."),
        then=lambda _trainer: redirect("training:event", uuid=event.uuid),
    ):
        return done
    return render(
        request,
        "training/form.html",
        {"form": form, "title": _("Trainer of %(event)s") % {"event": event}, "back": event},
        status=422,
    )

"""Coordination forums: their members, meetings, decisions and action points."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mixedflows.cooperation import selectors
from mixedflows.cooperation.forms import (
    ActionPointForm,
    ActionPointStatusForm,
    DecisionForm,
    ForumForm,
    MeetingForm,
    MinutesForm,
)
from mixedflows.cooperation.services import forums as services
from mixedflows.core.roles import Perm
from mixedflows.core.web import get_or_404, requires, submit


def forums(request):
    return render(
        request,
        "cooperation/forums.html",
        {
            "forums": selectors.forums_visible(user=request.user),
            "overdue": selectors.overdue_for_owner(user=request.user),
            "can_coordinate": request.user.can(Perm.COORDINATE),
        },
    )


@requires(Perm.COORDINATE)
def forum_new(request):
    form = ForumForm(request.POST or None)
    if done := submit(
        request,
        form,
        lambda data: services.forum_create(actor=request.user, **data),
        success=_("Forum saved."),
        then=lambda forum: redirect("cooperation:forum", uuid=forum.uuid),
    ):
        return done
    return render(request, "cooperation/form.html", {"form": form, "title": _("New coordination forum")})


def forum_detail(request, uuid):
    forum = get_or_404(selectors.forum_for, user=request.user, uuid=uuid)
    return render(
        request,
        "cooperation/forum.html",
        {
            "forum": forum,
            "members": selectors.members_of(user=request.user, forum=forum),
            "meetings": selectors.meetings_of(user=request.user, forum=forum),
            "action_points": selectors.action_points_of(user=request.user, forum=forum),
            "today": timezone.localdate(),
            "can_coordinate": request.user.can(Perm.COORDINATE),
        },
    )


@requires(Perm.COORDINATE)
def meeting_new(request, uuid):
    forum = get_or_404(selectors.forum_for, user=request.user, uuid=uuid)
    form = MeetingForm(request.POST or None, request.FILES or None, forum=forum)
    if done := submit(
        request,
        form,
        lambda data: services.meeting_record(actor=request.user, forum=forum, **data),
        success=_("Meeting recorded."),
        then=lambda meeting: redirect("cooperation:meeting", uuid=meeting.uuid),
    ):
        return done
    return render(
        request,
        "cooperation/form.html",
        {"form": form, "title": _("Meeting of %(forum)s") % {"forum": forum.name}, "multipart": True},
    )


def meeting_detail(request, uuid, *, forms=None):
    meeting = get_or_404(selectors.meeting_for, user=request.user, uuid=uuid)
    forms = forms or {}
    return render(
        request,
        "cooperation/meeting.html",
        {
            "meeting": meeting,
            "decisions": selectors.decisions_of(user=request.user, meeting=meeting),
            "action_points": selectors.action_points_of(user=request.user, meeting=meeting),
            "decision_form": forms.get("decision") or DecisionForm(),
            "action_form": forms.get("action") or ActionPointForm(forum=meeting.forum),
            "minutes_form": forms.get("minutes") or MinutesForm(),
            "today": timezone.localdate(),
            "can_coordinate": request.user.can(Perm.COORDINATE),
        },
        status=422 if forms else 200,
    )


@require_POST
@requires(Perm.COORDINATE)
def decision_add(request, uuid):
    meeting = get_or_404(selectors.meeting_for, user=request.user, uuid=uuid)
    form = DecisionForm(request.POST)
    if done := submit(
        request,
        form,
        lambda data: services.decision_add(actor=request.user, meeting=meeting, **data),
        success=_("Decision recorded."),
        then=lambda _d: redirect("cooperation:meeting", uuid=meeting.uuid),
    ):
        return done
    return meeting_detail(request, uuid, forms={"decision": form})


@require_POST
@requires(Perm.COORDINATE)
def action_point_add(request, uuid):
    meeting = get_or_404(selectors.meeting_for, user=request.user, uuid=uuid)
    form = ActionPointForm(request.POST, forum=meeting.forum)
    if done := submit(
        request,
        form,
        lambda data: services.action_point_add(actor=request.user, meeting=meeting, **data),
        success=_("Action point recorded."),
        then=lambda _p: redirect("cooperation:meeting", uuid=meeting.uuid),
    ):
        return done
    return meeting_detail(request, uuid, forms={"action": form})


@require_POST
@requires(Perm.COORDINATE)
def minutes_attach(request, uuid):
    meeting = get_or_404(selectors.meeting_for, user=request.user, uuid=uuid)
    form = MinutesForm(request.POST, request.FILES)
    if done := submit(
        request,
        form,
        lambda data: services.minutes_attach(actor=request.user, meeting=meeting, **data),
        success=_("Minutes stored."),
        then=lambda _m: redirect("cooperation:meeting", uuid=meeting.uuid),
    ):
        return done
    return meeting_detail(request, uuid, forms={"minutes": form})


def action_point_detail(request, uuid):
    point = get_or_404(selectors.action_point_for, user=request.user, uuid=uuid)
    form = ActionPointStatusForm(request.POST or None)
    if request.method == "POST" and not request.user.can(Perm.COORDINATE):
        raise PermissionDenied(Perm.COORDINATE)
    if done := submit(
        request,
        form,
        lambda data: services.action_point_set_status(actor=request.user, action_point=point, **data),
        success=_("Action point updated."),
        then=lambda p: redirect("cooperation:action_point", uuid=p.uuid),
    ):
        return done
    return render(
        request,
        "cooperation/action_point.html",
        {
            "point": point,
            "form": form,
            "today": timezone.localdate(),
            "can_update": request.user.can(Perm.COORDINATE)
            and request.user.organisation.pk in {point.owner_id, point.forum.organisation_id},
        },
    )


def home_panel(request):
    """Overdue action points the user's agency owns: loaded into the home page by URL."""
    return render(
        request,
        "cooperation/home_panel.html",
        {"overdue": selectors.overdue_for_owner(user=request.user), "today": timezone.localdate()},
    )

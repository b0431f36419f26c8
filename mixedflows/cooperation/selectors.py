"""Reads of the cooperation app, always from `visible_to(user)`: another agency's forum, meeting, action point,
procedure or document is simply not found."""

from uuid import UUID

from django.db.models import Q, QuerySet
from django.utils import timezone

from mixedflows.cooperation.models import (
    ActionPoint,
    Decision,
    Document,
    Forum,
    ForumMember,
    Meeting,
    Sop,
    SopStep,
)
from mixedflows.core.models import User


def forums_visible(*, user: User) -> QuerySet[Forum]:
    return Forum.objects.visible_to(user).select_related("organisation").order_by("name")


def forum_for(*, user: User, uuid: UUID | str) -> Forum:
    return forums_visible(user=user).get(uuid=uuid)


def members_of(*, user: User, forum: Forum) -> QuerySet[ForumMember]:
    return forum.members.select_related("organisation").order_by("organisation__name", "state")


def meetings_of(*, user: User, forum: Forum) -> QuerySet[Meeting]:
    return Meeting.objects.visible_to(user).filter(forum=forum).select_related("minutes").order_by("-held_on")


def meeting_for(*, user: User, uuid: UUID | str) -> Meeting:
    return (
        Meeting.objects.visible_to(user)
        .select_related("forum", "minutes")
        .prefetch_related("participants")
        .get(uuid=uuid)
    )


def action_points_of(
    *, user: User, forum: Forum | None = None, meeting: Meeting | None = None
) -> QuerySet[ActionPoint]:
    points = ActionPoint.objects.visible_to(user).select_related("owner", "meeting", "forum")
    if forum is not None:
        points = points.filter(forum=forum)
    if meeting is not None:
        points = points.filter(meeting=meeting)
    return points.order_by("due_on", "created_at")


def action_point_for(*, user: User, uuid: UUID | str) -> ActionPoint:
    return (
        ActionPoint.objects.visible_to(user)
        .select_related("owner", "meeting", "forum")
        .prefetch_related("updates__by")
        .get(uuid=uuid)
    )


def overdue_for_owner(*, user: User) -> QuerySet[ActionPoint]:
    """Open action points the user's agency owns, past their due date, in forums it can see."""
    return (
        action_points_of(user=user)
        .filter(owner=user.organisation, due_on__lt=timezone.localdate())
        .filter(status__in=[ActionPoint.Status.OPEN, ActionPoint.Status.IN_PROGRESS])
    )


def decisions_of(*, user: User, meeting: Meeting) -> QuerySet[Decision]:
    return Decision.objects.visible_to(user).filter(meeting=meeting).order_by("created_at")


def sops_visible(*, user: User) -> QuerySet[Sop]:
    return Sop.objects.visible_to(user).select_related("organisation").prefetch_related("parties")


def sop_for(*, user: User, uuid: UUID | str) -> Sop:
    return sops_visible(user=user).select_related("document").get(uuid=uuid)


def steps_of(*, user: User, sop: Sop) -> QuerySet[SopStep]:
    return SopStep.objects.visible_to(user).filter(sop=sop).select_related("responsible").order_by("position")


def steps_governing(*, user: User, service: str, agencies: list) -> list[SopStep]:
    """Steps of procedures in force today that the user's agency is party to, governing referrals for `service`
    and binding every one of `agencies` (the sending and the receiving agency)."""
    today = timezone.localdate()
    steps = (
        SopStep.objects.visible_to(user)
        .filter(governs_service=service, sop__valid_from__lte=today)
        .filter(Q(sop__valid_until__isnull=True) | Q(sop__valid_until__gte=today))
        .select_related("sop", "responsible")
        .order_by("sop__title", "position")
    )
    return [s for s in steps if all(s.sop.parties.filter(pk=a.pk).exists() for a in agencies)]


def document_for(*, user: User, uuid: UUID | str) -> Document:
    return Document.objects.visible_to(user).get(uuid=uuid)

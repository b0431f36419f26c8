"""Reads of the outreach app: every one starts from `visible_to(user)`, so another agency's row is not found."""

import datetime
from uuid import UUID

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from mixedflows.core.models import Site, User
from mixedflows.core.roles import Perm
from mixedflows.outreach.models import Campaign, CounsellingSession, FollowUpContact, ReachReport


def campaigns_for(*, user: User) -> QuerySet[Campaign]:
    return (
        Campaign.objects.visible_to(user).select_related("project").annotate(periods=Count("reach_reports"))
    )


def campaign_for(*, user: User, uuid: UUID) -> Campaign:
    return Campaign.objects.visible_to(user).select_related("project").get(uuid=uuid)


def reach_of(*, user: User, campaign: Campaign) -> QuerySet[ReachReport]:
    return ReachReport.objects.visible_to(user).filter(campaign=campaign).order_by("period_start")


def centres_for(*, user: User) -> QuerySet[Site]:
    """The migrant resource centres where the user's agency works (and the user may work), with their sessions."""
    if not user.can(Perm.VIEW_OUTREACH):
        return Site.objects.none()
    counts = (
        CounsellingSession.objects.visible_to(user)
        .filter(site=OuterRef("pk"))
        .order_by()
        .values("site")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Site.objects.usable_by(user)
        .filter(kind=Site.Kind.MIGRANT_RESOURCE_CENTRE)
        .annotate(session_count=Coalesce(Subquery(counts), 0))
    )


def centre_for(*, user: User, uuid: UUID) -> Site:
    return centres_for(user=user).get(uuid=uuid)


def sessions_at(*, user: User, site: Site, on: datetime.date | None = None) -> QuerySet[CounsellingSession]:
    sessions = CounsellingSession.objects.visible_to(user).filter(site=site)
    return sessions.filter(held_on=on) if on else sessions


def session_for(*, user: User, uuid: UUID) -> CounsellingSession:
    return CounsellingSession.objects.visible_to(user).select_related("site").get(uuid=uuid)


def contact_of(*, user: User, session: CounsellingSession) -> FollowUpContact | None:
    """The name the person gave for follow-up, for those allowed to see it; None otherwise."""
    return FollowUpContact.objects.visible_to(user).filter(session=session).first()


def sessions_for_counts(
    *,
    user: User,
    site: Site | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> QuerySet[CounsellingSession]:
    sessions = CounsellingSession.objects.visible_to(user)
    if site is not None:
        sessions = sessions.filter(site=site)
    if start:
        sessions = sessions.filter(held_on__gte=start)
    if end:
        sessions = sessions.filter(held_on__lte=end)
    return sessions

"""The site dashboard: for one site and period, who arrived, who was screened, what they need, what is late."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef

from mixedflows.core.models import FieldGroup
from mixedflows.people.models import Encounter
from mixedflows.people.selectors import role_field_groups
from mixedflows.referrals.models import Referral
from mixedflows.screening.codes import ProfileCategory, Urgency
from mixedflows.screening.models import Screening
from mixedflows.screening.outcome import procedure_label, visible_outcome

LIST_LIMIT = 50


@dataclass
class SiteDashboard:
    arrivals: int = 0
    screened: int = 0
    not_screened: list = field(
        default_factory=list
    )  # encounters of people not yet screened (first LIST_LIMIT)
    screenings: int = 0
    by_category: list = field(default_factory=list)  # (label, count), most frequent first
    by_urgency: list = field(default_factory=list)  # (label, count) in urgency order
    immediate_not_referred: list = field(default_factory=list)  # screenings
    overdue: list = field(default_factory=list)  # referrals sent from this site, overdue
    overdue_total: int = 0

    @property
    def not_screened_count(self) -> int:
        return self.arrivals - self.screened


def site_dashboard(*, user, site, start: datetime.datetime, end: datetime.datetime) -> SiteDashboard:
    """Counts for the user's own agency only: its encounters, screenings and referrals at the site."""
    org = user.organisation
    board = SiteDashboard()
    completed = Screening.objects.filter(organisation=org, status=Screening.Status.COMPLETED)
    encounters = Encounter.objects.visible_to(user).filter(
        site=site, occurred_at__gte=start, occurred_at__lt=end
    )
    encounters = encounters.annotate(is_screened=Exists(completed.filter(person=OuterRef("person"))))
    board.arrivals = encounters.count()
    board.screened = encounters.filter(is_screened=True).count()
    board.not_screened = list(
        encounters.filter(is_screened=False).select_related("person").order_by("occurred_at")[:LIST_LIMIT]
    )

    screenings = completed.filter(site=site, completed_at__gte=start, completed_at__lt=end)
    board.screenings = screenings.count()
    referred = Referral.objects.filter(from_organisation=org, person=OuterRef("person"))
    groups = role_field_groups(user)
    immediate: list[Any]  # screenings, each given its visible procedure_labels below
    if _sees_every_group(groups):
        _count_in_database(board, screenings)
        immediate = list(
            screenings.filter(urgency=Urgency.IMMEDIATE)
            .exclude(Exists(referred))
            .select_related("person", "instrument")
            .order_by("completed_at")[:LIST_LIMIT]
        )
    else:  # counts and lists follow what this user may see of each outcome (derived data obeys its source)
        immediate = _count_visible(board, screenings.select_related("instrument"), groups)
        unreferred = set(
            screenings.exclude(Exists(referred))
            .filter(pk__in=[s.pk for s in immediate])
            .values_list("pk", flat=True)
        )
        immediate = [s for s in immediate if s.pk in unreferred][:LIST_LIMIT]
    for screening in immediate:
        outcome = visible_outcome(screening, groups)
        screening.procedure_labels = [
            (code, procedure_label(code)) for code in (outcome.procedures if outcome else [])
        ]
    board.immediate_not_referred = immediate

    overdue = Referral.objects.visible_to(user).outbox(user).filter(site=site).overdue()
    board.overdue_total = overdue.count()
    board.overdue = list(overdue.select_related("person", "to_organisation").order_by("due_at")[:LIST_LIMIT])
    return board


def _sees_every_group(groups: frozenset[str]) -> bool:
    """A user who may see every group of a person's record sees every outcome whole: count in the database."""
    return set(FieldGroup.values) - {FieldGroup.VISIT_FINDINGS} <= groups


def _count_in_database(board: SiteDashboard, screenings) -> None:
    categories: Counter = Counter()
    for codes in screenings.values_list("categories", flat=True):
        categories.update(codes or [])
    labels = dict(ProfileCategory.choices)
    board.by_category = [(labels.get(code, code), n) for code, n in categories.most_common()]
    urgencies = dict(screenings.values_list("urgency").annotate(n=Count("pk")).values_list("urgency", "n"))
    board.by_urgency = [(label, urgencies.get(code, 0)) for code, label in Urgency.choices]


def _count_visible(board: SiteDashboard, screenings, groups: frozenset[str]) -> list:
    """Count each screening's outcome as `visible_outcome` shows it; return those whose visible urgency is
    immediate, oldest first."""
    categories: Counter = Counter()
    urgencies: Counter = Counter()
    immediate = []
    for screening in screenings.select_related("person").order_by("completed_at"):
        outcome = visible_outcome(screening, groups)
        if outcome is None:
            continue
        categories.update(label for _, label in outcome.categories)
        urgencies[outcome.urgency] += 1
        if outcome.urgency == Urgency.IMMEDIATE:
            immediate.append(screening)
    board.by_category = categories.most_common()
    board.by_urgency = [(label, urgencies.get(code, 0)) for code, label in Urgency.choices]
    return immediate

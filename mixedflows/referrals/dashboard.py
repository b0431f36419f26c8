"""The site dashboard: for one site and period, who arrived, who was screened, what they need, what is late."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef

from mixedflows.people.models import Encounter
from mixedflows.referrals.models import Referral
from mixedflows.screening.codes import Procedure, ProfileCategory, Urgency
from mixedflows.screening.models import Screening

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
    categories: Counter = Counter()
    for codes in screenings.values_list("categories", flat=True):
        categories.update(codes or [])
    labels = dict(ProfileCategory.choices)
    board.by_category = [(labels.get(code, code), n) for code, n in categories.most_common()]
    urgencies = dict(screenings.values_list("urgency").annotate(n=Count("pk")).values_list("urgency", "n"))
    board.by_urgency = [(label, urgencies.get(code, 0)) for code, label in Urgency.choices]

    referred = Referral.objects.filter(from_organisation=org, person=OuterRef("person"))
    board.immediate_not_referred = list(
        screenings.filter(urgency=Urgency.IMMEDIATE)
        .exclude(Exists(referred))
        .select_related("person")
        .order_by("completed_at")[:LIST_LIMIT]
    )
    procedures = dict(Procedure.choices)
    for screening in board.immediate_not_referred:
        screening.procedure_labels = [(code, procedures.get(code, code)) for code in screening.procedures]

    overdue = Referral.objects.visible_to(user).outbox(user).filter(site=site).overdue()
    board.overdue_total = overdue.count()
    board.overdue = list(overdue.select_related("person", "to_organisation").order_by("due_at")[:LIST_LIMIT])
    return board

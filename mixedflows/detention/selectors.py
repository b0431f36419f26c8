"""Reads of the detention app; every one starts from `visible_to(user)`."""

import datetime
from dataclasses import dataclass
from uuid import UUID

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from mixedflows.core.models import User
from mixedflows.detention.checklists import all_items
from mixedflows.detention.models import (
    ConditionRating,
    Detention,
    DetentionLimit,
    Facility,
    Finding,
    PersonMet,
    Recommendation,
    RecommendationStep,
    Visit,
)
from mixedflows.people.models import Person


def facilities_for(*, user: User) -> QuerySet[Facility]:
    return (
        Facility.objects.visible_to(user)
        .select_related("site", "organisation")
        .annotate(
            visit_count=Count("visits", distinct=True),
            pending=Count(
                "recommendations", filter=Q(recommendations__status__in=Recommendation.PENDING), distinct=True
            ),
        )
    )


def facility_for(*, user: User, uuid: UUID | str) -> Facility:
    return Facility.objects.visible_to(user).select_related("site", "organisation").get(uuid=uuid)


def own_facility_for(*, user: User, uuid: UUID | str) -> Facility:
    return Facility.objects.owned_by(user.organisation).select_related("site").get(uuid=uuid)


def visit_for(*, user: User, uuid: UUID | str) -> Visit:
    return (
        Visit.objects.visible_to(user)
        .select_related("facility__site", "checklist", "organisation")
        .prefetch_related("team", "partner_organisations")
        .get(uuid=uuid)
    )


def own_visit_for(*, user: User, uuid: UUID | str) -> Visit:
    return (
        Visit.objects.owned_by(user.organisation).select_related("facility__site", "checklist").get(uuid=uuid)
    )


def visits_of(*, user: User, facility: Facility) -> QuerySet[Visit]:
    return Visit.objects.visible_to(user).filter(facility=facility).order_by("started_at")


def recommendation_for(*, user: User, uuid: UUID | str) -> Recommendation:
    return (
        Recommendation.objects.visible_to(user)
        .select_related("facility__site", "visit", "finding")
        .prefetch_related(Prefetch("steps", RecommendationStep.objects.select_related("visit", "created_by")))
        .get(uuid=uuid)
    )


def recommendations_to_check(*, user: User, visit: Visit) -> QuerySet[Recommendation]:
    """What the visit opens with: recommendations made at earlier visits to the facility, still pending."""
    return (
        Recommendation.objects.visible_to(user)
        .filter(
            facility=visit.facility, visit__started_at__lt=visit.started_at, status__in=Recommendation.PENDING
        )
        .select_related("visit")
    )


def pending_recommendations(*, user: User, facility: Facility) -> QuerySet[Recommendation]:
    return Recommendation.objects.visible_to(user).filter(
        facility=facility, status__in=Recommendation.PENDING
    )


def findings_of(*, user: User, visit: Visit) -> QuerySet[Finding]:
    return Finding.objects.visible_to(user).filter(visit=visit)


def recommendations_of(*, user: User, visit: Visit) -> QuerySet[Recommendation]:
    return Recommendation.objects.visible_to(user).filter(visit=visit)


def people_met_at(*, user: User, visit: Visit) -> QuerySet[PersonMet]:
    """People met at a visit: personal data, the owning agency's only."""
    return (
        PersonMet.objects.visible_to(user)
        .filter(visit=visit)
        .select_related("person", "detention__facility__site", "encounter")
    )


def detentions_at(*, user: User, facility: Facility) -> QuerySet[Detention]:
    return Detention.objects.visible_to(user).filter(facility=facility).select_related("person")


def detention_for(*, user: User, uuid: UUID | str) -> Detention:
    return Detention.objects.visible_to(user).select_related("person", "facility__site").get(uuid=uuid)


def detentions_of_person(*, user: User, person: Person) -> QuerySet[Detention]:
    return Detention.objects.visible_to(user).filter(person=person).select_related("facility__site")


@dataclass
class ItemRow:
    key: str
    label: str
    standard: str
    section: str
    rating: ConditionRating | None = None


def checklist_rows(visit: Visit) -> list[ItemRow]:
    """Every item of the visit's checklist version, in order, with its rating where given."""
    ratings = {r.item: r for r in visit.ratings.all()}
    return [
        ItemRow(item["key"], item["label"], item["standard"], section["title"], ratings.get(item["key"]))
        for section in visit.checklist.definition["sections"]
        for item in section["items"]
    ]


def conditions_history(*, user: User, facility: Facility) -> tuple[list[Visit], list[dict]]:
    """Standard by standard, the rating at each visit (oldest first)."""
    visits = list(
        visits_of(user=user, facility=facility).prefetch_related("ratings").select_related("checklist")
    )
    labels: dict[str, dict] = {}
    for visit in visits:
        for key, item in all_items(visit.checklist.definition).items():
            labels.setdefault(key, item)
    rows = []
    for key, item in labels.items():
        by_visit = {v.pk: next((r for r in v.ratings.all() if r.item == key), None) for v in visits}
        rows.append(
            {
                "key": key,
                "label": item["label"],
                "standard": item["standard"],
                "ratings": [by_visit[v.pk] for v in visits],
            }
        )
    return visits, rows


@dataclass
class Alert:
    detention: Detention
    days: int
    limit: DetentionLimit | None
    child: bool
    near_limit: bool
    over_limit: bool

    @property
    def days_left(self) -> int | None:
        return self.limit.max_days - self.days if self.limit else None


def _is_child(person: Person, today: datetime.date) -> bool:
    """A child by the age declared, assessed or on record, or whose adult age is disputed: protect first."""
    ages = [a for a in (person.age_on(today), person.age_declared, person.age_assessed) if a is not None]
    return any(a < 18 for a in ages) or (person.age_disputed and bool(ages) and min(ages) < 18)


def detention_lengths(
    *, user: User, facility: Facility | None = None, today: datetime.date | None = None
) -> list[Alert]:
    """Each person known to be detained now: days held against the country's legal maximum, and the alerts."""
    today = today or timezone.localdate()
    detentions = (
        Detention.objects.visible_to(user)
        .filter(ended_on__isnull=True)
        .select_related("person", "facility__site")
    )
    if facility is not None:
        detentions = detentions.filter(facility=facility)
    limits = {limit.country: limit for limit in DetentionLimit.objects.all()}
    rows = []
    for detention in detentions:
        days = detention.days(today)
        limit = limits.get(detention.facility.site.country)
        rows.append(
            Alert(
                detention=detention,
                days=days,
                limit=limit,
                child=_is_child(detention.person, today),
                near_limit=limit is not None and limit.max_days - limit.warn_days <= days <= limit.max_days,
                over_limit=limit is not None and days > limit.max_days,
            )
        )
    return sorted(rows, key=lambda a: (not a.child, not a.over_limit, not a.near_limit, -a.days))


def alerts_for(*, user: User, today: datetime.date | None = None) -> list[Alert]:
    return [a for a in detention_lengths(user=user, today=today) if a.child or a.near_limit or a.over_limit]

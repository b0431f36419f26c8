"""Across facilities: conditions by standard and country, recommendations implemented within 90 days,
children in detention by month. Every figure starts from what the user may see."""

import datetime
from collections import defaultdict

from django.utils import timezone

from mixedflows.detention.checklists import all_items
from mixedflows.detention.models import ConditionRating, Recommendation, RecommendationStep, Visit
from mixedflows.lib import disclosure
from mixedflows.lib.codes import country_name

FOLLOW_UP_DAYS = 90
RATINGS = [r for r, _ in ConditionRating.Rating.choices]


def conditions_by_standard(*, user) -> dict:
    """For each checklist item: how often it was met, partly met, not met, not observed; and not met by country."""
    ratings = ConditionRating.objects.visible_to(user).select_related(
        "visit__facility__site", "visit__checklist"
    )
    labels: dict[str, str] = {}
    counts: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(RATINGS, 0))
    by_country: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    countries: set[str] = set()
    for rating in ratings:
        item = all_items(rating.visit.checklist.definition).get(rating.item)
        if item is None:
            continue
        labels.setdefault(rating.item, item["label"].split(" (")[0])
        counts[rating.item][rating.rating] += 1
        if rating.rating != ConditionRating.Rating.NOT_OBSERVED:
            country = rating.visit.facility.site.country
            countries.add(country)
            cell = by_country[(rating.item, country)]
            cell[0] += rating.rating == ConditionRating.Rating.NOT_MET
            cell[1] += 1
    countries_sorted = sorted(countries)
    rows = [
        {
            "key": key,
            "label": label,
            "counts": [counts[key][r] for r in RATINGS],
            "not_met_by_country": [
                f"{by_country[(key, c)][0]} / {by_country[(key, c)][1]}" if by_country[(key, c)][1] else "—"
                for c in countries_sorted
            ],
        }
        for key, label in labels.items()
    ]
    return {"rows": rows, "countries": [(c, country_name(c)) for c in countries_sorted]}


def recommendations_followed_up(*, user, today: datetime.date | None = None) -> list[dict]:
    """Per facility: recommendations old enough to judge (made 90 days ago or more, or already implemented),
    and how many of them were implemented within 90 days."""
    today = today or timezone.localdate()
    implemented_at = {
        step.recommendation_id: step.created_at
        for step in RecommendationStep.objects.visible_to(user)
        .filter(to_status=Recommendation.Status.IMPLEMENTED)
        .order_by("created_at")
    }
    rows: dict[int, dict] = {}
    for rec in Recommendation.objects.visible_to(user).select_related("facility__site", "visit"):
        made = timezone.localdate(rec.visit.started_at)
        done = implemented_at.get(rec.pk)
        within = done is not None and (timezone.localdate(done) - made).days <= FOLLOW_UP_DAYS
        if (today - made).days < FOLLOW_UP_DAYS and not within:
            continue  # too recent to say it was not implemented in time
        row = rows.setdefault(
            rec.facility_id,
            {"facility": rec.facility, "country": rec.facility.site.country, "judged": 0, "within": 0},
        )
        row["judged"] += 1
        row["within"] += within
    for row in rows.values():
        row["share"] = round(100 * row["within"] / row["judged"]) if row["judged"] else 0
    return sorted(rows.values(), key=lambda r: (r["country"], str(r["facility"])))


def children_by_month(*, user) -> tuple[list[str], list[str], dict[tuple[str, str], int]]:
    """Children seen in detention, by month and country: the most counted at any visit to a facility in the
    month (observed, else reported), added over facilities."""
    most: dict[tuple[str, str, int], int] = {}
    for visit in Visit.objects.visible_to(user).select_related("facility__site"):
        children = visit.children("observed")
        if children is None:
            children = visit.children("reported")
        if children is None:
            continue
        key = (visit.started_at.strftime("%Y-%m"), visit.facility.site.country, visit.facility_id)
        most[key] = max(most.get(key, 0), children)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for (month, country, _facility), n in most.items():
        counts[(month, country)] += n
    months = sorted({m for m, _ in counts})
    countries = sorted({c for _, c in counts})
    return months, countries, dict(counts)


def children_table(*, user) -> disclosure.ProtectedTable:
    """Children in detention by month and country, as it may be published: small cells suppressed."""
    months, countries, counts = children_by_month(user=user)
    return disclosure.protect(months, countries, counts)

"""Movement flags from a person's linked encounters: secondary and circular movement.

Secondary movement: the person holds an asylum-seeker or refugee document issued by
one country, or was first met there, and is met later in another country.
Circular movement: the same border (pair of countries) crossed at least N times
within T days. Flags are rows (`MovementFlag`) that the flows analytics count.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction

from mixedflows.linkage.models import MovementFlag
from mixedflows.people.models import Document, Encounter, Person


@dataclass(frozen=True)
class Rules:
    circular_crossings: int = 3
    circular_days: int = 365


def _crossings(encounters: list[Encounter]) -> list[tuple[frozenset, datetime.datetime]]:
    out = []
    for before, after in zip(encounters, encounters[1:], strict=False):
        if before.site.country != after.site.country:
            out.append((frozenset({before.site.country, after.site.country}), after.occurred_at))
    return out


def flags_for_encounters(encounters: list[Encounter], asylum_countries: set[str], rules: Rules) -> list[dict]:
    """The flags this ordered list of encounters raises (pure: no database)."""
    flags: list[dict] = []
    if len(encounters) < 2:
        return flags
    countries = [e.site.country for e in encounters]
    first_country = countries[0]
    origin = asylum_countries | {first_country} if asylum_countries else set()
    later = [
        e
        for e in encounters
        if origin and e.site.country not in origin and e.occurred_at > encounters[0].occurred_at
    ]
    if later:
        flags.append(
            {
                "kind": MovementFlag.Kind.SECONDARY,
                "first_at": encounters[0].occurred_at,
                "last_at": later[-1].occurred_at,
                "countries": list(dict.fromkeys(countries)),
                "crossings": 0,
            }
        )
    window = datetime.timedelta(days=rules.circular_days)
    by_border: dict[frozenset, list[datetime.datetime]] = {}
    for border, at in _crossings(encounters):
        by_border.setdefault(border, []).append(at)
    for border, times in by_border.items():
        for i in range(len(times) - rules.circular_crossings + 1):
            if times[i + rules.circular_crossings - 1] - times[i] <= window:
                flags.append(
                    {
                        "kind": MovementFlag.Kind.CIRCULAR,
                        "first_at": times[i],
                        "last_at": times[-1],
                        "countries": sorted(border),
                        "crossings": len(times),
                    }
                )
                break
    return flags


@transaction.atomic
def flags_compute(*, rules: Rules = Rules(), organisation=None) -> int:
    """Recompute every flag (for one organisation, or all) from current records and their merged ones."""
    from mixedflows.linkage.selectors import linked_records

    people = Person.objects.filter(retired_at__isnull=True)
    if organisation is not None:
        people = people.filter(organisation=organisation)
    MovementFlag.objects.filter(person__in=people).delete()
    count = 0
    for person in people.filter(encounters__isnull=False).distinct().iterator(chunk_size=2000):
        ids = [p.pk for p in linked_records(person)]
        encounters = list(
            Encounter.objects.filter(person_id__in=ids).select_related("site").order_by("occurred_at")
        )
        if len(encounters) < 2:
            continue
        asylum = set(
            Document.objects.filter(person_id__in=ids, kind=Document.Kind.ASYLUM_PERMIT)
            .exclude(issuing_country="")
            .values_list("issuing_country", flat=True)
        )
        for flag in flags_for_encounters(encounters, asylum, rules):
            MovementFlag.objects.create(organisation_id=person.organisation_id, person=person, **flag)
            count += 1
    return count

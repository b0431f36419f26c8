"""The training reports: officials trained by institution, country, topic, sex and year; knowledge gain (pre to
post, paired); cascades (officials reached through trainers we trained); and their workbook.

An official counts as trained at an event where they were present on at least one day. Officials are counted
once however many events they attended (the same name at the same institution of the same country, as the
import's duplicate check); a participation is one event of one official.
"""

import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook

from mixedflows.core.models import User
from mixedflows.lib.cells import neutralise
from mixedflows.lib.codes import country_name_local
from mixedflows.training.models import Attendance, Event, Institution, Participant, Sex, Topic

SEXES = [code for code, _label in Sex.choices]


def trained(*, user: User, year: int | None = None) -> QuerySet[Participant]:
    """Participations of officials present on at least one day, at events that began in `year`."""
    present = Attendance.objects.filter(participant=OuterRef("pk"), present=True)
    rows = Participant.objects.visible_to(user).filter(Exists(present))
    return rows.filter(event__starts_on__year=year) if year else rows


def years(*, user: User) -> list[int]:
    return sorted(
        {d.year for d in Event.objects.visible_to(user).values_list("starts_on", flat=True)}, reverse=True
    )


@dataclass
class Row:
    key: str
    label: str
    by_sex: dict[str, int]
    total: int


@dataclass
class Table:
    key: str
    title: str
    heading: str
    rows: list[Row]
    total: Row


def _labels(dimension: str):
    if dimension == "institution__kind":
        return lambda key: str(Institution.Kind(key).label) if key in Institution.Kind.values else key
    if dimension == "institution__country":
        return country_name_local
    if dimension == "event__course__topic":
        return lambda key: str(Topic(key).label) if key in Topic.values else key
    return str


def _table(
    key: str, rows: QuerySet[Participant], dimensions: list[str], title: str, heading: str, label=None
) -> Table:
    """Officials (distinct) per value of `dimensions` and sex; the total counts each official once."""
    by_sex: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(SEXES, 0))
    for values in rows.values(*dimensions, "sex").annotate(n=Count("identity_key", distinct=True)):
        by_sex[tuple(values[d] for d in dimensions)][values["sex"]] = values["n"]
    totals = {
        tuple(v[d] for d in dimensions): v["n"]
        for v in rows.values(*dimensions).annotate(n=Count("identity_key", distinct=True))
    }
    name = label or (lambda key: _labels(dimensions[0])(key[0]))
    table_rows = [
        Row(key="|".join(str(k) for k in key), label=name(key), by_sex=by_sex[key], total=totals[key])
        for key in totals
    ]
    table_rows.sort(key=lambda r: (-r.total, r.label))
    overall_sex = dict.fromkeys(SEXES, 0)
    for v in rows.values("sex").annotate(n=Count("identity_key", distinct=True)):
        overall_sex[v["sex"]] = v["n"]
    overall = Row(
        key="",
        label=_("Total"),
        by_sex=overall_sex,
        total=rows.aggregate(n=Count("identity_key", distinct=True))["n"],
    )
    return Table(key=key, title=title, heading=heading, rows=table_rows, total=overall)


def officials_trained(*, user: User, year: int) -> list[Table]:
    """The year's tables: by type of institution, by institution, by country, by topic."""
    rows = trained(user=user, year=year)
    return [
        _table(
            "kind",
            rows,
            ["institution__kind"],
            _("Officials trained by type of institution"),
            _("Type of institution"),
        ),
        _table(
            "institution",
            rows,
            ["institution__name", "institution__country"],
            _("Officials trained by institution"),
            _("Institution"),
            label=lambda key: f"{key[0]} ({key[1]})",
        ),
        _table("country", rows, ["institution__country"], _("Officials trained by country"), _("Country")),
        _table("topic", rows, ["event__course__topic"], _("Officials trained by topic"), _("Topic")),
    ]


def officials_by_year(*, user: User) -> Table:
    table = _table(
        "year",
        trained(user=user),
        ["event__starts_on__year"],
        _("Officials trained by year"),
        _("Year"),
        label=lambda key: str(key[0]),
    )
    table.rows.sort(key=lambda r: r.label, reverse=True)
    return table


def _mean(values: list[int]) -> Decimal | None:
    if not values:
        return None
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class Gain:
    label: str
    paired: int
    pre: Decimal | None
    post: Decimal | None
    gain: Decimal | None
    improved: int


def _gain(label: str, pairs: list[tuple[int, int]]) -> Gain:
    return Gain(
        label=label,
        paired=len(pairs),
        pre=_mean([pre for pre, _post in pairs]),
        post=_mean([post for _pre, post in pairs]),
        gain=_mean([post - pre for pre, post in pairs]),
        improved=sum(1 for pre, post in pairs if post > pre),
    )


def knowledge_gain(*, user: User, year: int) -> tuple[list[Gain], Gain]:
    """Mean pre- and post-test scores and their difference, per event of the year and overall, over participants
    with both scores only (paired: a participant without a post-test is left out of the pre-test mean too)."""
    rows = (
        Participant.objects.visible_to(user)
        .filter(event__starts_on__year=year, pre_score__isnull=False, post_score__isnull=False)
        .values_list("event_id", "event__title", "event__starts_on", "pre_score", "post_score")
        .order_by("event__starts_on", "event_id")
    )
    per_event: dict[int, list[tuple[int, int]]] = defaultdict(list)
    titles: dict[int, str] = {}
    for event_id, title, starts_on, pre, post in rows:
        if pre is not None and post is not None:  # filtered above; said again for the type checker
            per_event[event_id].append((pre, post))
        titles[event_id] = f"{title} ({starts_on:%Y-%m-%d})"
    events = [_gain(titles[e], pairs) for e, pairs in per_event.items()]
    return events, _gain(_("All events"), [pair for pairs in per_event.values() for pair in pairs])


@dataclass
class CascadeTrainer:
    name: str
    trained_at: str
    events: int
    reached: int


@dataclass
class Cascade:
    trainers: list[CascadeTrainer] = field(default_factory=list)
    by_generation: list[tuple[int, int, int]] = field(default_factory=list)  # (generation, events, officials)
    reached: int = 0


def cascades(*, user: User, year: int | None = None) -> Cascade:
    """Officials reached through trainers we trained: at events (of `year`) where a trainer is one of our earlier
    participants. Generation 1 is taught by someone we trained directly, generation 2 by someone trained at a
    generation-1 event, and so on; every official is counted once overall."""
    events = {e.pk: e for e in Event.objects.visible_to(user).prefetch_related("trainers__trained_as__event")}
    generation: dict[int, int] = {}

    def generation_of(event_id: int) -> int:
        # A trainer's own training ended before the event began, so the chain always ends.
        if event_id not in generation:
            sources = [
                t.trained_as.event_id for t in events[event_id].trainers.all() if t.trained_as is not None
            ]
            generation[event_id] = 1 + max(generation_of(s) for s in sources) if sources else 0
        return generation[event_id]

    reached_at: dict[int, set[str]] = defaultdict(set)
    for event_id, key in trained(user=user, year=year).values_list("event_id", "identity_key"):
        reached_at[event_id].add(key)
    in_year = [
        e for e in events.values() if (year is None or e.starts_on.year == year) and generation_of(e.pk) > 0
    ]
    result = Cascade()
    by_trainer: dict[int, tuple[str, str, set[int]]] = {}
    generations: dict[int, tuple[set[int], set[str]]] = defaultdict(lambda: (set(), set()))
    everyone: set[str] = set()
    for event in in_year:
        keys = reached_at.get(event.pk, set())
        events_of_generation, officials = generations[generation_of(event.pk)]
        events_of_generation.add(event.pk)
        officials |= keys
        everyone |= keys
        for trainer in event.trainers.all():
            if (source := trainer.trained_as) is not None:
                entry = by_trainer.setdefault(
                    source.pk,
                    (source.full_name, f"{source.event.title} ({source.event.ends_on:%Y-%m-%d})", set()),
                )
                entry[2].add(event.pk)
    for name, trained_at, given in by_trainer.values():
        reached = set().union(*(reached_at.get(e, set()) for e in given))
        result.trainers.append(
            CascadeTrainer(name=name, trained_at=trained_at, events=len(given), reached=len(reached))
        )
    result.trainers.sort(key=lambda t: (-t.reached, t.name))
    result.by_generation = [(g, len(ev), len(off)) for g, (ev, off) in sorted(generations.items())]
    result.reached = len(everyone)
    return result


def _sheet(book: Workbook, title: str, rows: list[list]) -> None:
    sheet = book.create_sheet(title)
    for row in rows:
        sheet.append([neutralise(value) for value in row])


# Sheet and column names are codes, as in every export: the file reads the same whatever the language; the
# `label` column is for people, in the language of whoever downloaded it.
_SHEETS = {
    "kind": "institution_type",
    "institution": "institution",
    "country": "country",
    "topic": "topic",
    "year": "year",
}


def _table_rows(table: Table) -> list[list]:
    head = [_SHEETS[table.key], "label", "female", "male", "other", "total"]
    body = [[r.key, r.label, *(r.by_sex[s] for s in SEXES), r.total] for r in table.rows]
    total = table.total
    return [head, *body, ["total", total.label, *(total.by_sex[s] for s in SEXES), total.total]]


def workbook(*, user: User, year: int) -> bytes:
    """Every table of the year's report, one sheet each: counts, and the names of the trainers we trained."""
    book = Workbook()
    book.remove(book.worksheets[0])
    for table in [*officials_trained(user=user, year=year), officials_by_year(user=user)]:
        _sheet(book, f"by_{_SHEETS[table.key]}", _table_rows(table))
    events, overall = knowledge_gain(user=user, year=year)
    _sheet(
        book,
        "knowledge_gain",
        [
            ["event", "paired", "mean_pre", "mean_post", "mean_gain", "improved"],
            *[[g.label, g.paired, g.pre, g.post, g.gain, g.improved] for g in events],
            ["all", overall.paired, overall.pre, overall.post, overall.gain, overall.improved],
        ],
    )
    cascade = cascades(user=user, year=year)
    _sheet(
        book,
        "cascades",
        [
            ["trainer", "trained_at", "events", "officials_reached"],
            *[[t.name, t.trained_at, t.events, t.reached] for t in cascade.trainers],
        ],
    )
    _sheet(
        book,
        "cascade_generations",
        [
            ["generation", "events", "officials_reached"],
            *[list(g) for g in cascade.by_generation],
            ["total", sum(events for _g, events, _o in cascade.by_generation), cascade.reached],
        ],
    )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

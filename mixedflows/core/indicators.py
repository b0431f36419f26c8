"""The registry of counters that project indicators are computed from.

`core` knows no app, so each app registers, in its own `indicators.py` (imported by
`CoreConfig.ready()` through `autodiscover_modules("indicators")`), named counters over its records:

    from mixedflows.core.indicators import register

    @register("detention.visits", label=_("Detention monitoring visits"), dimensions=["country", "facility_kind"])
    def visits(*, project, start, end, user):
        rows = Visit.objects.visible_to(user).filter(project=project, started_at__date__range=(start, end))
        ...
        yield (country, kind, 1)

A counter is called with the project, the period (both days included) and the user who asks; it counts only
records `visible_to(user)` and tagged with the project, and yields rows of its dimension values (in the order
it declared them) followed by a count. An indicator names the counter and the disaggregations it reports
(a subset of the counter's dimensions): "a saved query per indicator".
"""

import datetime
from collections import Counter as Tally
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

Row = tuple[Any, ...]
CountFunction = Callable[..., Iterable[Row]]

NOT_RECORDED = _("Not recorded")

# Dimensions every app can use; an app names others with `register_dimension`.
_DIMENSIONS: dict[str, Any] = {
    "sex": _("Sex"),
    "age_band": _("Age band"),
    "nationality": _("Nationality"),
    "country": _("Country"),
    "institution": _("Institution"),
}

# Age bands of the donor reports (DTM's): a counter gives `age_band(person.age_on(day))`.
AGE_BANDS = [(0, 4, "0-4"), (5, 17, "5-17"), (18, 59, "18-59"), (60, 200, "60+")]


def age_band(age: int | None) -> str:
    if age is None or age < 0:
        return str(NOT_RECORDED)
    return next((label for low, high, label in AGE_BANDS if low <= age <= high), str(NOT_RECORDED))


def shown(value: Any) -> str:
    """A dimension value as a table shows it; empty is "Not recorded"."""
    return str(value) if value not in (None, "") else str(NOT_RECORDED)


@dataclass(frozen=True)
class Counter:
    key: str
    label: Any
    dimensions: tuple[str, ...]
    count: CountFunction
    unit: Any = ""
    # The permission without which the records it counts are invisible (visible_to gives none): said, not zero.
    permission: str = ""


_COUNTERS: dict[str, Counter] = {}


def register_dimension(key: str, label: Any) -> None:
    _DIMENSIONS.setdefault(key, label)


def register(
    key: str, *, label: Any, dimensions: Iterable[str] = (), unit: Any = "", permission: str = ""
) -> Callable:
    """Register a counter under `key` (`<app>.<what>`); a decorator. Its dimensions must be known ones."""
    dims = tuple(dimensions)
    unknown = [d for d in dims if d not in _DIMENSIONS]
    if unknown:
        raise ValueError(f"counter {key}: unknown dimensions {unknown}; call register_dimension first")

    def decorator(function: CountFunction) -> CountFunction:
        _COUNTERS[key] = Counter(
            key=key, label=label, dimensions=dims, count=function, unit=unit, permission=permission
        )
        return function

    return decorator


def counters() -> list[Counter]:
    return sorted(_COUNTERS.values(), key=lambda c: c.key)


def counter(key: str) -> Counter | None:
    return _COUNTERS.get(key)


def dimension_label(key: str) -> str:
    return str(_DIMENSIONS.get(key, key))


@dataclass
class Breakdown:
    """An indicator's value for one period: the total and one table per chosen disaggregation."""

    total: int
    # dimension -> [(value, count)], largest first
    by: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    # the first two disaggregations crossed: (row value, column value) -> count
    cross: dict[tuple[str, str], int] = field(default_factory=dict)
    cross_dimensions: tuple[str, str] | None = None


def tally(counter: Counter, rows: Iterable[Row], disaggregations: list[str]) -> Breakdown:
    """Sum a counter's rows to the total, each chosen disaggregation and the cross of the first two."""
    positions = {d: i for i, d in enumerate(counter.dimensions)}
    total = 0
    by: dict[str, Tally] = {d: Tally() for d in disaggregations}
    cross: Tally = Tally()
    pair = tuple(disaggregations[:2]) if len(disaggregations) >= 2 else None
    for row in rows:
        n = int(row[-1])
        total += n
        for d in disaggregations:
            by[d][shown(row[positions[d]])] += n
        if pair:
            cross[(shown(row[positions[pair[0]]]), shown(row[positions[pair[1]]]))] += n
    return Breakdown(
        total=total,
        by={d: sorted(t.items(), key=lambda item: (-item[1], item[0])) for d, t in by.items()},
        cross=dict(cross),
        cross_dimensions=pair,  # type: ignore[arg-type]  # two names when set
    )


def run(counter: Counter, *, project: Any, start: datetime.date, end: datetime.date, user: Any) -> list[Row]:
    return list(counter.count(project=project, start=start, end=end, user=user))

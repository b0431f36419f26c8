"""Reads behind the officer's publications: protected tables and microdata extracts from the snapshot."""

import datetime

from django.utils.translation import gettext as _

from mixedflows.flows import analytics, selectors
from mixedflows.flows.analytics import DIMENSIONS, Scope
from mixedflows.flows.models import AGE_BANDS
from mixedflows.lib import disclosure


class ScopeNotFound(LookupError):
    """The scope is not the user's (or does not exist): the view answers 404."""


def _scope(user, key: str | None) -> Scope:
    if not key:
        return Scope(label=_("All records of your agency"))
    scope = selectors.scope_from_key(user=user, key=key)
    if scope is None:
        raise ScopeNotFound(key)
    return scope


def protected_table(*, user, data: dict, snapshot) -> tuple[disclosure.ProtectedTable, dict]:
    """The table an officer asked for, with disclosure control applied, and the specification it came from."""
    start, end = data["start"], data["end"]
    scope = _scope(user, data.get("scope"))
    con = analytics.connect(snapshot.directory)
    try:
        counts = analytics.crosstab(
            con,
            org=user.organisation.pk,
            scope=scope,
            start=start,
            end=end,
            source=data["source"],
            rows=data["rows"],
            cols=data["cols"],
            category=data.get("category") or "",
        )
    finally:
        con.close()
    rows = sorted({r for r, _ in counts}, key=_order)
    cols = sorted({c for _, c in counts}, key=_order)
    table = disclosure.protect(
        rows,
        cols,
        counts,
        threshold=data.get("threshold") or disclosure.DEFAULT_THRESHOLD,
        rounding_base=data.get("rounding_base"),
    )
    spec = {
        "source": data["source"],
        "rows": data["rows"],
        "cols": data["cols"],
        "rows_label": DIMENSIONS[data["rows"]][0],
        "cols_label": DIMENSIONS[data["cols"]][0],
        "scope": data.get("scope") or "",
        "scope_label": scope.label,
        "category": data.get("category") or "",
        "start": start.isoformat(),
        "end": end.isoformat(),
        "threshold": data.get("threshold") or disclosure.DEFAULT_THRESHOLD,
    }
    return table, spec


_BANDS = [code for code, *_ in AGE_BANDS]


def _order(value: str):
    """Age bands in age order, unknowns last, everything else alphabetically."""
    if value in _BANDS:
        return (0, _BANDS.index(value), "")
    return (2 if value == "unknown" else 1, 0, value)


def extract_records(
    *, user, data: dict, snapshot, start: datetime.date, end: datetime.date
) -> tuple[list, dict]:
    """One record per person arrived with the chosen columns, and the specification of the extract."""
    scope = _scope(user, data.get("scope"))
    con = analytics.connect(snapshot.directory)
    try:
        records = analytics.microdata(
            con,
            org=user.organisation.pk,
            scope=scope,
            start=start,
            end=end,
            columns=data["quasi_identifiers"],
        )
    finally:
        con.close()
    spec = {
        "source": "arrivals",
        "scope": data.get("scope") or "",
        "scope_label": scope.label,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "columns": [*data["quasi_identifiers"], "categories"],
    }
    return records, spec

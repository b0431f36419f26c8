"""Dashboard queries in DuckDB over the current Parquet snapshot, always for one organisation.

Arrivals are distinct persons with an encounter in the period within the scope; category shares are of the
screened persons among them (a person in several categories counts in each). The registry counts people seen.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

import duckdb
from django.utils.translation import get_language_bidi, gettext_noop
from django.utils.translation import gettext as _

from mixedflows.flows.models import AGE_BANDS, COUNT_FIELDS, NOT_MIGRATION
from mixedflows.screening.codes import ProfileCategory


@dataclass(frozen=True)
class Scope:
    """What a column of the page covers: a route, a site, a country or a nationality (None: no restriction).

    Every table of the snapshot is filtered by every field that it has a column for (`_arrivals_where`,
    `_registry_where`, `_survey_where`), so every block of the page follows the same scope. `explain` says in
    words which filters the arrivals pass, for a page that has to say why a scope counts no one.
    """

    label: str
    site_ids: tuple[int, ...] | None = None
    point_ids: tuple[int, ...] | None = None
    via_countries: tuple[str, ...] = ()
    country: str = ""
    nationality: str = ""
    explain: tuple[str, ...] = ()


# Columns added to a table after snapshots were first written: an older snapshot reads them as NULL until refreshed.
ADDED_COLUMNS = {"survey": {"country": "VARCHAR"}}


def connect(directory: str | Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for name in ("registry", "arrivals", "survey"):
        source = f"read_parquet('{(Path(directory) / f'{name}.parquet').as_posix()}')"
        present = {row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()}
        missing = [
            f"CAST(NULL AS {kind}) AS {column}"
            for column, kind in ADDED_COLUMNS.get(name, {}).items()
            if column not in present
        ]
        con.execute(f"CREATE VIEW {name} AS SELECT *{''.join(', ' + m for m in missing)} FROM {source}")
    return con


def _in(column: str, values, params: list) -> str:
    if not values:
        return "FALSE"
    params.extend(values)
    return f"{column} IN ({', '.join('?' for _ in values)})"


def _arrivals_where(org: int, scope: Scope, start: datetime.date, end: datetime.date) -> tuple[str, list]:
    params: list = [org, start, end]
    clauses = ["org = ?", "date BETWEEN ? AND ?"]
    if scope.site_ids is not None:
        clauses.append(_in("site_id", scope.site_ids, params))
    if scope.via_countries:
        clauses.append(_in("departure_country", scope.via_countries, params))
    if scope.country:
        clauses.append("site_country = ?")
        params.append(scope.country)
    if scope.nationality:
        clauses.append("nationality = ?")
        params.append(scope.nationality)
    return " AND ".join(clauses), params


def _registry_where(org: int, scope: Scope, start: datetime.date, end: datetime.date) -> tuple[str, list]:
    params: list = [org, start, end]
    clauses = ["org = ?", "date BETWEEN ? AND ?"]
    if scope.point_ids is not None:
        clauses.append(_in("point_id", scope.point_ids, params))
    if scope.country:
        clauses.append("country = ?")
        params.append(scope.country)
    if scope.nationality:
        clauses.append("nationality = ?")
        params.append(scope.nationality)
    return " AND ".join(clauses), params


# Categories travel as a bit mask (one bit per profile category code), so the aggregates stay scalar and fast.
CATEGORY_BITS = {code: bit for bit, code in enumerate(ProfileCategory.values)}


def category_mask(codes) -> int:
    mask = 0
    for code in codes:
        if code in CATEGORY_BITS:
            mask |= 1 << CATEGORY_BITS[code]
    return mask


def _persons(where: str, params: list, *, wide: bool = False) -> tuple[str, list]:
    """One row per person with an encounter in the scope: sex, nationality and outcome belong to the person, the
    age band (and site, departure) to their first encounter there. Persons met once need no grouping."""
    extra_single = ", site, departure_country" if wide else ""
    extra_multi = (
        ", arg_min(site, date) AS site, arg_min(departure_country, date) AS departure_country" if wide else ""
    )
    sql = f"""
        SELECT person_id, sex, age_band, screened, category_mask, nationality, date AS first_date{extra_single}
        FROM arrivals WHERE n_encounters = 1 AND {where}
        UNION ALL
        SELECT person_id, any_value(sex), arg_min(age_band, date), any_value(screened), any_value(category_mask),
               any_value(nationality), min(date){extra_multi}
        FROM arrivals WHERE n_encounters > 1 AND {where} GROUP BY person_id"""
    return sql, [*params, *params]


def composition(con, *, org: int, scope: Scope, start: datetime.date, end: datetime.date) -> dict:
    """Arrivals (persons), their sex and age structure, and category counts among the screened."""
    sql, params = _persons(*_arrivals_where(org, scope, start, end))
    bits = ", ".join(
        f"count(*) FILTER (WHERE screened AND (category_mask >> {b}) & 1 = 1)" for b in CATEGORY_BITS.values()
    )
    # One pass: counts by sex, age band and nationality (a few hundred groups), added up here.
    groups = con.execute(
        f"SELECT sex, age_band, nationality, count(*), count(*) FILTER (WHERE screened), {bits} "
        f"FROM ({sql}) GROUP BY ALL",
        params,
    ).fetchall()
    arrived = sum(g[3] for g in groups)
    screened = sum(g[4] for g in groups)
    categories = {code: sum(g[5 + i] for g in groups) for i, code in enumerate(CATEGORY_BITS)}
    categories = {code: n for code, n in categories.items() if n}
    pyramid: dict[tuple[str, str], int] = {}
    by_nationality: dict[str, int] = {}
    for sex, band, nationality, n, *_rest in groups:
        pyramid[(sex, band)] = pyramid.get((sex, band), 0) + n
        by_nationality[nationality] = by_nationality.get(nationality, 0) + n
    nationalities = sorted(by_nationality.items(), key=lambda item: (-item[1], item[0] or ""))[:10]
    return {
        "arrived": arrived,
        "screened": screened,
        "pyramid": pyramid,
        "categories": categories,
        "nationalities": nationalities,
    }


def registry_summary(con, *, org: int, scope: Scope, start: datetime.date, end: datetime.date) -> dict:
    """People seen at the scope's points: migration movements, and market visits apart."""
    where, params = _registry_where(org, scope, start, end)
    apart = tuple(str(m) for m in NOT_MIGRATION)
    sums = ", ".join(f"sum({f})" for f in COUNT_FIELDS)
    row = con.execute(
        f"SELECT {sums}, sum(total) FROM registry WHERE {where} AND movement NOT IN ({', '.join('?' for _ in apart)})",
        [*params, *apart],
    ).fetchall()[0]
    by_movement = dict(
        con.execute(
            f"SELECT movement, sum(total) FROM registry WHERE {where} GROUP BY movement ORDER BY movement",
            params,
        ).fetchall()
    )
    by_direction = dict(
        con.execute(
            f"SELECT direction, sum(total) FROM registry WHERE {where} AND movement NOT IN "
            f"({', '.join('?' for _ in apart)}) GROUP BY direction ORDER BY direction",
            [*params, *apart],
        ).fetchall()
    )
    return {
        "seen": int(row[-1] or 0),
        "by_band": {f: int(v or 0) for f, v in zip(COUNT_FIELDS, row, strict=False)},
        "by_movement": {k: int(v) for k, v in by_movement.items()},
        "by_direction": {k: int(v) for k, v in by_direction.items()},
    }


def trend(
    con, *, org: int, scope: Scope, start: datetime.date, end: datetime.date, grain: str = "month"
) -> list:
    """Per week or month: persons arrived (first encounter in the period), people seen (migration), market visits."""
    if grain not in ("week", "month"):
        raise ValueError("grain is week or month")
    sql, params = _persons(*_arrivals_where(org, scope, start, end))
    arrivals = dict(
        con.execute(
            f"SELECT date_trunc('{grain}', first_date) d, count(*) FROM ({sql}) GROUP BY d",
            params,
        ).fetchall()
    )
    rwhere, rparams = _registry_where(org, scope, start, end)
    apart = tuple(str(m) for m in NOT_MIGRATION)
    marks = ", ".join("?" for _ in apart)
    seen = {
        d: (int(a or 0), int(b or 0))
        for d, a, b in con.execute(
            f"SELECT date_trunc('{grain}', date) d, sum(total) FILTER (WHERE movement NOT IN ({marks})), "
            f"sum(total) FILTER (WHERE movement IN ({marks})) FROM registry WHERE {rwhere} GROUP BY d",
            [*apart, *apart, *rparams],
        ).fetchall()
    }
    periods = sorted(set(arrivals) | set(seen))
    return [(_day(p), arrivals.get(p, 0), *seen.get(p, (0, 0))) for p in periods]


def _day(moment: datetime.date) -> datetime.date:
    """date_trunc gives a timestamp: the period is the day it starts."""
    return moment.date() if isinstance(moment, datetime.datetime) else moment


# Dimensions the officer's table builder offers: (label, arrivals column, registry expression). The label stays
# English in a publication's specification and its HXL header; pages show it translated.
DIMENSIONS = {
    "nationality": (gettext_noop("Nationality"), "nationality", "nationality"),
    "sex": (gettext_noop("Sex"), "sex", None),
    "age_band": (gettext_noop("Age band"), "age_band", None),
    "site": (gettext_noop("Site"), "site", None),
    "point": (gettext_noop("Monitoring point"), None, "point"),
    "departure_country": (gettext_noop("Departure country"), "departure_country", None),
    "month": (gettext_noop("Month"), "date_trunc('month', first_date)", "date_trunc('month', date)"),
    "direction": (gettext_noop("Direction"), None, "direction"),
    "movement": (gettext_noop("Movement"), None, "movement"),
}


def crosstab(
    con,
    *,
    org: int,
    scope: Scope,
    start: datetime.date,
    end: datetime.date,
    source: str,
    rows: str,
    cols: str,
    category: str = "",
) -> dict[tuple[str, str], int]:
    """Counts for a table: persons arrived (source=arrivals) or people seen (source=registry) by two dimensions."""
    index = 1 if source == "arrivals" else 2
    row_expr, col_expr = DIMENSIONS[rows][index], DIMENSIONS[cols][index]
    if row_expr is None or col_expr is None:
        missing = _(DIMENSIONS[rows if row_expr is None else cols][0])
        raise ValueError(
            _("%(dimension)s is not available for persons arrived.") % {"dimension": missing}
            if source == "arrivals"
            else _("%(dimension)s is not available for people seen at monitoring points.")
            % {"dimension": missing}
        )
    if source == "arrivals":
        persons, params = _persons(*_arrivals_where(org, scope, start, end), wide=True)
        sql = f"SELECT {row_expr}, {col_expr}, count(*) FROM ({persons})"
        if category:
            if category not in CATEGORY_BITS:
                raise ValueError(_("Unknown profile category"))
            sql += f" WHERE screened AND (category_mask >> {CATEGORY_BITS[category]}) & 1 = 1"
        sql += " GROUP BY ALL"
    else:
        where, params = _registry_where(org, scope, start, end)
        sql = f"SELECT {row_expr}, {col_expr}, sum(total) FROM registry WHERE {where} GROUP BY ALL"
    return {(_label(r), _label(c)): int(n) for r, c, n in con.execute(sql, params).fetchall()}


def _label(value) -> str:
    if isinstance(value, datetime.date):
        return value.strftime("%Y-%m")
    return str(value or "unknown")


BAND_LABELS = {code: label for code, label, *_ in AGE_BANDS} | {"unknown": "unknown"}


def isolated(text: str) -> str:
    """Text that keeps its own order inside a right-to-left sentence, as <bdi> does on a page: an age band
    ("0-4" would read "4-0"), a date, a name in a chart or a form label. Unchanged in a left-to-right language."""
    return f"\u2068{text}\u2069" if get_language_bidi() else text


MICRODATA_COLUMNS = {
    "sex": "sex",
    "age_band": "age_band",
    "nationality": "nationality",
    "site": "site",
    "departure_country": "departure_country",
    "month": "strftime(first_date, '%Y-%m')",
}


def microdata(
    con, *, org: int, scope: Scope, start: datetime.date, end: datetime.date, columns: list[str]
) -> list:
    """One record per person arrived, with the chosen columns and the profile categories of the screened."""
    if not columns or set(columns) - set(MICRODATA_COLUMNS):
        raise ValueError(
            _("Choose the columns of the extract among %(columns)s")
            % {"columns": ", ".join(MICRODATA_COLUMNS)}
        )
    persons, params = _persons(*_arrivals_where(org, scope, start, end), wide=True)
    select = ", ".join(f"{MICRODATA_COLUMNS[c]} AS {c}" for c in columns)
    records = []
    for *values, screened, mask in con.execute(
        f"SELECT {select}, screened, category_mask FROM ({persons}) ORDER BY ALL", params
    ).fetchall():
        record = {c: (v if v is not None else "") for c, v in zip(columns, values, strict=True)}
        record["categories"] = (
            " ".join(code for code, bit in CATEGORY_BITS.items() if (mask >> bit) & 1) if screened else ""
        )
        records.append(record)
    return records


def _survey_where(org: int, scope: Scope, start: datetime.date, end: datetime.date) -> tuple[str, list]:
    """Interviews at the scope's points, in its country (the point's) and of its nationality.

    A route's departure countries are not applied: the survey's departure country is where the journey began,
    not the country the arrival left from last, so the route's points choose its interviews."""
    params: list = [org, start, end]
    clauses = ["org = ?", "date BETWEEN ? AND ?"]
    if scope.point_ids is not None:
        clauses.append(_in("point_id", scope.point_ids, params))
    if scope.country:
        clauses.append("country = ?")
        params.append(scope.country)
    if scope.nationality:
        clauses.append("nationality = ?")
        params.append(scope.nationality)
    return " AND ".join(clauses), params


def survey_summary(con, *, org: int, scope: Scope, start: datetime.date, end: datetime.date) -> dict:
    """Interviews at the scope's points: incidents on the way (by kind and by whom), reasons and intentions."""
    where, params = _survey_where(org, scope, start, end)
    interviews = con.execute(f"SELECT count(*) FROM survey WHERE {where}", params).fetchall()[0][0]

    def counted(column: str) -> list[tuple[str, int]]:
        return con.execute(
            f"SELECT v, count(*) n FROM (SELECT unnest({column}) v FROM survey WHERE {where}) GROUP BY v "
            "ORDER BY n DESC, v",
            params,
        ).fetchall()

    intentions = con.execute(
        f"SELECT intention, count(*) n FROM survey WHERE {where} GROUP BY ALL ORDER BY n DESC, intention",
        params,
    ).fetchall()
    cost = con.execute(f"SELECT median(journey_cost_usd) FROM survey WHERE {where}", params).fetchall()[0][0]
    return {
        "interviews": interviews,
        "incidents": counted("incident_kinds"),
        "reasons": counted("reasons"),
        "needs": counted("needs"),
        "intentions": intentions,
        "median_cost": cost,
    }

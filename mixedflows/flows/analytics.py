"""Dashboard queries in DuckDB over the current Parquet snapshot, always for one organisation.

Arrivals are distinct persons with an encounter in the period within the scope; category shares are of the
screened persons among them (a person in several categories counts in each). The registry counts people seen.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

import duckdb

from mixedflows.flows.models import AGE_BANDS, COUNT_FIELDS, NOT_MIGRATION


@dataclass(frozen=True)
class Scope:
    """What a column of the page covers: a route, a site, a country or a nationality (None: no restriction)."""

    label: str
    site_ids: tuple[int, ...] | None = None
    point_ids: tuple[int, ...] | None = None
    via_countries: tuple[str, ...] = ()
    country: str = ""
    nationality: str = ""


def connect(directory: str | Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    for name in ("registry", "arrivals", "survey"):
        path = Path(directory) / f"{name}.parquet"
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path.as_posix()}')")
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


_PERSONS = """
    SELECT person_id, arg_min(sex, date) AS sex, arg_min(age_band, date) AS age_band,
           bool_or(screened) AS screened, any_value(categories) AS categories, min(date) AS first_date,
           arg_min(nationality, date) AS nationality
    FROM arrivals WHERE {where} GROUP BY person_id
"""


def composition(con, *, org: int, scope: Scope, start: datetime.date, end: datetime.date) -> dict:
    """Arrivals (persons), their sex and age structure, and category counts among the screened."""
    where, params = _arrivals_where(org, scope, start, end)
    persons = _PERSONS.format(where=where)
    arrived, screened = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE screened) FROM ({persons})", params
    ).fetchall()[0]
    pyramid = {
        (sex, band): n
        for sex, band, n in con.execute(
            f"SELECT sex, age_band, count(*) FROM ({persons}) GROUP BY ALL", params
        ).fetchall()
    }
    categories = dict(
        con.execute(
            f"SELECT c, count(*) FROM ({persons}) p, unnest(p.categories) AS t(c) WHERE p.screened GROUP BY c",
            params,
        ).fetchall()
    )
    nationalities = con.execute(
        f"SELECT nationality, count(*) n FROM ({persons}) GROUP BY nationality ORDER BY n DESC, nationality LIMIT 10",
        params,
    ).fetchall()
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
    where, params = _arrivals_where(org, scope, start, end)
    arrivals = dict(
        con.execute(
            f"SELECT date_trunc('{grain}', first_date) d, count(*) FROM ({_PERSONS.format(where=where)}) GROUP BY d",
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
    return [(p, arrivals.get(p, 0), *seen.get(p, (0, 0))) for p in periods]


# Dimensions the officer's table builder offers: (label, arrivals column, registry expression).
DIMENSIONS = {
    "nationality": ("Nationality", "nationality", "nationality"),
    "sex": ("Sex", "sex", None),
    "age_band": ("Age band", "age_band", None),
    "site": ("Site", "site", None),
    "point": ("Monitoring point", None, "point"),
    "departure_country": ("Departure country", "departure_country", None),
    "month": ("Month", "strftime(first_date, '%Y-%m')", "strftime(date, '%Y-%m')"),
    "direction": ("Direction", None, "direction"),
    "movement": ("Movement", None, "movement"),
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
        raise ValueError(f"{DIMENSIONS[rows if row_expr is None else cols][0]} is not available for {source}")
    if source == "arrivals":
        where, params = _arrivals_where(org, scope, start, end)
        sql = f"SELECT {row_expr}, {col_expr}, count(*) FROM ({_PERSONS_WIDE.format(where=where)})"
        if category:
            sql += " WHERE screened AND list_contains(categories, ?)"
            params.append(category)
        sql += " GROUP BY ALL"
    else:
        where, params = _registry_where(org, scope, start, end)
        sql = f"SELECT {row_expr}, {col_expr}, sum(total) FROM registry WHERE {where} GROUP BY ALL"
    return {
        (str(r or "unknown"), str(c or "unknown")): int(n) for r, c, n in con.execute(sql, params).fetchall()
    }


_PERSONS_WIDE = _PERSONS.replace(
    "arg_min(nationality, date) AS nationality",
    "arg_min(nationality, date) AS nationality, arg_min(site, date) AS site, "
    "arg_min(departure_country, date) AS departure_country",
)

BAND_LABELS = {code: label for code, label, *_ in AGE_BANDS} | {"unknown": "unknown"}

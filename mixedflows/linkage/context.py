"""Travel groups as evidence, weighed after Splink has scored each pair on its own.

Families and travel companions are registered together, again and again. When two records
seem to be one person and their two groups also hold another confident pair (her brother,
registered with her both times), that is evidence of its own: the family was seen twice.
And one group never holds the same person twice, so a record is at most one record of
another group: the best candidate there. Support is weighed like any Fellegi-Sunter
comparison, with m measured among sure pairs and u among random pairs of grouped records,
so a registry without travel groups is scored exactly as Splink scored it.

Support says "these two groups hold the same family", not "these two records are the same
person": a brother and a sister travel together too. It is weighed only where the given
names agree (in either order); a sister's record gains nothing from her brother's.
"""

import math

import duckdb

# A pair this sure lends its support to the other pairs between the same two groups.
SUPPORTING = 0.95
# The share of sure pairs with support is m; below this many sure pairs, m is not estimated.
SURE = 0.99
MIN_SURE_PAIRS = 50
# No pair of groups proves a match on its own (a family of namesakes travels too).
MAX_SUPPORT_WEIGHT = 8.0


def _support_weights(connection: duckdb.DuckDBPyConnection, group_sizes: list[dict]) -> tuple[float, float]:
    """(weight with support, weight without), in bits; (0, 0) when the data cannot tell."""
    sure, supported = connection.execute(
        f"SELECT count(*), count(*) FILTER (support) FROM ctx_pairs WHERE match_probability >= {SURE}"
        " AND group_l IS NOT NULL AND group_r IS NOT NULL AND given_agrees"
    ).fetchall()[0]
    if sure < MIN_SURE_PAIRS or not supported:
        return 0.0, 0.0
    m = supported / sure
    # u: the chance that two records drawn at random, each in a group, sit in groups joined by a sure pair.
    linked = connection.execute("SELECT DISTINCT ga, gb FROM ctx_strong").fetchall()
    sizes = [dict(s) for s in group_sizes]
    if len(sizes) == 1:  # one registry: pairs within it, each pair of groups counted once
        total = sum(sizes[0].values())
        all_pairs = (total**2 - sum(n * n for n in sizes[0].values())) / 2
        joined = sum(sizes[0].get(a, 0) * sizes[0].get(b, 0) for a, b in linked) / 2
    else:
        all_pairs = sum(sizes[0].values()) * sum(sizes[1].values())
        joined = sum(sizes[0].get(a, 0) * sizes[1].get(b, 0) for a, b in linked)
    u = joined / all_pairs if all_pairs else 0.0
    if not 0 < u < m < 1:
        return 0.0, 0.0
    return min(math.log2(m / u), MAX_SUPPORT_WEIGHT), math.log2((1 - m) / (1 - u))


def rescore(
    connection: duckdb.DuckDBPyConnection, pairs: str, group_sizes: list[dict], *, threshold: float
) -> duckdb.DuckDBPyRelation:
    """Pairs of the table `pairs` (unique_id_l, unique_id_r, match_weight, match_probability, group_l,
    group_r, given_agrees) with travel-group support weighed in and one record per other group kept, at or above
    `threshold`: unique_id_l, unique_id_r, match_probability.

    `group_sizes` holds, per input table, {group: records}; one table means a dedupe (pairs unordered).
    """
    dedupe = len(group_sizes) == 1
    swapped = (
        "UNION ALL SELECT group_r, group_l, unique_id_r, unique_id_l FROM ranked_in WHERE ok"
        if dedupe
        else ""
    )
    connection.execute(f"""
        CREATE OR REPLACE TEMP TABLE ranked_in AS
        SELECT *, match_probability >= {SUPPORTING} AND group_l IS NOT NULL AND group_r IS NOT NULL AS ok
        FROM {pairs};
        CREATE OR REPLACE TEMP TABLE ctx_strong AS
        SELECT group_l AS ga, group_r AS gb, unique_id_l AS a, unique_id_r AS b FROM ranked_in WHERE ok {swapped};
        CREATE OR REPLACE TEMP TABLE ctx_pairs AS
        SELECT p.*, EXISTS (
            SELECT 1 FROM ctx_strong s
            WHERE s.ga = p.group_l AND s.gb = p.group_r AND s.a <> p.unique_id_l AND s.b <> p.unique_id_r
        ) AS support
        FROM ranked_in p;
    """)
    with_support, without = _support_weights(connection, group_sizes)
    # Each record keeps only its best candidate in any one other group (in a dedupe, seen from both sides).
    connection.execute(f"""
        CREATE OR REPLACE TEMP TABLE ctx_weighed AS
        SELECT row_number() OVER () AS pid, unique_id_l, unique_id_r, group_l, group_r,
            match_weight + CASE WHEN group_l IS NULL OR group_r IS NULL OR NOT given_agrees THEN 0
                WHEN support THEN {with_support} ELSE {without} END AS weight
        FROM ctx_pairs;
    """)
    sides = "SELECT pid, unique_id_l AS x, coalesce(group_r, unique_id_r) AS other, weight FROM ctx_weighed"
    if dedupe:
        sides += " UNION ALL SELECT pid, unique_id_r, coalesce(group_l, unique_id_l), weight FROM ctx_weighed"
    return connection.sql(f"""
        WITH sides AS ({sides}),
        beaten AS (
            SELECT DISTINCT pid FROM (
                SELECT pid, row_number() OVER (PARTITION BY x, other ORDER BY weight DESC, pid) AS rank FROM sides
            ) WHERE rank > 1
        )
        SELECT unique_id_l, unique_id_r, 1 / (1 + pow(2, -weight)) AS match_probability
        FROM ctx_weighed
        WHERE pid NOT IN (SELECT pid FROM beaten) AND 1 / (1 + pow(2, -weight)) >= {float(threshold)}
    """)

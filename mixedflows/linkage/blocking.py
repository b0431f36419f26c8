"""Blocking: which pairs of records Splink scores at all.

Transliteration-aware rules on folded keys (cheap hash joins), and looser blocks on lists of
keys that are used only while a run can afford them.
"""

import os
from collections.abc import Callable

import duckdb
import pyarrow as pa

Progress = Callable[[str], None]

# Transliteration-aware blocking: every rule is an equality on folded keys (cheap hash joins).
# Namesakes make a block on names alone explode (Fatima Mohamed: 573 million pairs in a million
# records), so every name block also needs a year, a nationality or the grandfather's name.
BLOCKING_RULES = (
    "l.gf_sk = r.gf_sk AND l.dob_y = r.dob_y",
    "l.g1_sk = r.g1_sk AND l.f1_sk = r.f1_sk AND l.rest1_sk = r.rest1_sk",
    "l.doc = r.doc",
    "l.dob_s = r.dob_s",
    "l.f1_sk = r.f1_sk AND l.rest1_sk = r.rest1_sk AND l.dob_y = r.dob_y",
    "l.g1_sk = r.g1_sk AND l.nat = r.nat AND l.dob_y = r.dob_y",
    # A record without a date against the same names and sex, and the same nationality or grandfather's name
    # (on names and sex alone, the Mohamed Alis with no date made 98 million pairs in a million records).
    "l.gfs_nodob = r.gfs AND l.nat = r.nat",
    "l.gfs = r.gfs_nodob AND l.nat = r.nat",
    "l.gfs_nodob = r.gfs AND l.rest1_sk = r.rest1_sk",
    "l.gfs = r.gfs_nodob AND l.rest1_sk = r.rest1_sk",
    "l.g1_only = r.g1_sk AND l.dob_y = r.dob_y",
    "l.g1_sk = r.g1_only AND l.dob_y = r.dob_y",
)
# Looser blocks on lists of keys that Splink explodes, most useful first, made in DuckDB from the names
# (skeletons) and name pairs of each record. Each lists a year either side and this and the next 30-day
# period of the encounter, so two records meet when their years differ by up to two and their encounters
# by up to about two months; they meet when names are in another order, one is missing or mistyped.
_YEARS = "[-1, 0, 1]"
_PERIODS = "[0, 1]"
_SEX = "coalesce(sex, '')"
KEY_SQL = {
    # A word of the place (village, town, postcode) and a name.
    "bk_place_name": "flatten([[w || '/' || n FOR n IN names] FOR w IN place_words])",
    "bk_name_year_month": f"""CASE WHEN dob_y IS NOT NULL AND enc_day IS NOT NULL THEN flatten(flatten(
        [[[n || '/' || {_SEX} || '/' || (dob_y + d)::VARCHAR || '/' || (enc_day // 30 + q)::VARCHAR
        FOR q IN {_PERIODS}] FOR d IN {_YEARS}] FOR n IN names])) END""",
    "bk_pair_year": f"""CASE WHEN dob_y IS NOT NULL THEN flatten(
        [[p || '/' || {_SEX} || '/' || (dob_y + d)::VARCHAR FOR d IN {_YEARS}] FOR p IN name_pairs]) END""",
    "bk_pair_month": f"""CASE WHEN enc_day IS NOT NULL THEN flatten(
        [[p || '/' || (enc_day // 30 + q)::VARCHAR FOR q IN {_PERIODS}] FOR p IN name_pairs]) END""",
    "bk_given_month": f"""CASE WHEN g1_sk IS NOT NULL AND enc_day IS NOT NULL THEN
        [g1_sk || '/' || {_SEX} || '/' || (enc_day // 30 + q)::VARCHAR FOR q IN {_PERIODS}] END""",
    # Two names and the sex, nothing else: the loosest, for small files with neither dates nor nationalities.
    "bk_pair_sex": f"[p || '/' || {_SEX} FOR p IN name_pairs]",
}
EXPLODED_BLOCKS = tuple(KEY_SQL)
KEY_PAIR_BUDGET = int(os.environ.get("MIXEDFLOWS_LINKAGE_KEY_PAIRS", 15_000_000))


def with_keys(table: pa.Table, columns) -> pa.Table:
    """The table with these blocking-key list columns added (see KEY_SQL)."""
    if not columns:
        return table
    connection = duckdb.connect()
    connection.register("t", table)
    keys = ", ".join(f"{KEY_SQL[c]} AS {c}" for c in columns)
    return connection.sql(f"SELECT *, {keys} FROM t").to_arrow_table()


def key_pairs(tables: list[pa.Table], column: str) -> int:
    """How many record pairs share a key of this list, counted before duplicates (the join's cost)."""
    connection = duckdb.connect()
    counts = []
    for index, table in enumerate(tables):
        connection.register(f"t{index}", table)
        counts.append(
            f"(SELECT k, count(*) AS c FROM (SELECT unnest({KEY_SQL[column]}) AS k FROM t{index}) GROUP BY k)"
        )
    if len(tables) == 1:
        sql = f"SELECT sum(c * (c - 1) / 2) FROM {counts[0]}"
    else:
        sql = f"SELECT sum(a.c * b.c) FROM {counts[0]} a JOIN {counts[1]} b USING (k)"
    return int(connection.execute(sql).fetchall()[0][0] or 0)


def exploded_blocks(tables: list[pa.Table], progress: Progress = lambda _: None) -> list[str]:
    """The looser blocks this input can afford (see KEY_PAIR_BUDGET)."""
    chosen, total = [], 0
    for column in EXPLODED_BLOCKS:
        pairs = key_pairs(tables, column)
        if total + pairs > KEY_PAIR_BUDGET:
            progress(f"  skipped the block on {column}: {pairs:,} pairs of keys would pass the budget")
            continue
        chosen.append(column)
        total += pairs
    return chosen

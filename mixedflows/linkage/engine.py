"""Splink (Fellegi-Sunter) over DuckDB: train without labels, predict pairs, score one pair in Python.

Everything here works on lists of feature dicts (see `features.py`) and needs no
Django database, so the CSV commands and the benchmarks use it as it is.
"""

import json
import logging
import math
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
from splink.internals.exceptions import EMTrainingException

from mixedflows.linkage import blocking, context
from mixedflows.linkage.blocking import Progress
from mixedflows.linkage.comparisons import COMPARISONS, levels_of, splink_comparisons
from mixedflows.linkage.features import FEATURE_COLUMNS, LIST_COLUMNS

DEFAULT_MODEL = Path(__file__).with_name("default_model.json")
DEFAULT_MODEL_RECORDS = 12_299  # python -m mixedflows.linkage.synthetic --people 10000 --seed 1
DEFAULT_THRESHOLD = 0.9
# Below this, u and m estimated from the input are noise: the default model is used instead.
MIN_TRAINING_RECORDS = 2000
# Pairs between this and the threshold go to human review, never to a merge.
REVIEW_FLOOR = 0.5

# Pairs down to this probability are kept for weighing their travel groups (see context.py).
CONTEXT_FLOOR = 0.05
# Above this many records, predict in chunks so DuckDB never holds every blocked pair at once.
RECORDS_PER_CHUNK = 200_000

# Few people carry documents and few dates are exact: "same document, or same names and birthday" finds
# about a third of the true pairs in registration data (measured on the benchmark; see docs/linkage.md).
DETERMINISTIC_RECALL = 0.15
EM_BLOCKS = (
    ("the same document number", "l.doc = r.doc"),
    ("the same names and birthday", "l.name_soft = r.name_soft AND l.dob_s = r.dob_s"),
)
# No level is ever certain: a sex or nationality mistyped once must not veto a match outright.
FLOOR = 1e-3
# About one field in a hundred is mistyped or misheard (sex ticked wrong): a disagreement is never near-certain proof.
ELSE_FLOOR = 1e-2
UNTRAINED_ELSE_M = 0.05

_INT_COLUMNS = {"dob_y", "dob_m", "dob_d", "enc_day"}
SCHEMA = pa.schema(
    [
        (c, pa.int32() if c in _INT_COLUMNS else pa.list_(pa.string()) if c in LIST_COLUMNS else pa.string())
        for c in FEATURE_COLUMNS
    ]
)


def to_arrow(rows: Iterable[dict]) -> pa.Table:
    return pa.Table.from_pylist(list(rows), schema=SCHEMA)


def settings(link_type: str = "dedupe_only", exploded: list[str] | tuple = ()) -> dict:
    """Splink settings with our comparisons and blocking (the tight rules, and these exploded blocks)."""
    return {
        "link_type": link_type,
        "unique_id_column_name": "unique_id",
        "probability_two_random_records_match": 1e-5,
        "comparisons": splink_comparisons(),
        "blocking_rules_to_generate_predictions": [
            {"blocking_rule": rule, "sql_dialect": "duckdb"} for rule in blocking.BLOCKING_RULES
        ]
        + [
            {"blocking_rule": f"l.{c} = r.{c}", "arrays_to_explode": [c], "sql_dialect": "duckdb"}
            for c in exploded
        ],
        # Travel groups, and the names that tell a person from their brother (see context.py).
        "additional_columns_to_retain": ["group_id", "g1_sk", "f1_sk"],
        "retain_matching_columns": False,
        "retain_intermediate_calculation_columns": False,
    }


def _connection() -> duckdb.DuckDBPyConnection:
    # DuckDB spills to disk past this instead of taking the machine's memory (shared laptops, 2-core servers).
    return duckdb.connect(
        config={
            "memory_limit": os.environ.get("MIXEDFLOWS_LINKAGE_MEMORY", "4GB"),
            "temp_directory": os.path.join(tempfile.gettempdir(), "mixedflows-duckdb"),
        }
    )


def _linker(tables: list[pa.Table], model: dict, connection: duckdb.DuckDBPyConnection | None = None):
    from splink import DuckDBAPI, Linker

    logging.getLogger("splink").setLevel(logging.WARNING)
    db_api = DuckDBAPI(connection or _connection())
    names = ["a_left", "b_right"] if len(tables) == 2 else ["records"]
    frames = [db_api.register(t, dataset_display_name=n) for t, n in zip(tables, names, strict=True)]
    return Linker(frames if len(frames) > 1 else frames[0], model, log_level=logging.WARNING)


def _without_lists(tables: list[pa.Table]) -> list[pa.Table]:
    """The tables without the name lists the blocking keys are made of: Splink carries every column through."""
    return [t.drop_columns(list(LIST_COLUMNS)) for t in tables]


def train(tables: list[pa.Table], *, progress: Progress = lambda _: None, seed: int = 42) -> dict:
    """Estimate the model on the records themselves: u by random sampling, m by EM. Returns Splink's settings JSON."""
    tables = _without_lists(tables)
    model = settings("link_only" if len(tables) == 2 else "dedupe_only")
    linker = _linker(tables, model)
    progress("estimating the share of matching pairs")
    linker.training.estimate_probability_two_random_records_match(
        ["l.doc = r.doc", "l.name_soft = r.name_soft AND l.dob_s = r.dob_s"], recall=DETERMINISTIC_RECALL
    )
    settings_obj = linker._settings_obj  # Splink has no public setter; an estimate of 0 would break training
    if not settings_obj._probability_two_random_records_match > 0:
        progress("  no sure pairs to estimate it from; the default model's value fills in")
        settings_obj._probability_two_random_records_match = default_model()[
            "probability_two_random_records_match"
        ]
    progress("estimating u (random pairs)")
    linker.training.estimate_u_using_random_sampling(max_pairs=3e6, seed=seed)
    # EM needs blocks where true matches are common; a block on one name alone is swamped by namesakes.
    for label, rule in EM_BLOCKS:
        progress(f"estimating m by EM (pairs with {label})")
        before = linker.misc.save_model_to_json()
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(rule, max_pairs=2e6)
        except EMTrainingException:
            progress(f"  too few pairs with {label} to estimate from; the default model's m values fill in")
            # Splink sets aside the comparisons the EM block uses and does not put them back when EM fails.
            linker = _linker(tables, before)
        except ValueError as error:  # Splink refuses an m of exactly 0, which EM reaches for an emptied level
            progress(f"  EM on pairs with {label} emptied a level ({error}); its estimates are dropped")
            linker = _linker(tables, before)
    model = linker.misc.save_model_to_json()
    return _floor_probabilities(_fill_untrained(model, default_model()))


def without_term_frequencies(model: dict) -> dict:
    """The model with no term-frequency adjustment: over a few hundred records a name's frequency means nothing
    (two records of one man make his name look like everyone's)."""
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            level.pop("tf_adjustment_column", None)
            level.pop("tf_adjustment_weight", None)
    return model


def default_model(records: int | None = None) -> dict:
    """Parameters trained on the synthetic benchmark, shipped with the code: used before any training,
    and for the m values a small input cannot estimate.

    The share of matching pairs falls as the registry grows (each person has a few records
    among N): given `records`, it is rescaled from the benchmark's size.
    """
    model = _floor_probabilities(json.loads(DEFAULT_MODEL.read_text(encoding="utf-8")))
    if records:
        prior = model["probability_two_random_records_match"] * DEFAULT_MODEL_RECORDS / max(records, 2)
        model["probability_two_random_records_match"] = min(prior, 0.5)
        if records < MIN_TRAINING_RECORDS:
            model = without_term_frequencies(model)
    return model


def fits_comparisons(model: dict) -> bool:
    """Whether a saved model has today's comparison levels (one saved before a level was added does not:
    its m and u would be read against the wrong levels)."""
    saved = {c["output_column_name"]: c["comparison_levels"] for c in model.get("comparisons", [])}
    return all(
        [level.get("label_for_charts") for level in saved.get(c.name, [])]
        == [level.label for level in c.levels]
        for c in COMPARISONS
    )


def _fill_untrained(model: dict, default: dict) -> dict:
    defaults = {c["output_column_name"]: c["comparison_levels"] for c in default["comparisons"]}
    for comparison in model["comparisons"]:
        fallback = defaults.get(comparison["output_column_name"], [])
        if len(fallback) != len(comparison["comparison_levels"]):
            continue  # the default model predates a change of levels: nothing to borrow
        for level, default_level in zip(comparison["comparison_levels"], fallback, strict=True):
            if not level.get("is_null_level") and level.get("m_probability") is None:
                level["m_probability"] = default_level.get("m_probability")
    return model


def _floor_probabilities(model: dict) -> dict:
    for comparison in model["comparisons"]:
        levels = comparison["comparison_levels"]
        for index, level in enumerate(levels):
            if level.get("is_null_level"):
                continue
            # A level EM never saw among matches (a mistyped document) gets a modest m, not a veto.
            is_else = index == len(levels) - 1
            untrained = UNTRAINED_ELSE_M if is_else else FLOOR
            level["m_probability"] = max(
                level.get("m_probability") or untrained, ELSE_FLOOR if is_else else FLOOR
            )
            level["u_probability"] = max(level.get("u_probability") or 1e-7, 1e-7)
    return model


def predict(
    tables: list[pa.Table], model: dict, *, threshold: float, progress: Progress = lambda _: None
) -> pa.Table:
    """Scored pairs at or above `threshold`: unique_id_l, unique_id_r, match_probability.

    Two records from the same boat or travel group are different people: such pairs are dropped.
    """
    # Blocking is the code's, not a learnt parameter: a saved model predicts with today's rules.
    exploded = blocking.exploded_blocks(tables, progress)
    tables = _without_lists([blocking.with_keys(t, exploded) for t in tables])
    current = settings("link_only" if len(tables) == 2 else "dedupe_only", exploded)
    model = {
        **model,
        **{
            k: current[k]
            for k in ("link_type", "blocking_rules_to_generate_predictions", "additional_columns_to_retain")
        },
    }
    connection = _connection()
    linker = _linker(tables, model, connection)
    progress("scoring blocked pairs")
    # Pairs a little below the threshold may still pass it with their travel groups' support.
    floor = min(threshold, CONTEXT_FLOOR)
    records = sum(t.num_rows for t in tables)
    chunks = max(1, math.ceil(records / RECORDS_PER_CHUNK))
    if chunks > 1:
        result = linker.inference.predict(
            threshold_match_probability=floor, num_chunks_left=chunks, num_chunks_right=1
        )
    else:
        result = linker.inference.predict(threshold_match_probability=floor)
    # In a link, the left file's record comes first whatever order Splink chose.
    first = "source_dataset_l = 'a_left'" if len(tables) == 2 else "true"

    def side(column: str, flip: bool) -> str:
        a, b = (f"{column}_r", f"{column}_l") if flip else (f"{column}_l", f"{column}_r")
        return f"CASE WHEN {first} THEN {a} ELSE {b} END"

    connection.execute(f"""
        CREATE OR REPLACE TEMP TABLE scored AS
        SELECT {side("unique_id", False)} AS unique_id_l, {side("unique_id", True)} AS unique_id_r,
            match_weight, match_probability,
            {side("group_id", False)} AS group_l, {side("group_id", True)} AS group_r,
            coalesce(g1_sk_l = g1_sk_r OR g1_sk_l = f1_sk_r OR f1_sk_l = g1_sk_r, false) AS given_agrees
        FROM {result.physical_name}
        WHERE NOT coalesce(group_id_l = group_id_r, false)
    """)
    progress("weighing travel groups")
    sizes = [_group_sizes(t) for t in tables]
    return context.rescore(connection, "scored", sizes, threshold=threshold).to_arrow_table()


def _group_sizes(table: pa.Table) -> dict:
    counts = pc.value_counts(table.column("group_id").drop_null())
    return dict(zip(counts.field("values").to_pylist(), counts.field("counts").to_pylist(), strict=True))


def bayes_factors(model: dict) -> list[list[float | None]]:
    """Per comparison (in COMPARISONS order), per level: m/u (None for the null level), from saved settings."""
    out = []
    by_name = {c["output_column_name"]: c for c in model["comparisons"]}
    for comparison in (by_name[c.name] for c in COMPARISONS):
        factors: list[float | None] = []
        for level in comparison["comparison_levels"]:
            if level.get("is_null_level"):
                factors.append(None)
                continue
            m, u = level.get("m_probability"), level.get("u_probability")
            factors.append((m or 1e-6) / (u or 1e-6))
        out.append(factors)
    return out


TermFrequency = Callable[[str, str], float | None]


def tf_exact_u(model: dict) -> dict[str, float]:
    """Per term-frequency column, the u of the exact-match level on it (what Splink adjusts from)."""
    out = {}
    for comparison in model["comparisons"]:
        for level in comparison["comparison_levels"]:
            column = level.get("tf_adjustment_column")
            if column and level["sql_condition"].replace('"', "") == f"{column}_l = {column}_r":
                out[column] = level["u_probability"]
    return out


def pair_probability(
    model: dict,
    left: dict,
    right: dict,
    factors=None,
    tf: TermFrequency | None = None,
    exact_u: dict | None = None,
) -> tuple[float, list[int]]:
    """The saved model's match probability for one pair, computed in Python (same levels as the SQL).

    `tf(column, value)` gives a value's relative frequency (None when unknown), as Splink's
    term-frequency tables do; without it no term-frequency adjustment is made.
    """
    factors = factors or bayes_factors(model)
    prior = model["probability_two_random_records_match"]
    log_odds = math.log2(prior / (1 - prior))
    levels = levels_of(left, right)
    exact_u = exact_u if exact_u is not None else (tf_exact_u(model) if tf else {})
    for comparison, comparison_factors, level in zip(COMPARISONS, factors, levels, strict=True):
        factor = comparison_factors[level]
        if factor is None:
            continue
        log_odds += math.log2(factor)
        column = comparison.levels[level].tf
        if tf and column and column in exact_u:
            frequencies = [f for f in (tf(column, left[column]), tf(column, right[column])) if f is not None]
            if frequencies:
                log_odds += math.log2(exact_u[column]) - math.log2(max(*frequencies, 0.0))
    return 1 / (1 + 2**-log_odds), levels


def levels_from_gammas(gammas: list[int]) -> list[int]:
    """Splink's gamma (-1 null, 0 else, highest = first level) as an index into our levels."""
    return [0 if g < 0 else len(c.levels) - 1 - g for c, g in zip(COMPARISONS, gammas, strict=True)]


def reasons(levels: list[int]) -> list[tuple[str, str, bool]]:
    """(field, what was found, agrees?) for each comparison of a scored pair."""
    out = []
    for comparison, level in zip(COMPARISONS, levels, strict=True):
        chosen = comparison.levels[level]
        if chosen.is_null and not chosen.shown:
            continue
        agrees = chosen.agrees and level < len(comparison.levels) - 1
        out.append((comparison.description, chosen.label, agrees))
    return out

"""Travel groups and encounters as evidence: a family seen twice, one person per group, time apart."""

import duckdb
import pyarrow as pa
import pytest

from mixedflows.linkage import blocking, context, engine
from mixedflows.linkage.comparisons import ENCOUNTER, levels_of
from mixedflows.linkage.features import BadDate, features


def _pairs(rows):
    """A scored-pairs table as engine.predict hands it to context.rescore."""
    weights = [engine_weight(r[2]) for r in rows]
    return pa.table(
        {
            "unique_id_l": [r[0] for r in rows],
            "unique_id_r": [r[1] for r in rows],
            "match_weight": weights,
            "match_probability": [r[2] for r in rows],
            "group_l": [r[3] for r in rows],
            "group_r": [r[4] for r in rows],
            "given_agrees": [r[5] if len(r) > 5 else True for r in rows],
        }
    )


def engine_weight(probability):
    import math

    return math.log2(probability / (1 - probability))


def rescored(rows, sizes):
    connection = duckdb.connect()
    connection.register("pairs", _pairs(rows))
    out = context.rescore(connection, "pairs", [sizes], threshold=0.0).to_arrow_table()
    return {
        (a, b): p
        for a, b, p in zip(
            *(out.column(c).to_pylist() for c in ("unique_id_l", "unique_id_r", "match_probability")),
            strict=True,
        )
    }


def families(n=60):
    """n families of three, landed in boat Bi and registered again together in group Gi: the mother's and
    the brother's two records are sure, the sister's only likely, and the brother looks a little like his
    sister. Plus lone travellers with sure pairs, and many boats of strangers."""
    rows, sizes = [], {}
    for i in range(n):
        boat, later = f"B{i}", f"G{i}"
        sizes[boat], sizes[later] = 3, 3
        rows += [
            (f"mother{i}-1", f"mother{i}-2", 0.999, boat, later),
            (f"brother{i}-1", f"brother{i}-2", 0.999, boat, later),
            (f"sister{i}-1", f"sister{i}-2", 0.6, boat, later),
            (f"brother{i}-1", f"sister{i}-2", 0.55, boat, later),
        ]
    for j in range(n // 2):
        sizes[f"C{j}"], sizes[f"D{j}"] = 40, 40
        rows.append((f"lone{j}-1", f"lone{j}-2", 0.999, f"C{j}", f"D{j}"))
    for j in range(2000):
        sizes[f"L{j}"] = 30
    return rows, sizes


def test_a_family_seen_twice_lifts_the_likely_pair_above_the_threshold():
    rows, sizes = families()
    scores = rescored(rows, sizes)
    assert all(scores[(f"sister{i}-1", f"sister{i}-2")] > 0.9 for i in range(60))
    assert all(scores[(f"brother{i}-1", f"brother{i}-2")] > 0.999 for i in range(60))


def test_one_record_is_at_most_one_person_of_another_group():
    rows, sizes = families()
    scores = rescored(rows, sizes)
    # The brother's record already has its best candidate in group Gi: his sister's record is not him.
    assert not any((f"brother{i}-1", f"sister{i}-2") in scores for i in range(60))


def test_without_travel_groups_the_scores_are_splinks():
    rows = [(a, b, p, None, None) for a, b, p, *_ in families()[0]]
    scores = rescored(rows, {})
    assert scores[("sister0-1", "sister0-2")] == pytest.approx(0.6)
    assert scores[("brother0-1", "sister0-2")] == pytest.approx(0.55)


def test_a_pair_of_groups_seen_once_is_no_evidence_without_enough_sure_pairs():
    rows, sizes = families(n=8)  # too few sure pairs to measure how often families travel together
    scores = rescored(rows, sizes)
    assert scores[("sister0-1", "sister0-2")] == pytest.approx(0.6)


def test_registrations_a_week_apart_are_closer_than_a_year_apart():
    first = features(record_id="1", given_name="Saba", encounter_date="2025-03-01")
    week = features(record_id="2", given_name="Saba", encounter_date="2025-03-08")
    years = features(record_id="3", given_name="Saba", encounter_date="2023-01-01")
    unknown = features(record_id="4", given_name="Saba")
    index = [c.name for c in engine.COMPARISONS].index("encounter")
    assert ENCOUNTER.levels[levels_of(first, week)[index]].label == "within a week"
    assert ENCOUNTER.levels[levels_of(first, years)[index]].label == "different"
    assert ENCOUNTER.levels[levels_of(first, unknown)[index]].is_null


def test_a_bad_encounter_date_is_refused():
    with pytest.raises(BadDate, match="encounter_date"):
        features(record_id="1", given_name="Saba", encounter_date="05/03/2025")


def test_block_keys_let_swapped_names_with_a_guessed_year_meet():
    """Amina Yusuf born 1990-06-02 and 'Yusuf Aamina, 1991-01-01' a month later share a key."""
    records = [
        features(
            record_id="1",
            given_name="Amina",
            family_name="Yusuf",
            date_of_birth="1990-06-02",
            sex="F",
            encounter_date="2025-03-01",
        ),
        features(
            record_id="2",
            given_name="Yusuf",
            family_name="Aamina",
            date_of_birth="1991-01-01",
            sex="F",
            encounter_date="2025-04-02",
        ),
        features(
            record_id="3",
            given_name="Amina",
            family_name="Yusuf",
            date_of_birth="1970",
            sex="F",
            encounter_date="2022-01-01",
        ),
    ]
    table = blocking.with_keys(engine.to_arrow(records), ["bk_pair_year", "bk_name_year_month"])
    one, two, stranger = (
        {c: set(table.column(c)[i].as_py() or ()) for c in table.column_names[-2:]} for i in range(3)
    )
    assert one["bk_pair_year"] & two["bk_pair_year"]
    assert one["bk_name_year_month"] & two["bk_name_year_month"]
    assert not one["bk_pair_year"] & stranger["bk_pair_year"]
    assert not one["bk_name_year_month"] & stranger["bk_name_year_month"]


def test_a_compound_name_written_apart_is_the_same_name():
    joined = features(record_id="1", given_name="Selam", family_name="Gebremedhin Tesfaye")
    apart = features(record_id="2", given_name="Selam", family_name="Gebre Medhin Tesfaye")
    assert joined["name_soft"] == apart["name_soft"]
    assert levels_of(joined, apart)[0] == 1  # given and father's name the same


def test_loose_blocks_are_dropped_when_they_would_pass_the_budget(monkeypatch):
    rows = [
        features(
            record_id=str(i),
            given_name="Mohamed",
            family_name="Ali",
            date_of_birth="1990",
            sex="M",
            encounter_date="2025-01-01",
        )
        for i in range(200)
    ]
    table = engine.to_arrow(rows)
    assert blocking.key_pairs([table], "bk_given_month") == 2 * 200 * 199 // 2
    assert blocking.key_pairs([table], "bk_pair_year") == 3 * 200 * 199 // 2  # three years each
    monkeypatch.setattr(blocking, "KEY_PAIR_BUDGET", 60_000)
    said = []
    chosen = blocking.exploded_blocks([table], progress=said.append)
    assert "bk_pair_year" in chosen
    assert "bk_name_year_month" not in chosen and "bk_given_month" not in chosen
    assert any("bk_name_year_month" in line for line in said)


def test_a_brother_gains_nothing_from_his_family_being_seen_twice():
    """Support says the two groups hold one family; it is weighed only where the given names agree.
    Here the parents are registered twice, the brother only at landing, the sister only later."""
    rows, sizes = [], {}
    for i in range(60):
        sizes[f"B{i}"], sizes[f"G{i}"] = 4, 3
        rows += [
            (f"mother{i}-1", f"mother{i}-2", 0.999, f"B{i}", f"G{i}"),
            (f"father{i}-1", f"father{i}-2", 0.999, f"B{i}", f"G{i}"),
        ]
    for j in range(30):  # people travelling alone: not every sure pair has support
        sizes[f"C{j}"], sizes[f"D{j}"] = 40, 40
        rows.append((f"lone{j}-1", f"lone{j}-2", 0.999, f"C{j}", f"D{j}"))
    for j in range(2000):
        sizes[f"L{j}"] = 30
    siblings = [(f"brother{i}-1", f"sister{i}-2", 0.55, f"B{i}", f"G{i}") for i in range(60)]
    apart = rescored(rows + [(*r, False) for r in siblings], sizes)
    assert all(apart[(f"brother{i}-1", f"sister{i}-2")] == pytest.approx(0.55) for i in range(60))
    # Had their given names agreed, the family's support would have made them one person.
    same = rescored(rows + [(*r, True) for r in siblings], sizes)
    assert all(same[(f"brother{i}-1", f"sister{i}-2")] > 0.9 for i in range(60))


def test_a_brother_is_not_shown_as_agreeing_on_the_names():
    brother = features(record_id="1", given_name="Dawit", family_name="Filmon Habtom")
    sister = features(record_id="2", given_name="Berhane", family_name="Filmon Habtom")
    shown = {field: agrees for field, _, agrees in engine.reasons(levels_of(brother, sister))}
    assert shown["given and father's name"] is False
    assert shown["grandfather's and further names"] is True

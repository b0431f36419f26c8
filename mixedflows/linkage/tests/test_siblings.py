"""Brothers and sisters are not one person (issue 17): the same father's and grandfather's names, the same
nationality, birth years a year or two apart and another given name weigh against a match, unless a document
says otherwise; a spelling of the same given name still matches."""

import csv

import pytest
from django.core.management import call_command

from mixedflows.linkage import engine
from mixedflows.linkage.comparisons import LINEAGE, NAME, levels_of
from mixedflows.linkage.features import features

HEADER = "record_id,given_name,family_name,date_of_birth,sex,nationality,document_number,encounter_date\n"
# Ahmed and his younger brother Mahmoud, registered the same week; ages guessed, no papers.
BROTHERS = (
    "s1,Ahmed,Mohamed Abdullahi,1995,M,SOM,,2025-03-01\ns2,Mahmoud,Mohamed Abdullahi,1997,M,SOM,,2025-03-02\n"
)
# One man written Mohamed at the landing point and Mohammed at reception, his age guessed a year apart.
ONE_MAN = "d1,Mohamed,Hassan Abdi,1992,M,SOM,,2025-03-01\nd2,Mohammed,Hassan Abdi,1993,M,SOM,,2025-03-09\n"
# One woman known by two given names, carrying the same passport both times.
ONE_WOMAN = "p1,Halima,Omar Farah,1988,F,SOM,P5550123,2025-03-01\np2,Saida,Omar Farah,1989,F,SOM,P5550123,2025-04-01\n"


def row(given, family, year, sex="M", document=""):
    return features(
        record_id=given,
        given_name=given,
        family_name=family,
        date_of_birth=year,
        sex=sex,
        nationality="SOM",
        document_number=document,
        encounter_date="2025-03-01",
    )


def test_brothers_take_the_siblings_level_and_their_family_names_count_once():
    levels = levels_of(row("Ahmed", "Mohamed Abdullahi", "1995"), row("Mahmoud", "Mohamed Abdullahi", "1997"))
    assert NAME.levels[levels[0]].label.endswith("(brothers and sisters)")
    assert LINEAGE.levels[levels[1]].is_null  # the grandfather's agreement is inside the siblings level
    variant = levels_of(row("Mohamed", "Hassan Abdi", "1992"), row("Mohammed", "Hassan Abdi", "1993"))
    assert NAME.levels[variant[0]].label == "given and father's name the same"
    assert LINEAGE.levels[variant[1]].label == "the same"


def test_dedupe_keeps_brothers_apart_and_joins_a_spelling_of_one_name(tmp_path):
    source, out = tmp_path / "in.csv", tmp_path / "pairs.csv"
    source.write_text(HEADER + BROTHERS + ONE_MAN + ONE_WOMAN, encoding="utf-8")
    call_command("linkage", "dedupe", "--input", str(source), "--output", str(out))  # the default threshold
    pairs = {(r["record_id_l"], r["record_id_r"]) for r in csv.DictReader(out.open(encoding="utf-8"))}
    assert pairs == {("d1", "d2"), ("p1", "p2")}


@pytest.mark.parametrize("records", [2_000, 100_000, 1_000_000])
def test_brothers_score_below_the_threshold_at_any_registry_size(records):
    model = engine.default_model(records=records)
    brothers, _ = engine.pair_probability(
        model, row("Ahmed", "Mohamed Abdullahi", "1995"), row("Mahmoud", "Mohamed Abdullahi", "1997")
    )
    same_passport, _ = engine.pair_probability(
        model,
        row("Ahmed", "Mohamed Abdullahi", "1995", document="P1"),
        row("Mahmoud", "Mohamed Abdullahi", "1997", document="P1"),
    )
    assert brothers < engine.REVIEW_FLOOR
    assert same_passport >= engine.DEFAULT_THRESHOLD


def test_a_model_saved_before_the_siblings_level_is_not_used(db):
    """Its m and u would be read against the wrong levels: the default model stands in until it is retrained."""
    import json

    from mixedflows.linkage import selectors
    from mixedflows.linkage.models import LinkageModel

    old = json.loads(engine.DEFAULT_MODEL.read_text(encoding="utf-8"))
    old["comparisons"][0]["comparison_levels"].pop(5)
    LinkageModel.objects.create(version=1, settings=old, records=10)
    assert selectors.active_model()[1] is None
    LinkageModel.objects.create(version=2, settings=engine.default_model(), records=10)
    assert selectors.active_model()[1] == 2


def test_the_default_model_runs_the_comparisons_as_written():
    """Splink runs the SQL saved in the model, the lookup the Python twin: they must be the same levels."""
    from mixedflows.linkage.comparisons import COMPARISONS

    saved = {c["output_column_name"]: c["comparison_levels"] for c in engine.default_model()["comparisons"]}
    for comparison in COMPARISONS:
        assert [(lv["label_for_charts"], lv["sql_condition"]) for lv in saved[comparison.name]] == [
            (level.label, level.sql) for level in comparison.levels
        ]

"""Instruments are files: checked when read, loaded once per version, never changed silently."""

import shutil

import pytest
import yaml

from mixedflows.screening.instruments import INSTRUMENT_DIR, InstrumentError, read_instrument
from mixedflows.screening.models import Instrument
from mixedflows.screening.services import current_instrument, instruments_load

SOURCE = INSTRUMENT_DIR / "protection-1.yaml"


def _write(folder, name, definition):
    path = folder / name
    path.write_text(yaml.safe_dump(definition, sort_keys=False))
    return path


NEWEST = INSTRUMENT_DIR / "protection-2.yaml"


def test_the_migrations_loaded_every_version_and_the_newest_is_current(db):
    instrument = current_instrument()
    assert (instrument.code, instrument.version) == ("protection", "2")
    assert instrument.sha256 == read_instrument(NEWEST).sha256
    assert Instrument.objects.get(version="1").sha256 == read_instrument(SOURCE).sha256


def test_loading_again_changes_nothing(db):
    assert instruments_load() == [("protection v1", "unchanged"), ("protection v2", "unchanged")]
    assert Instrument.objects.count() == 2


def test_a_changed_file_for_a_loaded_version_is_refused(db, tmp_path):
    definition = yaml.safe_load(SOURCE.read_text())
    definition["sections"][0]["questions"][0]["label"] = "Edited in place"
    _write(tmp_path, "protection-1.yaml", definition)
    with pytest.raises(InstrumentError, match="new version"):
        instruments_load(directory=tmp_path)
    assert (
        Instrument.objects.get(version="1").definition["sections"][0]["questions"][0]["label"]
        != "Edited in place"
    )


def test_a_new_version_is_a_new_file_and_becomes_current(db, tmp_path):
    shutil.copy(SOURCE, tmp_path / "protection-1.yaml")
    shutil.copy(NEWEST, tmp_path / "protection-2.yaml")
    definition = yaml.safe_load(NEWEST.read_text())
    definition["version"] = "10"
    _write(tmp_path, "protection-10.yaml", definition)
    assert ("protection v10", "loaded") in instruments_load(directory=tmp_path)
    assert current_instrument().version == "10"  # 10 after 2: versions compare as numbers


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["rules"][0]["when"].update({"any": [{"q": "no_such_question", "equals": "yes"}]}),
            "unknown question",
        ),
        (lambda d: d["rules"][0].update({"categories": ["asylum_seker"]}), "unknown profile category"),
        (lambda d: d["rules"][0].update({"procedures": ["magic"]}), "unknown procedure"),
        (lambda d: d["rules"][0].update({"urgency": "soon"}), "unknown urgency"),
        (
            lambda d: d["rules"][0].update({"when": {"q": "fear_of_return", "equals": "maybe"}}),
            "not an option",
        ),
        (lambda d: d["rules"][0].update({"when": {"q": "fear_of_return", "~=": "yes"}}), "expected one of"),
        (lambda d: d["rules"][0].update({"when": {"q": "fear_of_return", ">=": 3}}), "compares a number"),
        (lambda d: d["sections"][0]["questions"][0].update({"type": "essay"}), "type must be"),
        (lambda d: d["sections"][1]["questions"][0].update({"key": "legal_basis"}), "unique"),
    ],
)
def test_a_malformed_instrument_is_refused_with_the_reason(tmp_path, change, message):
    definition = yaml.safe_load(SOURCE.read_text())
    change(definition)
    with pytest.raises(InstrumentError, match=message):
        read_instrument(_write(tmp_path, "protection-1.yaml", definition))


def test_the_file_name_must_match_code_and_version(tmp_path):
    definition = yaml.safe_load(SOURCE.read_text())
    with pytest.raises(InstrumentError, match="must be named"):
        read_instrument(_write(tmp_path, "protection-2.yaml", definition))


def test_the_command_loads_and_says_what_it_did(db, capsys):
    from django.core.management import call_command

    call_command("screening", "load-instruments")
    assert "protection v1: unchanged" in capsys.readouterr().out

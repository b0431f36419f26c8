"""A screening's answers and outcome are ciphertext in the database (#16 item 10): a copy of the SQLite file or a
PostgreSQL dump does not say who disclosed gender-based violence or trafficking."""

import importlib
from pathlib import Path

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from mixedflows.screening.models import Screening
from mixedflows.screening.tests.test_views import _finished

FIELDS = ["answers", "categories", "procedures", "explanation"]


PLACE = "warehouse behind the Kufra bakery"  # a free-text answer, as an officer types it


def survivor_screening(world, register):
    person = register(given_name="Hiwet", sex="F", age=24)
    return _finished(
        world,
        person,
        gbv={"gbv_disclosed": "yes"},
        smuggling={"paid_smuggler": "yes", "amount_paid": "1800", "payment_place": PLACE},
    )


@pytest.fixture
def survivor(world, register):
    return survivor_screening(world, register)


def _raw(pk):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(FIELDS)} FROM screening_screening WHERE id = %s", [pk])
        return cursor.fetchone()


def test_the_answers_and_the_outcome_are_ciphertext_in_the_row_and_read_back(survivor):
    raw = _raw(survivor.pk)
    assert all(str(value).startswith("enc:v1:") for value in raw), raw
    screening = Screening.objects.get(pk=survivor.pk)
    assert screening.answers["gbv_disclosed"] == "yes" and screening.answers["payment_place"] == PLACE
    assert "gbv_survivor" in screening.categories and "gbv_services" in screening.procedures
    assert any("gbv_survivor" in str(item) for item in screening.explanation)
    # read as values too (the flows snapshot and the retention job do)
    assert "gbv_survivor" in Screening.objects.values_list("categories", flat=True).get(pk=survivor.pk)


@pytest.fixture
def instruments_loaded(transactional_db):
    """A transactional test that ran before (a browser test) flushed what the data migration loaded."""
    from mixedflows.screening.services import instruments_load

    instruments_load()


def test_the_sqlite_file_holds_no_disclosure_in_clear(instruments_loaded, world, register):
    survivor = survivor_screening(world, register)  # committed: a transactional test
    name = str(connection.settings_dict["NAME"])
    if connection.vendor != "sqlite" or name.startswith("file:") or ":memory:" in name:
        pytest.skip("an SQLite file is needed (the PostgreSQL run checks the row itself)")
    data = b"".join(Path(path).read_bytes() for path in (name, f"{name}-wal") if Path(path).exists())
    assert Screening.objects.filter(pk=survivor.pk).exists() and data
    # The instrument names its questions and categories (not personal data, so they are in the file); what the
    # person said is only ciphertext: the free text she gave is nowhere in the file.
    assert PLACE.encode() not in data


def test_an_empty_answer_set_is_encrypted_too(world, register):
    from mixedflows.screening.services import screening_start

    screening = screening_start(actor=world.alice, person=register(given_name="Yonas", sex="M", age=30))
    assert all(str(value).startswith("enc:v1:") for value in _raw(screening.pk))
    assert Screening.objects.get(pk=screening.pk).answers == {}


def test_the_migration_encrypts_answers_already_there(survivor):
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE screening_screening SET answers = %s, categories = %s WHERE id = %s",
            ['{"gbv_disclosed": "yes"}', '["gbv_survivor"]', survivor.pk],
        )
    before = MigrationExecutor(connection).loader.project_state(
        ("screening", "0007_answers_and_outcome_as_text")
    )
    importlib.import_module("mixedflows.screening.migrations.0008_encrypt_answers_and_outcome").encrypt(
        before.apps, None
    )
    raw = _raw(survivor.pk)
    assert raw[0].startswith("enc:v1:") and raw[1].startswith("enc:v1:")
    screening = Screening.objects.get(pk=survivor.pk)
    assert screening.answers == {"gbv_disclosed": "yes"} and screening.categories == ["gbv_survivor"]


def test_rotation_re_encrypts_the_answers_as_answers(key_file, world, register):
    import io

    from django.core.management import call_command

    from mixedflows.core import encryption

    survivor = survivor_screening(world, register)  # under the first key of this test's own key file
    call_command("keys", "new", stdout=io.StringIO())
    call_command("keys", "rotate", stdout=io.StringIO())
    raw = _raw(survivor.pk)
    assert {encryption.key_id_of(value) for value in raw} == {encryption.provider().current_key_id()}
    screening = Screening.objects.get(pk=survivor.pk)
    assert screening.answers["payment_place"] == PLACE and "gbv_survivor" in screening.categories

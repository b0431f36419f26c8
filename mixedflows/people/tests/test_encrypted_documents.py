"""Document numbers are encrypted and found by a keyed blind index; keys rotate; the migration encrypts the
rows already there (#16 item 10)."""

import importlib
import io

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from mixedflows.core import encryption
from mixedflows.core.encryption_migrations import decrypt_columns
from mixedflows.core.key_rotation import key_status, rotate
from mixedflows.people.models import Document, document_number_index
from mixedflows.people.selectors import people_search

NUMBER = "ER-0429 5771"


@pytest.fixture
def yonas(world, register, key_file):
    person = register(given_name="Yonas", family_name="Tesfaye", sex="M", age=24, nationality="ERI")
    Document.objects.create(
        person=person,
        organisation=world.alpha,
        kind="passport",
        number=NUMBER,
        number_index=document_number_index(NUMBER),
        issuing_country="ERI",
    )
    return person


def _raw_row(pk):
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM people_document WHERE id = %s", [pk])
        return cursor.fetchone()


def test_the_number_is_not_in_the_database_row_and_reads_back(yonas):
    doc = yonas.documents.get()
    row = " ".join(str(v) for v in _raw_row(doc.pk))
    assert "0429" not in row and "ER04295771" not in row and "enc:v1:" in row
    assert Document.objects.get(pk=doc.pk).number == NUMBER
    assert list(Document.objects.values_list("number", flat=True)) == [NUMBER]


def test_a_number_copied_to_another_column_does_not_decrypt(yonas):
    token = Document.objects.values_list("number_index", flat=True).get()
    assert token == document_number_index("er04295771")  # the index is of the normalised number
    (raw,) = [v for v in _raw_row(yonas.documents.get().pk) if isinstance(v, str) and v.startswith("enc:")]
    with pytest.raises(encryption.DecryptionError):
        encryption.decrypt(raw, context="cases.identification.interview_summary")


def test_the_encrypted_column_cannot_be_searched(yonas):
    with pytest.raises(FieldError):
        list(Document.objects.filter(number=NUMBER))
    with pytest.raises(FieldError):
        list(Document.objects.filter(number__icontains="0429"))
    assert Document.objects.filter(number="").count() == 0
    assert Document.objects.filter(number__isnull=False).count() == 1


def test_search_by_document_number_still_finds_the_person(world, yonas):
    assert [h.person for h in people_search(user=world.alice, query="er 04295771")] == [yonas]
    assert [h.person for h in people_search(user=world.alice, query=NUMBER)] == [yonas]


def test_rotation_moves_every_value_to_the_new_key(world, register, yonas, key_file):
    old = encryption.provider().current_key_id()
    other = register(given_name="Senait", family_name="Tesfaye", sex="F", age=30, nationality="ERI")
    for i in range(3):
        Document.objects.create(
            person=other, organisation=world.alpha, kind="other", number=f"N-{i}", number_index=f"{i}"
        )
    assert key_status()["people.document"] == {old: 4}
    call_command("keys", "new", stdout=io.StringIO())
    new = encryption.provider().current_key_id()
    out = io.StringIO()
    call_command("keys", "rotate", "--batch", "2", stdout=out)
    assert "people.document: 4 values re-encrypted" in out.getvalue() and NUMBER not in out.getvalue()
    assert key_status()["people.document"] == {new: 4}
    assert sorted(Document.objects.values_list("number", flat=True)) == sorted([NUMBER, "N-0", "N-1", "N-2"])
    assert rotate() == {label: 0 for label in rotate()}  # a second run has nothing to do
    status = io.StringIO()
    call_command("keys", "status", stdout=status)
    assert f"{new} (current)" in status.getvalue() and f"people.document: {new}: 4" in status.getvalue()


def test_the_migration_encrypts_existing_rows_and_its_helper_reverses(yonas):
    doc = yonas.documents.get()
    with connection.cursor() as cursor:  # a row as it was before the migration: plaintext, no index
        cursor.execute(
            "UPDATE people_document SET number = %s, number_index = '' WHERE id = %s", [NUMBER, doc.pk]
        )
    before = MigrationExecutor(connection).loader.project_state(("people", "0006_document_number_text")).apps
    migration = importlib.import_module("mixedflows.people.migrations.0007_encrypt_document_numbers")
    migration.encrypt(before, None)
    assert NUMBER not in " ".join(str(v) for v in _raw_row(doc.pk))
    assert Document.objects.get(pk=doc.pk).number == NUMBER
    assert Document.objects.get(pk=doc.pk).number_index == document_number_index(NUMBER)
    migration.encrypt(before, None)  # idempotent
    assert Document.objects.get(pk=doc.pk).number == NUMBER
    decrypt_columns(before.get_model("people", "Document"), ["number"])
    assert NUMBER in _raw_row(doc.pk)

"""The trafficking identification's free text is encrypted in the database (#16 item 10)."""

import importlib

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from mixedflows.cases.models import Identification
from mixedflows.cases.services import trafficking as vot
from mixedflows.core import encryption

SUMMARY = "Recruited in Agadez with a false job offer"


def _raw(pk):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT screening_note, interview_summary, determination_reasons FROM cases_identification"
            " WHERE id = %s",
            [pk],
        )
        return cursor.fetchone()


def test_identification_notes_are_ciphertext_in_the_row_and_read_back(casework, open_case):
    case = open_case(case_type="victim_of_trafficking")
    ident = vot.identification_start(
        actor=casework.carla, case=case, indicators=["presumed_vot"], note="Confiscated passport"
    )
    vot.identification_interview(
        actor=casework.carla, identification=ident, interviewed_on=timezone.localdate(), summary=SUMMARY
    )
    raw = _raw(ident.pk)
    assert all(v.startswith("enc:v1:") for v in raw[:2]) and raw[2] == ""
    assert "Agadez" not in " ".join(raw) and "passport" not in " ".join(raw)
    ident = Identification.objects.get(pk=ident.pk)
    assert (ident.screening_note, ident.interview_summary) == ("Confiscated passport", SUMMARY)
    # The same ciphertext pasted into another column of the row does not decrypt.
    token = raw[1]
    try:
        encryption.decrypt(token, context="cases.identification.determination_reasons")
    except encryption.DecryptionError as error:
        assert "another column" in str(error)
    else:
        raise AssertionError("a ciphertext decrypted in another column")


def test_the_migration_encrypts_notes_already_there(casework, open_case):
    case = open_case(case_type="victim_of_trafficking")
    ident = vot.identification_start(actor=casework.carla, case=case, indicators=["presumed_vot"])
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_identification SET screening_note = %s WHERE id = %s", [SUMMARY, ident.pk]
        )
    before = (
        MigrationExecutor(connection)
        .loader.project_state(("cases", "0004_encrypt_identification_notes"))
        .apps
    )
    importlib.import_module("mixedflows.cases.migrations.0004_encrypt_identification_notes").encrypt(
        before, None
    )
    assert _raw(ident.pk)[0].startswith("enc:v1:")
    assert Identification.objects.get(pk=ident.pk).screening_note == SUMMARY


def test_how_she_was_recruited_and_exploited_is_ciphertext_and_reads_back(casework, open_case):
    case = open_case(case_type="victim_of_trafficking")
    ident = vot.identification_start(actor=casework.carla, case=case, indicators=["presumed_vot"])
    vot.identification_interview(
        actor=casework.carla,
        identification=ident,
        interviewed_on=timezone.localdate(),
        summary=SUMMARY,
        sex_exploitation=["Prostitution"],
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT screening_indicators, sex_exploitation, methods_of_control FROM cases_identification WHERE id = %s",
            [ident.pk],
        )
        raw = cursor.fetchone()
    assert all(str(v).startswith("enc:v1:") for v in raw) and "Prostitution" not in " ".join(raw)
    ident = Identification.objects.get(pk=ident.pk)
    assert (ident.screening_indicators, ident.sex_exploitation, ident.methods_of_control) == (
        ["presumed_vot"],
        ["Prostitution"],
        [],
    )


def test_the_migration_encrypts_the_lists_already_there(casework, open_case):
    case = open_case(case_type="victim_of_trafficking")
    ident = vot.identification_start(actor=casework.carla, case=case, indicators=["presumed_vot"])
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE cases_identification SET sex_exploitation = %s WHERE id = %s",
            ['["Prostitution"]', ident.pk],
        )
    before = (
        MigrationExecutor(connection)
        .loader.project_state(("cases", "0006_identification_lists_as_text"))
        .apps
    )
    importlib.import_module("mixedflows.cases.migrations.0007_encrypt_identification_lists").encrypt(
        before, None
    )
    assert Identification.objects.get(pk=ident.pk).sex_exploitation == ["Prostitution"]

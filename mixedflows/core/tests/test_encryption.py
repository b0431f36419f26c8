"""Field encryption's primitives: AES-GCM bound to its column, keys from a file, clear errors (#16 item 10)."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from mixedflows.core import checks, encryption


def test_a_value_reads_back_and_is_not_in_the_ciphertext(key_file):
    token = encryption.encrypt("Recruited in Agadez", context="cases.identification.interview_summary")
    assert key_file.exists() and "Recruited" not in token and token.startswith("enc:v1:")
    assert (
        encryption.decrypt(token, context="cases.identification.interview_summary") == "Recruited in Agadez"
    )
    # A fresh nonce each time: equal plaintexts do not give equal ciphertexts.
    assert token != encryption.encrypt(
        "Recruited in Agadez", context="cases.identification.interview_summary"
    )


def test_the_key_file_is_private_and_not_the_secret_key(key_file, settings):
    encryption.provider()
    assert key_file.stat().st_mode & 0o077 == 0
    data = json.loads(key_file.read_text())
    assert settings.SECRET_KEY not in key_file.read_text() and data["current"] in data["keys"]


def test_a_ciphertext_moved_to_another_column_does_not_decrypt(key_file):
    token = encryption.encrypt("A4295771", context="people.document.number")
    with pytest.raises(encryption.DecryptionError, match="another column"):
        encryption.decrypt(token, context="cases.identification.screening_note")


def test_an_altered_ciphertext_is_an_error_not_garbage(key_file):
    token = encryption.encrypt("A4295771", context="people.document.number")
    altered = token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB")
    with pytest.raises(encryption.DecryptionError):
        encryption.decrypt(altered, context="people.document.number")
    with pytest.raises(encryption.DecryptionError, match="not encrypted"):
        encryption.decrypt("A4295771", context="people.document.number")


def test_a_value_under_a_key_the_file_does_not_hold_says_so(key_file, tmp_path, monkeypatch):
    token = encryption.encrypt("A4295771", context="people.document.number")
    monkeypatch.setenv("MIXEDFLOWS_FIELD_KEYS", str(tmp_path / "other-keys.json"))
    encryption.reset_provider()
    with pytest.raises(encryption.FieldKeyError, match="restore it from the key backup"):
        encryption.decrypt(token, context="people.document.number")


def test_a_new_key_becomes_current_and_old_values_still_decrypt(key_file):
    first = encryption.provider().current_key_id()
    token = encryption.encrypt("A4295771", context="people.document.number")
    second = encryption.add_key(key_file)
    assert second != first and encryption.provider().current_key_id() == second
    assert encryption.key_id_of(token) == first
    assert encryption.decrypt(token, context="people.document.number") == "A4295771"
    assert encryption.key_id_of(encryption.encrypt("x", context="c")) == second


def test_the_blind_index_is_keyed_and_stable(key_file, tmp_path, monkeypatch):
    one = encryption.blind_index("A4295771", context="people.document.number")
    assert one == encryption.blind_index("A4295771", context="people.document.number") and len(one) == 64
    assert one != encryption.blind_index("A4295772", context="people.document.number")
    assert encryption.blind_index("", context="people.document.number") == ""
    encryption.add_key(key_file)  # a new encryption key leaves the index key alone
    assert encryption.blind_index("A4295771", context="people.document.number") == one
    monkeypatch.setenv("MIXEDFLOWS_FIELD_KEYS", str(tmp_path / "other-keys.json"))
    encryption.reset_provider()
    assert encryption.blind_index("A4295771", context="people.document.number") != one


def test_production_never_makes_the_key_file_and_the_check_fails_without_it(key_file, settings):
    settings.PRODUCTION = True
    with pytest.raises(encryption.FieldKeyError, match="keys new"):
        encryption.provider()
    assert not key_file.exists()
    assert [e.id for e in checks.field_keys(None)] == ["mixedflows.E001"]
    call_command("keys", "new")
    encryption.reset_provider()
    assert key_file.exists() and checks.field_keys(None) == []


def test_a_damaged_key_file_is_a_clear_error(key_file):
    key_file.write_text("{not json")
    with pytest.raises(encryption.FieldKeyError, match="cannot be read"):
        encryption.provider()


def test_keys_status_without_a_key_file_in_production_is_a_command_error(key_file, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="does not exist"):
        call_command("keys", "status")

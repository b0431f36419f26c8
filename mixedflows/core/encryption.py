"""Field-level encryption: AES-GCM under keys an agency holds, and a keyed blind index (#16 item 10).

Keys are never derived from SECRET_KEY. A key provider answers two questions (which key is current, and
the key with a given id) plus the blind index key; the first provider is a key file per deployment
(`MIXEDFLOWS_FIELD_KEYS`, default `field-keys.json` in MIXEDFLOWS_DATA_DIR) that holds several keys so old
values stay readable while `mixedflows keys rotate` moves them to the current key. A vault provider can
come later: anything with the `KeyProvider` methods, named by the setting FIELD_KEY_PROVIDER.

A stored value is `enc:v1:<key id>:<base64url(nonce || ciphertext || tag)>`. The associated data is the
column's name (`<app>.<model>.<field>`), so a value copied to another column does not decrypt.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import secrets
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

PREFIX = "enc:v1:"
NONCE_BYTES = 12
KEY_BYTES = 32


class FieldKeyError(Exception):
    """The key file is missing or unreadable, or does not hold the key a value was written with."""


class DecryptionError(Exception):
    """A stored value is not a ciphertext of this column, or was altered."""


class KeyProvider(Protocol):
    def current_key_id(self) -> str: ...

    def key(self, key_id: str) -> bytes: ...

    def index_key(self) -> bytes: ...

    def key_ids(self) -> list[str]: ...


def key_file_path() -> Path:
    from mixedflows.lib.env import data_dir

    configured = os.environ.get("MIXEDFLOWS_FIELD_KEYS")
    return Path(configured) if configured else data_dir() / "field-keys.json"


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text.encode())


def _new_key_id() -> str:
    return f"{datetime.now(UTC):%Y%m%d}-{secrets.token_hex(3)}"


def _write_private(path: Path, data: dict[str, Any], *, replace: bool) -> bool:
    """Write the key file whole (never half-written); without `replace`, only when none exists yet."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".field-keys-")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "w") as handle:
            json.dump(data, handle, indent=2)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(tmp, path)
            return True
        try:
            os.link(tmp, path)  # atomic, and fails when another process made the file first
        except FileExistsError:
            return False
        return True
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class FileKeyProvider:
    """Keys from a JSON file: {"current": id, "keys": {id: {"key": b64, "created": iso}}, "index_key": b64}."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._load()

    def _load(self) -> None:
        try:
            data = json.loads(self.path.read_text())
            self._current = str(data["current"])
            self._keys = {kid: _unb64(entry["key"]) for kid, entry in data["keys"].items()}
            self._index_key = _unb64(data["index_key"])
        except FileNotFoundError as error:
            raise FieldKeyError(
                f"The field key file {self.path} does not exist. Run `mixedflows keys new` to make one."
            ) from error
        except (OSError, ValueError, KeyError, TypeError, binascii.Error) as error:
            raise FieldKeyError(
                f"The field key file {self.path} cannot be read ({type(error).__name__})."
            ) from error
        if self._current not in self._keys or any(len(k) != KEY_BYTES for k in self._keys.values()):
            raise FieldKeyError(f"The field key file {self.path} is damaged: no usable current key.")

    def current_key_id(self) -> str:
        return self._current

    def key(self, key_id: str) -> bytes:
        if key_id not in self._keys:
            self._load()  # another process may have added a key since this one read the file
        if key_id not in self._keys:
            raise FieldKeyError(
                f"The field key {key_id!r} is not in {self.path}; restore it from the key backup."
            )
        return self._keys[key_id]

    def index_key(self) -> bytes:
        return self._index_key

    def key_ids(self) -> list[str]:
        return list(self._keys)


def create_key_file(path: Path) -> bool:
    """Make a key file with one key and an index key; False when one already exists (it is kept)."""
    kid = _new_key_id()
    now = datetime.now(UTC).isoformat()
    data = {
        "version": 1,
        "current": kid,
        "keys": {kid: {"key": _b64(AESGCM.generate_key(bit_length=256)), "created": now}},
        "index_key": _b64(secrets.token_bytes(KEY_BYTES)),
    }
    return _write_private(path, data, replace=False)


def add_key(path: Path) -> str:
    """Add a new key to the file and make it current; the old keys stay so old values still decrypt."""
    if not path.exists():
        create_key_file(path)
        reset_provider()
        return FileKeyProvider(path).current_key_id()
    data = json.loads(path.read_text())
    kid = _new_key_id()
    while kid in data["keys"]:
        kid = _new_key_id()
    data["keys"][kid] = {
        "key": _b64(AESGCM.generate_key(bit_length=256)),
        "created": datetime.now(UTC).isoformat(),
    }
    data["current"] = kid
    _write_private(path, data, replace=True)
    reset_provider()
    return kid


def file_provider() -> KeyProvider:
    """The key file provider; outside production a missing file is made once (never from SECRET_KEY)."""
    from django.conf import settings

    path = key_file_path()
    if not path.exists() and not getattr(settings, "PRODUCTION", False):
        create_key_file(path)
    return FileKeyProvider(path)


_provider: KeyProvider | None = None


def provider() -> KeyProvider:
    global _provider
    if _provider is None:
        from django.conf import settings
        from django.utils.module_loading import import_string

        factory = import_string(
            getattr(settings, "FIELD_KEY_PROVIDER", "mixedflows.core.encryption.file_provider")
        )
        _provider = factory()
    return _provider


def reset_provider(replacement: KeyProvider | None = None) -> None:
    """Forget the cached provider (after a key is added), or put another in its place (tests, a vault)."""
    global _provider
    _provider = replacement


def is_ciphertext(value: str) -> bool:
    return value.startswith(PREFIX)


def key_id_of(value: str) -> str | None:
    """The id of the key a stored value was written with; None for an empty or unencrypted value."""
    if not is_ciphertext(value):
        return None
    return value[len(PREFIX) :].split(":", 1)[0]


def encrypt(plaintext: str, *, context: str, keys: KeyProvider | None = None) -> str:
    keys = keys or provider()
    kid = keys.current_key_id()
    nonce = secrets.token_bytes(NONCE_BYTES)
    sealed = AESGCM(keys.key(kid)).encrypt(nonce, plaintext.encode(), context.encode())
    return f"{PREFIX}{kid}:{_b64(nonce + sealed)}"


def decrypt(value: str, *, context: str, keys: KeyProvider | None = None) -> str:
    """The plaintext of a stored value of the column `context`; a clear error, never garbage."""
    if not is_ciphertext(value):
        raise DecryptionError(f"A value in {context} is not encrypted (run the encryption migrations).")
    kid, _, body = value[len(PREFIX) :].partition(":")
    keys = keys or provider()
    key = keys.key(kid)
    try:
        raw = _unb64(body)
        return AESGCM(key).decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], context.encode()).decode()
    except (InvalidTag, ValueError, binascii.Error) as error:
        raise DecryptionError(
            f"A value in {context} does not decrypt under key {kid!r}: it belongs to another column or was altered."
        ) from error


def blind_index(value: str, *, context: str, keys: KeyProvider | None = None) -> str:
    """A keyed HMAC-SHA256 of a normalised value: equal values give equal digests, nothing else is learnt.

    Empty stays empty, so "has no value" needs no key.
    """
    if not value:
        return ""
    keys = keys or provider()
    return hmac.new(keys.index_key(), f"{context}\x00{value}".encode(), hashlib.sha256).hexdigest()

"""Tiny environment readers for settings (healthchecks style)."""

import os
from collections.abc import Mapping
from pathlib import Path


def envbool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def data_dir() -> Path:
    """Where the embedded database, secret key and snapshots live."""
    path = Path(os.environ.get("MIXEDFLOWS_DATA_DIR") or Path.home() / ".local/share/mixedflows")
    path.mkdir(parents=True, exist_ok=True)
    return path


def secret_key() -> str:
    """The secret key from the environment, or one generated once per data directory."""
    if key := os.environ.get("MIXEDFLOWS_SECRET_KEY"):
        return key
    path = data_dir() / "secret_key"
    if not path.exists():
        import secrets

        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def config_dir() -> Path:
    """Where keys that must not sit beside the database live (not the data directory)."""
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / "mixedflows"


def audit_key() -> bytes:
    """The audit trail's HMAC key: not in the database, not derived from SECRET_KEY.

    `MIXEDFLOWS_AUDIT_KEY` (at least 32 characters), else the file `MIXEDFLOWS_AUDIT_KEY_FILE`
    (default `~/.config/mixedflows/audit.key`, outside the data directory), made once when missing.
    """
    if key := os.environ.get("MIXEDFLOWS_AUDIT_KEY"):
        if len(key) < 32:
            raise ValueError("MIXEDFLOWS_AUDIT_KEY must be at least 32 characters.")
        return key.encode()
    path = Path(os.environ.get("MIXEDFLOWS_AUDIT_KEY_FILE") or config_dir() / "audit.key")
    if not path.exists():
        import secrets

        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o400)
    return path.read_text().strip().encode()


def audit_head_dir(database: Mapping[str, object]) -> Path:
    """Where exported chain heads are kept, one write-once file each (outside the data directory).

    The default is one folder per database (named by a digest of its engine, host, port and name): the
    heads of one database must never judge another's trail, as when a demo database is made anew.
    """
    if configured := os.environ.get("MIXEDFLOWS_AUDIT_HEAD_DIR"):
        return Path(configured)
    import hashlib

    identity = "|".join(str(database.get(k) or "") for k in ("ENGINE", "HOST", "PORT", "NAME"))
    state = Path(os.environ.get("XDG_STATE_HOME") or Path.home() / ".local/state")
    return state / "mixedflows/audit-heads" / hashlib.sha256(identity.encode()).hexdigest()[:16]

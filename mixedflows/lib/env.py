"""Tiny environment readers for settings (healthchecks style)."""

import os
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

"""The append-only, hash-chained audit trail.

Every service that creates, changes, views, shares, merges or exports personal
data calls `audit_record` inside its own transaction. Each event's hash is an
HMAC-SHA256, under a key kept outside the database and SECRET_KEY (settings.AUDIT_KEY),
of the previous hash and the canonical JSON of every field of the event: an edited
or deleted entry breaks the chain, and without the key nobody can compute a new one.
A cut tail is found against a chain head exported earlier (`export_head`).
"""

import datetime
import hashlib
import hmac
import json
import os
import shlex
import subprocess
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from mixedflows.core.models import AuditAction, AuditEvent, AuditHead

GENESIS = "0" * 64


def _payload(event: AuditEvent) -> str:
    """Every stored field of the event but its row id (which only orders the chain)."""
    return json.dumps(
        {
            "at": event.at.astimezone(datetime.UTC).isoformat(),
            "actor": event.actor_label,
            "actor_id": event.actor_id,
            "organisation": str(event.organisation_id or ""),
            "action": event.action,
            "object_type": event.object_type,
            "object_id": event.object_id,
            "fields": sorted(event.fields),
            "detail": event.detail,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=True,
    )


def event_hash(prev_hash: str, event: AuditEvent, key: bytes | None = None) -> str:
    return hmac.new(key or settings.AUDIT_KEY, (prev_hash + _payload(event)).encode(), "sha256").hexdigest()


def _head_mac(count: int, last_hash: str) -> str:
    return hmac.new(settings.AUDIT_KEY, f"head:{count}:{last_hash}".encode(), "sha256").hexdigest()


def _locked_head() -> AuditHead:
    # On SQLite the IMMEDIATE transaction already holds the write lock; on PostgreSQL the row lock serialises.
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    return head or AuditHead.objects.create(pk=1)


def audit_record(
    *,
    actor,
    action: AuditAction,
    object_type: str,
    object_id: str | uuid.UUID = "",
    fields: Iterable[str] = (),
    detail: dict | None = None,
    organisation=None,
) -> AuditEvent:
    """Append one event to the chain. Call it inside the transaction of the change it records."""
    try:
        action = AuditAction(action)
    except ValueError:
        raise ValueError(f"unknown audit action {action!r}: add it to core.models.AuditAction") from None
    with transaction.atomic():
        head = _locked_head()
        actor_user = actor if getattr(actor, "pk", None) else None
        event = AuditEvent(
            at=timezone.now(),
            actor=actor_user,
            actor_label=actor_user.get_username() if actor_user else str(actor or "system"),
            organisation=organisation or (actor_user.organisation if actor_user else None),
            action=action.value,
            object_type=object_type,
            object_id=str(object_id),
            fields=sorted(set(fields)),
            detail=detail or {},
            prev_hash=head.last_hash,
        )
        event.hash = event_hash(head.last_hash, event)
        event.save()
        head.last_hash = event.hash
        head.count += 1
        head.save(update_fields=["last_hash", "count"])
    return event


def audit_files_loaded(
    report: list[tuple[str, str]], *, actor: str, object_type: str
) -> list[tuple[str, str]]:
    """One LOAD event naming the definition files a load brought in (report: (label, "loaded" | ...) pairs);
    none when nothing was new. Returns the report."""
    if loaded := [label for label, status in report if status == "loaded"]:
        audit_record(actor=actor, action=AuditAction.LOAD, object_type=object_type, detail={"loaded": loaded})
    return report


def batch_digest(ids: Iterable[object]) -> str:
    """A hash of a bulk load's identifiers, stored in its one audit event."""
    digest = hashlib.sha256()
    for identifier in ids:
        digest.update(str(identifier).encode())
        digest.update(b"\n")
    return digest.hexdigest()


@dataclass
class VerifyResult:
    checked: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


class HeadFileError(ValueError):
    """An exported head that cannot be read or was not made with this installation's key."""


def read_head(path: str | Path) -> dict:
    try:
        head = json.loads(Path(path).read_text())
        count, last_hash, mac = int(head["count"]), str(head["last_hash"]), str(head["mac"])
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise HeadFileError(
            f"{path}: not a chain head exported by `mixedflows audit head` ({error})."
        ) from error
    if not hmac.compare_digest(mac, _head_mac(count, last_hash)):
        raise HeadFileError(f"{path}: this head was not exported with this installation's audit key.")
    return {**head, "count": count, "last_hash": last_hash}


def audit_verify(progress=None, *, heads: Sequence[dict] = ()) -> VerifyResult:
    """Recompute the whole chain; report broken links, a head that does not match, and exported heads
    (`heads`, from `read_head` or the head history) that the chain no longer contains."""
    problems: list[str] = []
    prev = GENESIS
    checked = 0
    expected = {int(h["count"]): h for h in heads}
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=5000):
        if event.prev_hash != prev:
            problems.append(
                f"event {event.pk}: previous hash does not match (an entry before it was removed or altered)"
            )
        if not hmac.compare_digest(event_hash(event.prev_hash, event), event.hash):
            problems.append(
                f"event {event.pk}: content does not match its hash (the entry was altered, or the chain "
                "was recomputed without the audit key)"
            )
        prev = event.hash
        checked += 1
        if checked in expected and expected[checked]["last_hash"] != event.hash:
            problems.append(
                f"event {event.pk}: the head exported at {expected[checked].get('exported_at', '?')} ended the "
                f"chain at event number {checked} with {expected[checked]['last_hash'][:12]}; it is not there "
                "any more (entries up to it were removed or replaced)"
            )
        if progress:
            progress(checked)
        if len(problems) >= 20:
            break
    head = AuditHead.objects.filter(pk=1).first()
    if not problems and head and (head.last_hash != prev or head.count != checked):
        problems.append(
            f"chain head says {head.count} events ending {head.last_hash[:12]}; found {checked} ending {prev[:12]}"
        )
    if not problems and (longest := max(expected, default=0)) > checked:
        problems.append(
            f"the head exported at {expected[longest].get('exported_at', '?')} counted {longest} events; only "
            f"{checked} are left (the last entries were removed)"
        )
    return VerifyResult(checked=checked, problems=problems)


def audit_head() -> dict:
    head = AuditHead.objects.filter(pk=1).first()
    count, last_hash = (head.count, head.last_hash) if head else (0, GENESIS)
    return {
        "count": count,
        "last_hash": last_hash,
        "exported_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "mac": _head_mac(count, last_hash),
    }


def head_history(directory: Path | None = None) -> list[dict]:
    """The heads exported so far (skipping unreadable files, which `audit verify --head` reports)."""
    directory = Path(directory or settings.AUDIT_HEAD_DIR)
    heads = []
    for path in sorted(directory.glob("head-*.json")) if directory.is_dir() else []:
        try:
            heads.append(read_head(path))
        except HeadFileError:
            continue
    return heads


def export_head() -> Path:
    """Write the chain head to a new read-only file in the head directory (the history is the directory)
    and hand it to MIXEDFLOWS_AUDIT_HEAD_COMMAND on standard input, if one is configured."""
    head = audit_head()
    directory = Path(settings.AUDIT_HEAD_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%dT%H%M%S%fZ")
    path = directory / f"head-{stamp}-{head['count']:012d}.json"
    text = json.dumps(head, indent=2) + "\n"
    # O_EXCL: never overwrite an earlier head; 0o444: nobody writes it afterwards.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o444)
    with os.fdopen(descriptor, "w") as fh:
        fh.write(text)
    if settings.AUDIT_HEAD_COMMAND:
        subprocess.run(
            shlex.split(settings.AUDIT_HEAD_COMMAND), input=text, text=True, check=True, timeout=120
        )
    return path

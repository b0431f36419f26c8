"""The append-only, hash-chained audit trail.

Every service that creates, changes, views, shares, merges or exports personal
data calls `audit_record` inside its own transaction. Each event's hash covers
the previous hash and the canonical JSON of the event, so an edited or deleted
entry breaks the chain and `mixedflows audit verify` finds it.
"""

import datetime
import hashlib
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.utils import timezone

from mixedflows.core.models import AuditEvent, AuditHead

GENESIS = "0" * 64


def _payload(event: AuditEvent) -> str:
    return json.dumps(
        {
            "at": event.at.astimezone(datetime.UTC).isoformat(),
            "actor": event.actor_label,
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


def event_hash(prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256((prev_hash + _payload(event)).encode()).hexdigest()


def _locked_head() -> AuditHead:
    # On SQLite the IMMEDIATE transaction already holds the write lock; on PostgreSQL the row lock serialises.
    head = AuditHead.objects.select_for_update().filter(pk=1).first()
    return head or AuditHead.objects.create(pk=1)


def audit_record(
    *,
    actor,
    action: str,
    object_type: str,
    object_id: str | uuid.UUID = "",
    fields: Iterable[str] = (),
    detail: dict | None = None,
    organisation=None,
) -> AuditEvent:
    """Append one event to the chain. Call it inside the transaction of the change it records."""
    with transaction.atomic():
        head = _locked_head()
        actor_user = actor if getattr(actor, "pk", None) else None
        event = AuditEvent(
            at=timezone.now(),
            actor=actor_user,
            actor_label=actor_user.get_username() if actor_user else str(actor or "system"),
            organisation=organisation or (actor_user.organisation if actor_user else None),
            action=action,
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


def audit_verify(progress=None) -> VerifyResult:
    """Recompute the whole chain; report the first broken links and a missing or extra tail."""
    problems: list[str] = []
    prev = GENESIS
    checked = 0
    for event in AuditEvent.objects.order_by("id").iterator(chunk_size=5000):
        if event.prev_hash != prev:
            problems.append(
                f"event {event.pk}: previous hash does not match (an entry before it was removed or altered)"
            )
        if event_hash(event.prev_hash, event) != event.hash:
            problems.append(f"event {event.pk}: content does not match its hash (the entry was altered)")
        prev = event.hash
        checked += 1
        if progress:
            progress(checked)
        if len(problems) >= 20:
            break
    head = AuditHead.objects.filter(pk=1).first()
    if not problems and head and (head.last_hash != prev or head.count != checked):
        problems.append(
            f"chain head says {head.count} events ending {head.last_hash[:12]}; found {checked} ending {prev[:12]}"
        )
    return VerifyResult(checked=checked, problems=problems)


def audit_head() -> dict:
    head = AuditHead.objects.filter(pk=1).first()
    return {
        "count": head.count if head else 0,
        "last_hash": head.last_hash if head else GENESIS,
        "exported_at": timezone.now().isoformat(),
        "database": connection.vendor,
    }

"""Which key each encrypted value is under, and moving every value to the current key (#16 item 10)."""

from collections import Counter
from collections.abc import Iterator
from typing import Any

from django.apps import apps
from django.db import models, transaction
from django.db.models.functions import Cast

from mixedflows.core import encryption
from mixedflows.core.fields import EncryptedTextField

BATCH = 500
UNENCRYPTED = "(not encrypted)"


def encrypted_columns() -> list[tuple[type[models.Model], list[str]]]:
    """Every model with encrypted columns, and those columns' names."""
    found = []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            found.append((model, names))
    return found


def _raw(fields: list[str]) -> dict[str, Any]:
    """The stored ciphertexts, read as plain text (a Cast has no decrypting converter)."""
    return {f"raw_{f}": Cast(f, models.TextField()) for f in fields}


def _batches(model: type[models.Model], fields: list[str], batch: int) -> Iterator[list[tuple]]:
    last: Any = None
    while True:
        rows = model._base_manager.order_by("pk")
        if last is not None:
            rows = rows.filter(pk__gt=last)
        chunk = list(rows.annotate(**_raw(fields)).values_list("pk", *[f"raw_{f}" for f in fields])[:batch])
        if not chunk:
            return
        last = chunk[-1][0]
        yield chunk


def key_status() -> dict[str, Counter[str]]:
    """For each model, how many values are under each key id (empty values are not counted)."""
    out: dict[str, Counter[str]] = {}
    for model, fields in encrypted_columns():
        counts: Counter[str] = Counter()
        for chunk in _batches(model, fields, BATCH):
            for _pk, *values in chunk:
                for value in values:
                    if value:
                        counts[encryption.key_id_of(value) or UNENCRYPTED] += 1
        out[model._meta.label_lower] = counts
    return out


def rotate(*, batch: int = BATCH) -> dict[str, int]:
    """Re-encrypt every value not under the current key; one transaction per batch, rows locked while
    they are rewritten. Idempotent: a second run finds nothing to do. Returns the values rewritten per model."""
    current = encryption.provider().current_key_id()
    done: dict[str, int] = {}
    for model, fields in encrypted_columns():
        label, count = model._meta.label_lower, 0
        columns = {f.name: f for f in model._meta.concrete_fields if f.name in fields}
        last: Any = None
        while True:
            with transaction.atomic():
                rows = model._base_manager.order_by("pk").select_for_update()
                if last is not None:
                    rows = rows.filter(pk__gt=last)
                raw = rows.annotate(**_raw(fields)).values_list("pk", *[f"raw_{f}" for f in fields])
                chunk = list(raw[:batch])
                if not chunk:
                    break
                last = chunk[-1][0]
                for pk, *values in chunk:
                    stale = {
                        name: value
                        for name, value in zip(fields, values, strict=True)
                        if value and encryption.key_id_of(value) != current
                    }
                    if not stale:
                        continue
                    # The field's own value (a JSON field's dict, not its text), which it encrypts again.
                    plain = {
                        name: columns[name].to_python(
                            encryption.decrypt(value, context=f"{label}.{name}")
                            if encryption.is_ciphertext(value)
                            else value
                        )
                        for name, value in stale.items()
                    }
                    model._base_manager.filter(pk=pk).update(
                        **plain
                    )  # the field encrypts under the current key
                    count += len(plain)
        done[label] = count
    return done

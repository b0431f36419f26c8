"""Data-migration helpers: encrypt a column's existing rows in place, or decrypt them back (#16 item 10).

They run on historical models whose column is still a plain TextField, so values are read and written as
stored; rows already encrypted (or empty) are left alone, so a re-run changes nothing.
"""

from collections.abc import Callable
from typing import Any

from mixedflows.core import encryption

BATCH = 500


def _rewrite(model: Any, fields: list[str], change: Callable[[str, str], str], batch: int) -> int:
    changed, last = 0, 0
    rows = model._base_manager.order_by("pk")
    while True:
        chunk = list(rows.filter(pk__gt=last).values_list("pk", *fields)[:batch])
        if not chunk:
            return changed
        last = chunk[-1][0]
        for pk, *values in chunk:
            new = {f: change(f, v) for f, v in zip(fields, values, strict=True) if v}
            new = {f: v for f, v in new.items() if v != values[fields.index(f)]}
            if new:
                model._base_manager.filter(pk=pk).update(**new)
                changed += 1


def encrypt_columns(model: Any, fields: list[str], *, batch: int = BATCH) -> int:
    label = model._meta.label_lower

    def change(field: str, value: str) -> str:
        if encryption.is_ciphertext(value):
            return value
        return encryption.encrypt(value, context=f"{label}.{field}")

    return _rewrite(model, fields, change, batch)


def decrypt_columns(model: Any, fields: list[str], *, batch: int = BATCH) -> int:
    label = model._meta.label_lower

    def change(field: str, value: str) -> str:
        if not encryption.is_ciphertext(value):
            return value
        return encryption.decrypt(value, context=f"{label}.{field}")

    return _rewrite(model, fields, change, batch)

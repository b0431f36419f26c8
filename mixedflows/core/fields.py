"""EncryptedTextField: a text column stored as AES-GCM ciphertext (mixedflows.core.encryption)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldError
from django.db import models
from django.db.models.lookups import Exact, IsNull

from mixedflows.core import encryption


class EncryptedTextField(models.TextField):
    """Text encrypted with the current field key on save and decrypted on read.

    The associated data is the column (`<app>.<model>.<field>`), so a ciphertext moved to another column
    fails to decrypt. A ciphertext differs on every save (a fresh nonce), so the column cannot be searched,
    sorted or compared: the only lookups are `isnull` and `exact` with the empty string (empty values are
    stored empty). A column that must be searchable gets a blind index beside it (people.Document).
    """

    def context(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if not value:
            return value
        return encryption.decrypt(value, context=self.context())

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encryption.encrypt(value, context=self.context())

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "exact":
            return _EmptyExact
        if lookup_name == "isnull":
            return IsNull
        return None  # Django then raises FieldError: "Unsupported lookup"


class _EmptyExact(Exact):
    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None):
            raise FieldError(
                f"{self.lhs.target.name} is encrypted: it can only be compared with the empty string."
            )
        return super().get_prep_lookup()

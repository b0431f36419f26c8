"""EncryptedTextField and EncryptedJSONField: a column stored as AES-GCM ciphertext (mixedflows.core.encryption)."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.core import exceptions
from django.core.exceptions import FieldError
from django.core.serializers.json import DjangoJSONEncoder
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


class EncryptedJSONField(EncryptedTextField):
    """A JSON value (a dict of answers, a list of codes) stored as one ciphertext of its JSON text.

    Read and written like a JSONField, but no key, path or containment lookup exists (the value cannot be
    queried in SQL), and an empty value ({} or []) is encrypted too, so a row does not even say whether a
    sensitive section was answered. For values that are only ever read whole, in Python.
    """

    empty_values = [None, ""]
    # For django-stubs: the value is any JSON value, not the text the column holds.
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> Any:
        text = super().from_db_value(value, expression, connection)
        return json.loads(text) if text else text

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        text = json.dumps(value, ensure_ascii=False, cls=DjangoJSONEncoder)
        return encryption.encrypt(text, context=self.context())

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError as error:
                raise exceptions.ValidationError(str(error), code="invalid") from error
        return value

    def value_to_string(self, obj: models.Model) -> str:
        return json.dumps(self.value_from_object(obj), ensure_ascii=False, cls=DjangoJSONEncoder)

    def formfield(self, **kwargs: Any) -> Any:
        return models.Field.formfield(self, **{"form_class": forms.JSONField, **kwargs})

"""Personal data is deleted only inside `personal_data_erasure`, and each such deletion is an audited event.

Apps name the models that hold personal data in `AppConfig.personal_data_models`; deleting
one of them anywhere else (the admin site, a shell, a cascade from another row) is refused
with `PersonalDataDeletionRefused`. The erasure and retention services wrap their deletions in
`personal_data_erasure(...)`, which counts what was removed, by model, into one audit event.
"""

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import pre_delete

from mixedflows.core.audit import AuditAction, audit_record

_removed: ContextVar[Counter | None] = ContextVar("personal_data_removed", default=None)


class PersonalDataDeletionRefused(PermissionDenied):
    """A row holding personal data was to be deleted outside the erasure and retention services."""


@contextmanager
def personal_data_erasure(
    *, actor, reason: str, object_type: str, object_id: object = "", organisation=None
) -> Iterator[Counter]:
    """Allow deleting personal data inside the block; one audit event says what was removed and why."""
    with transaction.atomic():
        removed: Counter = Counter()
        token = _removed.set(removed)
        try:
            yield removed
        finally:
            _removed.reset(token)
        audit_record(
            actor=actor,
            action=AuditAction.ERASE,
            object_type=object_type,
            object_id=str(object_id),
            organisation=organisation,
            detail={"reason": reason, "removed": dict(sorted(removed.items()))},
        )


def _guard(sender, instance, **kwargs) -> None:
    removed = _removed.get()
    if removed is None:
        raise PersonalDataDeletionRefused(
            f"{sender._meta.verbose_name} holds personal data: it is deleted only by the erasure and "
            "retention services."
        )
    removed[sender._meta.label_lower] += 1


def protected_models() -> list[type[Model]]:
    """Every model an app declares in `personal_data_models`."""
    return [
        config.get_model(name)
        for config in apps.get_app_configs()
        for name in getattr(config, "personal_data_models", ())
    ]


def connect_guards() -> None:
    for model in protected_models():
        pre_delete.connect(
            _guard, sender=model, weak=False, dispatch_uid=f"personal-data-{model._meta.label}"
        )

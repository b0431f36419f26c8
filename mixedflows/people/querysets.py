"""Visibility lives here, one method per model, used by every view, API and export."""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models

from mixedflows.core.querysets import OwnedQuerySet

if TYPE_CHECKING:
    from mixedflows.core.models import Organisation


class PersonQuerySet(OwnedQuerySet):
    def visible_to(self, user):
        """Records owned by the user's organisation, or shared with it by an active grant."""
        org = getattr(user, "organisation", None)
        if org is None:
            return self.none()
        shared = models.Q(grants__organisation=org, grants__revoked_at__isnull=True)
        return self.filter(
            models.Q(organisation=org) | models.Q(pk__in=self.model.objects.filter(shared).values("pk")),
            retired_at__isnull=True,
        )

    def owned_by(self, organisation: Organisation | None) -> Self:
        """The organisation's current records (a record retired by a merge is out until the merge is undone)."""
        return super().owned_by(organisation).filter(retired_at__isnull=True)


class GroupQuerySet(OwnedQuerySet):
    pass


class EncounterQuerySet(OwnedQuerySet):
    pass


class AccessGrantQuerySet(OwnedQuerySet):
    """`visible_to(user)`: the grants the user's agency received."""

    def active(self, organisation: Organisation | None = None) -> Self:
        """Grants not revoked; with `organisation`, only those given to it (the receiving agency)."""
        grants = self.filter(revoked_at__isnull=True)
        return grants if organisation is None else grants.filter(organisation=organisation)

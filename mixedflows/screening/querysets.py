"""Visibility of screenings: one method per model, used by every view, export and import."""

from mixedflows.core.querysets import OwnedQuerySet


class ScreeningQuerySet(OwnedQuerySet):
    """`visible_to`: screenings done by the user's organisation. Other agencies see outcomes only through the
    person panel, and only for people shared with them with the screening outcome group."""

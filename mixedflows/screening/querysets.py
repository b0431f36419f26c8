"""Visibility of screenings: one method per model, used by every view, export and import."""

from django.db import models


class ScreeningQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Screenings done by the user's organisation. Other agencies see outcomes only through the person panel,
        and only for people shared with them with the screening outcome group."""
        org = getattr(user, "organisation", None)
        return self.filter(organisation=org) if org else self.none()

"""Visibility: every flows record belongs to one organisation and is seen by that organisation only."""

from django.db import models


class OwnedQuerySet(models.QuerySet):
    def visible_to(self, user):
        org = getattr(user, "organisation", None)
        return self.filter(organisation=org) if org else self.none()

"""Visibility: linkage rows belong to one organisation, the one whose records they are about."""

from django.db import models


class MatchCandidateQuerySet(models.QuerySet):
    def visible_to(self, user):
        org = getattr(user, "organisation", None)
        return self.filter(organisation=org) if org else self.none()


class MergeQuerySet(models.QuerySet):
    def visible_to(self, user):
        org = getattr(user, "organisation", None)
        return self.filter(organisation=org) if org else self.none()

"""Visibility: a case and everything in it belong to one organisation; nothing of it is shared."""

from django.db import models


def _org(user):
    return getattr(user, "organisation", None)


class CaseQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Cases of the user's organisation, for users who may view cases."""
        org = _org(user)
        if org is None or not user.can("cases.view"):
            return self.none()
        return self.filter(organisation=org)


class OrganisationScopedQuerySet(models.QuerySet):
    """Funds, fund requests, services and returns: rows of the user's own organisation only."""

    def visible_to(self, user):
        org = _org(user)
        if org is None or not user.can("cases.view"):
            return self.none()
        return self.filter(organisation=org)

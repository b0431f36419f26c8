from django.db import models
from django.utils import timezone


class OrganisationScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        org = user.organisation
        return self.filter(organisation=org) if org is not None else self.none()


class ApiTokenQuerySet(OrganisationScopedQuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

from django.db import models
from django.utils import timezone

from mixedflows.core.querysets import OwnedQuerySet


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Referrals the user's agency sent or received."""
        org = getattr(user, "organisation", None)
        if org is None:
            return self.none()
        return self.filter(models.Q(from_organisation=org) | models.Q(to_organisation=org))

    # Narrower than visible_to, and without its OR: a plain (organisation, due_at) index walk for large boxes.
    def inbox(self, user):
        org = getattr(user, "organisation", None)
        return self.filter(to_organisation=org) if org else self.none()

    def outbox(self, user):
        org = getattr(user, "organisation", None)
        return self.filter(from_organisation=org) if org else self.none()

    def overdue(self, now=None):
        """Still waiting for the receiving agency's answer after the due date."""
        return self.filter(status__in=self.model.AWAITING_STATUSES, due_at__lt=now or timezone.now())


class ServiceOfferQuerySet(OwnedQuerySet):
    """An agency's own offers (`visible_to`); the directory every user may read is `selectors.directory`."""

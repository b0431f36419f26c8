from django.db import models


class ReferralQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Referrals the user's agency sent or received."""
        org = getattr(user, "organisation", None)
        if org is None:
            return self.none()
        return self.filter(models.Q(from_organisation=org) | models.Q(to_organisation=org))

    def inbox(self, user):
        return self.filter(to_organisation=user.organisation)

    def outbox(self, user):
        return self.filter(from_organisation=user.organisation)

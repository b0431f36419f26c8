from django.db import models


class SiteQuerySet(models.QuerySet):
    def of_organisation(self, organisation):
        return self.filter(organisations=organisation)

    def usable_by(self, user):
        """Sites where the user may record encounters: hosting their agency, within their own sites."""
        sites = self.filter(organisations=user.organisation) if user.organisation else self.none()
        return sites if user.site_ids is None else sites.filter(pk__in=user.site_ids)


class MembershipQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(organisation=user.organisation) if user.organisation else self.none()

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.db import models

if TYPE_CHECKING:
    from mixedflows.core.models import Organisation


def organisation_of(user: Any) -> Organisation | None:
    """The user's organisation, or None (anonymous users and the platform administrator have none)."""
    return getattr(user, "organisation", None)


class OwnedQuerySet(models.QuerySet):
    """Rows that belong to one organisation: the one visibility rule of `core.OwnedModel`.

    A subclass narrows it with `view_permission` (the user must also hold it) or by overriding
    `visible_to` and calling `super()` (people shared by a grant, referrals seen by both agencies).
    """

    view_permission: str | None = None

    def visible_to(self, user: Any) -> Self:
        """Rows of the user's organisation; none for a user without one (or without `view_permission`)."""
        org = organisation_of(user)
        if org is None or (self.view_permission and not user.can(self.view_permission)):
            return self.none()
        return self.filter(organisation=org)

    def owned_by(self, organisation: Organisation | None) -> Self:
        """Rows of one organisation, whoever asks: for services and tasks that already hold the actor's agency."""
        return self.filter(organisation=organisation) if organisation is not None else self.none()


class SiteQuerySet(models.QuerySet):
    def of_organisation(self, organisation):
        return self.filter(organisations=organisation)

    def usable_by(self, user):
        """Sites where the user may record encounters: hosting their agency, within their own sites."""
        sites = self.filter(organisations=user.organisation) if user.organisation else self.none()
        return sites if user.site_ids is None else sites.filter(pk__in=user.site_ids)


class MembershipQuerySet(OwnedQuerySet):
    pass


class AccessSuspensionQuerySet(OwnedQuerySet):
    view_permission = "core.suspend_access"

    def in_force(self) -> Self:
        return self.filter(lifted_at__isnull=True)


class ProjectQuerySet(OwnedQuerySet):
    """Projects of the user's agency (implementing) and those it is a partner in."""

    def visible_to(self, user: Any) -> Self:
        org = organisation_of(user)
        if org is None:
            return self.none()
        ids = self.filter(models.Q(organisation=org) | models.Q(partner_organisations=org)).values("pk")
        return self.filter(pk__in=ids)


class ProjectPartQuerySet(models.QuerySet):
    """Indicators (and other parts of a project): visible with their project."""

    def visible_to(self, user: Any) -> Self:
        from mixedflows.core.project_models import Project

        return self.filter(project__in=Project.objects.visible_to(user).values("pk"))

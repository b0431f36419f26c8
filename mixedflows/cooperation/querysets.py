"""Visibility of cooperation records: a forum's members see it, its meetings and action points; an SOP's parties see
it and its steps; a document is seen by whoever sees what it belongs to."""

from typing import Any, Self

from django.db import models

from mixedflows.core.querysets import OwnedQuerySet, organisation_of


class ForumQuerySet(OwnedQuerySet):
    def visible_to(self, user: Any) -> Self:
        """Forums the user's agency convenes or is a member of."""
        org = organisation_of(user)
        if org is None:
            return self.none()
        ids = self.filter(models.Q(organisation=org) | models.Q(members__organisation=org)).values("pk")
        return self.filter(pk__in=ids)


class ForumPartQuerySet(OwnedQuerySet):
    """Meetings, decisions and action points: seen by the forum's members."""

    def visible_to(self, user: Any) -> Self:
        from mixedflows.cooperation.models import Forum

        return self.filter(forum__in=Forum.objects.visible_to(user).values("pk"))


class ForumMemberQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        from mixedflows.cooperation.models import Forum

        return self.filter(forum__in=Forum.objects.visible_to(user).values("pk"))


class SopQuerySet(OwnedQuerySet):
    def visible_to(self, user: Any) -> Self:
        """SOPs the user's agency keeps or is a party to."""
        org = organisation_of(user)
        if org is None:
            return self.none()
        ids = self.filter(models.Q(organisation=org) | models.Q(parties=org)).values("pk")
        return self.filter(pk__in=ids)


class SopStepQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> Self:
        from mixedflows.cooperation.models import Sop

        return self.filter(sop__in=Sop.objects.visible_to(user).values("pk"))


class DocumentQuerySet(OwnedQuerySet):
    def visible_to(self, user: Any) -> Self:
        """Documents of the user's agency, minutes of forums it is in, documents of SOPs it is party to."""
        from mixedflows.cooperation.models import Forum, Sop

        org = organisation_of(user)
        if org is None:
            return self.none()
        return self.filter(
            models.Q(organisation=org)
            | models.Q(forum__in=Forum.objects.visible_to(user).values("pk"))
            | models.Q(sop__in=Sop.objects.visible_to(user).values("pk"))
        )

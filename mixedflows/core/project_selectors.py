"""Reads of the project register: projects a user's agency implements or partners in, and indicator values.

An indicator's value is computed by its registered counter (core.indicators) over the records the user may see
that are tagged with the project; nothing is stored. Asked about another agency's project, these refuse.
"""

import datetime
from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from mixedflows.core import indicators
from mixedflows.core.models import User
from mixedflows.core.project_models import Indicator, Project


def projects_visible(*, user: User) -> QuerySet[Project]:
    return (
        Project.objects.visible_to(user)
        .select_related("organisation")
        .prefetch_related("partner_organisations")
        .order_by("-starts_on", "code")
    )


def project_for(*, user: User, uuid: UUID | str) -> Project:
    return projects_visible(user=user).get(uuid=uuid)


def indicator_for(*, user: User, uuid: UUID | str) -> Indicator:
    return Indicator.objects.visible_to(user).select_related("project").get(uuid=uuid)


@dataclass
class IndicatorValue:
    indicator: Indicator
    counter: indicators.Counter | None
    breakdown: indicators.Breakdown | None
    problem: str = ""

    @property
    def progress(self) -> int | None:
        """Percent of the target reached (from the baseline), when there is a target."""
        target = self.indicator.target
        if self.breakdown is None or target is None:
            return None
        baseline = self.indicator.baseline or 0
        span = target - baseline
        return int(100 * (self.breakdown.total - baseline) / span) if span else None


def indicator_value(
    *, user: User, indicator: Indicator, start: datetime.date, end: datetime.date
) -> IndicatorValue:
    """The indicator computed for a period; refused (PermissionDenied) for a project the user's agency is not in."""
    if not Project.objects.visible_to(user).filter(pk=indicator.project_id).exists():
        raise PermissionDenied(_("This indicator belongs to a project your agency is not part of."))
    counter = indicators.counter(indicator.counter)
    if counter is None:
        return IndicatorValue(indicator, None, None, _("Its counter is no longer registered."))
    if counter.permission and not user.can(counter.permission):
        return IndicatorValue(indicator, counter, None, _("Counted from records your role does not see."))
    rows = indicators.run(counter, project=indicator.project, start=start, end=end, user=user)
    usable = [d for d in indicator.disaggregations if d in counter.dimensions]
    return IndicatorValue(indicator, counter, indicators.tally(counter, rows, usable))


def project_values(
    *, user: User, project: Project, start: datetime.date, end: datetime.date
) -> list[IndicatorValue]:
    if not Project.objects.visible_to(user).filter(pk=project.pk).exists():
        raise PermissionDenied(_("This project is not one your agency implements or partners in."))
    return [
        indicator_value(user=user, indicator=i, start=start, end=end)
        for i in project.indicators.order_by("position", "code")
    ]

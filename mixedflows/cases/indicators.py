"""Counters for project indicators (core.indicators): cases assisted and emergency-fund grants."""

from django.db.models import Max, Q
from django.utils.translation import gettext_lazy as _

from mixedflows.core.indicators import register, register_dimension
from mixedflows.screening.indicators import PERSON_FIELDS, person_dimensions

register_dimension("case_type", _("Case type"))


@register(
    "cases.assisted",
    label=_("Cases assisted (open during the period)"),
    dimensions=["sex", "age_band", "nationality", "case_type"],
    unit=_("cases"),
    permission="cases.view",
)
def cases_assisted(*, project, start, end, user):
    """Cases of the user's agency tagged with the project that were open on at least one day of the period."""
    from mixedflows.cases.models import Case, CaseType

    rows = (
        Case.objects.visible_to(user)
        .filter(project=project, opened_at__date__lte=end)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__date__gte=start))
        .values("opened_at", "type", *(f"person__{f}" for f in PERSON_FIELDS))
    )
    for row in rows:
        on = max(row["opened_at"].date(), start)
        kind = str(CaseType(row["type"]).label) if row["type"] in CaseType.values else row["type"]
        yield (*person_dimensions(row, "person__", on), kind, 1)


@register(
    "cases.fund_grants",
    label=_("Cases granted emergency funds"),
    dimensions=["sex", "age_band", "nationality"],
    unit=_("cases"),
    permission="cases.view",
)
def fund_grants(*, project, start, end, user):
    """Cases with at least one fund request tagged with the project and approved (last decision) in the period."""
    from mixedflows.cases.models import FundRequest

    granted = (
        FundRequest.objects.visible_to(user)
        .filter(project=project, status=FundRequest.Status.APPROVED)
        .annotate(decided=Max("decisions__at"))
        .filter(decided__date__range=(start, end))
        .values("case_id", "decided", *(f"case__person__{f}" for f in PERSON_FIELDS))
        .order_by("case_id", "decided")
    )
    seen: set[int] = set()
    for row in granted:
        if row["case_id"] in seen:
            continue
        seen.add(row["case_id"])
        yield (*person_dimensions(row, "case__person__", row["decided"].date()), 1)

"""The comparison page's numbers and charts: each chart comes with the table it is drawn from."""

from django.utils.translation import gettext as _

from mixedflows.flows import analytics
from mixedflows.flows.analytics import Scope
from mixedflows.flows.dashboard.charts import (
    _categories_chart,
    _incidents_chart,
    _pyramid_chart,
    _structure_chart,
    _trend_chart,
)
from mixedflows.flows.dashboard.common import REASON_LABELS, Chart, Comparison, _pct
from mixedflows.lib.codes import country_name_local

__all__ = ["Chart", "Comparison", "compare"]


def compare(con, *, org: int, scopes: list[Scope], start, end, grain: str = "month") -> Comparison:
    result = Comparison(scopes, start, end, grain)
    for scope in scopes:
        comp = analytics.composition(con, org=org, scope=scope, start=start, end=end)
        comp["registry"] = analytics.registry_summary(con, org=org, scope=scope, start=start, end=end)
        comp["trend"] = analytics.trend(con, org=org, scope=scope, start=start, end=end, grain=grain)
        comp["scope"] = scope
        comp["survey"] = analytics.survey_summary(con, org=org, scope=scope, start=start, end=end)
        comp["survey"]["reasons_shown"] = [
            (_(REASON_LABELS[code]) if code in REASON_LABELS else code, n)
            for code, n in comp["survey"]["reasons"]
        ]
        comp["why_none"] = _why_none(scope, start, end) if not comp["arrived"] else ""
        comp["nationalities"] = [
            (country_name_local(code) or _("unknown"), n, _pct(n, comp["arrived"]))
            for code, n in comp["nationalities"]
        ]
        result.sides.append(comp)
    result.charts = [
        _categories_chart(result),
        _structure_chart(result),
        _trend_chart(result),
        _incidents_chart(result),
        *(_pyramid_chart(side, i) for i, side in enumerate(result.sides)),
    ]
    return result


def _why_none(scope: Scope, start, end) -> str:
    """Said where a scope counts no arrivals: the filters it applies, so the officer can tell an empty period
    from a scope that cannot match (a route without sites, a departure country nobody left from)."""
    return _(
        "No persons arrived: this counts only persons met between %(start)s and %(end)s %(filters)s."
    ) % {"start": start.isoformat(), "end": end.isoformat(), "filters": " ".join(scope.explain)}

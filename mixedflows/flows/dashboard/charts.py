"""The comparison page's charts, each with the table it is drawn from."""

import json

import plotly.graph_objects as go
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mixedflows.core.charts import count_axis, date_axis
from mixedflows.flows.analytics import BAND_LABELS, isolated
from mixedflows.flows.dashboard.common import (
    CATEGORIES_TITLE,
    COLOURS,
    INCIDENT_LABELS,
    INCIDENTS_TITLE,
    OF_ARRIVALS,
    OF_INTERVIEWED,
    OF_SCREENED,
    SEX_LABELS,
    Chart,
    Comparison,
    _columns,
    _date_ticks,
    _layout,
    _pct,
)
from mixedflows.flows.models import AGE_BANDS
from mixedflows.screening.codes import ProfileCategory


def _categories_chart(c: Comparison) -> Chart:
    codes = sorted(
        {code for side in c.sides for code in side["categories"]},
        key=lambda code: -sum(side["categories"].get(code, 0) for side in c.sides),
    )
    labels = {code: ProfileCategory(code).label if code in ProfileCategory.values else code for code in codes}
    header, shown = _columns(gettext_noop("Profile category"), c.sides, gettext_noop("persons"), OF_SCREENED)
    rows = [
        [
            labels[code],
            *(
                v
                for s in c.sides
                for v in (s["categories"].get(code, 0), _pct(s["categories"].get(code, 0), s["screened"]))
            ),
        ]
        for code in codes
    ]
    fig = go.Figure(
        [
            go.Bar(
                name=s["scope"].label,
                y=[_short(str(labels[code])) for code in codes],
                x=[_pct(s["categories"].get(code, 0), s["screened"]) for code in codes],
                orientation="h",
                marker_color=COLOURS[i % len(COLOURS)],
            )
            for i, s in enumerate(c.sides)
        ]
    )
    fig.update_layout(
        **_layout(
            _(CATEGORIES_TITLE),
            barmode="group",
            xaxis=count_axis(_(OF_SCREENED), [x for trace in fig.data for x in trace.x]),
            yaxis={"autorange": "reversed"},
            height=max(380, 60 + 28 * len(codes) * len(c.sides)),
            margin={"l": 230, "r": 20, "t": 50, "b": 60},
        )
    )
    return Chart(
        "categories",
        _("Profile categories (share of screened persons)"),
        header,
        rows,
        json.loads(fig.to_json()),
        _("A person in several categories counts in each, so shares add up to more than 100%."),
        "" if codes else _("No screened person with a profile category in this period and scope."),
        shares=Chart.paired(len(c.sides)),
        labels=shown,
    )


def _short(label: str) -> str:
    return label if len(label) <= 34 else label[:32] + "…"


def _structure_chart(c: Comparison) -> Chart:
    groups = [(sex, band) for sex in ("F", "M") for band, *_ in AGE_BANDS]
    header, shown = _columns(gettext_noop("Sex and age"), c.sides, gettext_noop("persons"), OF_ARRIVALS)
    rows, traces = [], []
    for i, (sex, band) in enumerate(groups):
        label = _("%(sex)s %(age)s") % {"sex": _(SEX_LABELS[sex]), "age": isolated(BAND_LABELS[band])}
        values = [s["pyramid"].get((sex, band), 0) for s in c.sides]
        rows.append(
            [label, *(v for s, n in zip(c.sides, values, strict=True) for v in (n, _pct(n, s["arrived"])))]
        )
        traces.append(
            go.Bar(
                name=label,
                x=[s["scope"].label for s in c.sides],
                y=[_pct(n, s["arrived"]) for s, n in zip(c.sides, values, strict=True)],
                marker_color=(
                    ["#f4a6a6", "#e06666", "#b83b3b", "#7a1f1f"]
                    if sex == "F"
                    else ["#a6c8f4", "#5b9be0", "#2f6db8", "#17406f"]
                )[i % 4],
            )
        )
    other = [s["arrived"] - sum(s["pyramid"].get(g, 0) for g in groups) for s in c.sides]
    rows.append(
        [
            _("Sex or age not known"),
            *(v for s, n in zip(c.sides, other, strict=True) for v in (n, _pct(n, s["arrived"]))),
        ]
    )
    fig = go.Figure(traces)
    fig.update_layout(
        **_layout(
            _("Sex and age structure of arrivals (%)"),
            barmode="stack",
            yaxis=count_axis(_(OF_ARRIVALS), [sum(t.y[k] for t in fig.data) for k in range(len(c.sides))]),
        )
    )
    return Chart(
        "structure",
        _("Sex and age structure (share of arrivals)"),
        header,
        rows,
        json.loads(fig.to_json()),
        shares=Chart.paired(len(c.sides)),
        labels=shown,
    )


def _trend_chart(c: Comparison) -> Chart:
    periods = sorted({p for s in c.sides for p, *_ in s["trend"]})
    header, shown = _columns(
        gettext_noop("Week") if c.grain == "week" else gettext_noop("Month"),
        c.sides,
        gettext_noop("persons arrived"),
        gettext_noop("people seen (migration)"),
        gettext_noop("market visits"),
    )
    lookup = [{p: rest for p, *rest in s["trend"]} for s in c.sides]
    rows = [[p.strftime("%Y-%m-%d"), *(v for lk in lookup for v in lk.get(p, (0, 0, 0)))] for p in periods]
    trend_title = _("Trend by week") if c.grain == "week" else _("Trend by month")
    fig = go.Figure()
    for i, (s, lk) in enumerate(zip(c.sides, lookup, strict=True)):
        colour = COLOURS[i % len(COLOURS)]
        fig.add_trace(
            go.Scatter(
                name=_("%(scope)s: arrived") % {"scope": isolated(s["scope"].label)},
                x=[p.isoformat() for p in periods],
                y=[lk.get(p, (0, 0, 0))[0] for p in periods],
                mode="lines+markers",
                line={"color": colour},
            )
        )
        fig.add_trace(
            go.Scatter(
                name=_("%(scope)s: seen at points") % {"scope": isolated(s["scope"].label)},
                x=[p.isoformat() for p in periods],
                y=[lk.get(p, (0, 0, 0))[1] for p in periods],
                mode="lines+markers",
                marker={"symbol": "diamond-open"},
                line={"color": colour, "dash": "dot"},
                yaxis="y2",
            )
        )
    fig.update_layout(
        **_layout(
            trend_title,
            xaxis=_date_ticks(date_axis(periods, c.grain), c.grain),
            yaxis=count_axis(
                _("persons arrived"),
                [row[1 + 3 * k] for row in rows for k in range(len(c.sides))],
                whole=True,
            ),
            yaxis2=count_axis(
                _("people seen"),
                [row[2 + 3 * k] for row in rows for k in range(len(c.sides))],
                whole=True,
                overlaying="y",
                side="right",
                showgrid=False,
            ),
        )
    )
    return Chart(
        "trend",
        trend_title,
        header,
        rows,
        json.loads(fig.to_json()),
        _("People seen at monitoring points are counts of crossings, not of distinct persons."),
        labels=shown,
    )


def _incidents_chart(c: Comparison) -> Chart:
    kinds = ["violence", "detention", "kidnapping", "extortion"]
    header, shown = _columns(
        gettext_noop("Incident on the way"),
        c.sides,
        gettext_noop("respondents"),
        OF_INTERVIEWED,
    )
    counts = [dict(s["survey"]["incidents"]) for s in c.sides]
    rows = [
        [
            _(INCIDENT_LABELS[kind]),
            *(
                v
                for s, n in zip(c.sides, counts, strict=True)
                for v in (n.get(kind, 0), _pct(n.get(kind, 0), s["survey"]["interviews"]))
            ),
        ]
        for kind in kinds
    ]
    fig = go.Figure(
        [
            go.Bar(
                name=s["scope"].label,
                x=[_(INCIDENT_LABELS[k]) for k in kinds],
                y=[_pct(n.get(k, 0), s["survey"]["interviews"]) for k in kinds],
                marker_color=COLOURS[i % len(COLOURS)],
            )
            for i, (s, n) in enumerate(zip(c.sides, counts, strict=True))
        ]
    )
    fig.update_layout(
        **_layout(
            _(INCIDENTS_TITLE),
            barmode="group",
            yaxis=count_axis(_(OF_INTERVIEWED), [y for trace in fig.data for y in trace.y]),
        )
    )
    interviewed = sum(s["survey"]["interviews"] for s in c.sides)
    return Chart(
        "incidents",
        _("Risks on the way (flow monitoring survey)"),
        header,
        rows,
        json.loads(fig.to_json()),
        _("Sampled interviews at the scope's monitoring points; a respondent may report several incidents."),
        "" if interviewed else _("No survey interviews at these monitoring points in this period."),
        shares=Chart.paired(len(c.sides)),
        labels=shown,
    )


def _symmetric_ticks(values: list[int]) -> dict:
    """Ticks on both sides of a pyramid read as counts, never as negative numbers."""
    top = max([*values, 1])
    step = next(
        s
        for s in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10**4, 10**5, 10**9)
        if top / s <= 4
    )
    ticks = [i * step for i in range(-(top // step), top // step + 1)]
    return {"tickvals": ticks, "ticktext": [str(abs(t)) for t in ticks], "range": [-top * 1.1, top * 1.1]}


def _pyramid_chart(side: dict, index: int) -> Chart:
    bands = [code for code, *_ in AGE_BANDS]
    female = [side["pyramid"].get(("F", b), 0) for b in bands]
    male = [side["pyramid"].get(("M", b), 0) for b in bands]
    labels = [isolated(BAND_LABELS[b]) for b in bands]
    pyramid_title = _("Age-sex pyramid: %(scope)s") % {"scope": isolated(side["scope"].label)}
    fig = go.Figure(
        [
            go.Bar(
                name=_("Male"),
                y=labels,
                x=[-n for n in male],
                orientation="h",
                marker_color="#2f6db8",
                customdata=male,
                hovertemplate=_("Male %(age)s: %(count)s") % {"age": "%{y}", "count": "%{customdata}"}
                + "<extra></extra>",
            ),
            go.Bar(
                name=_("Female"),
                y=labels,
                x=female,
                orientation="h",
                marker_color="#b83b3b",
                hovertemplate=_("Female %(age)s: %(count)s") % {"age": "%{y}", "count": "%{x}"}
                + "<extra></extra>",
            ),
        ]
    )
    fig.update_layout(
        **_layout(
            pyramid_title,
            barmode="relative",
            bargap=0.1,
            xaxis={
                "title": {"text": _("persons (male left, female right)")},
                **_symmetric_ticks(male + female),
            },
        )
    )
    rows = [[label, m, f] for label, m, f in zip(labels, male, female, strict=True)]
    return Chart(
        f"pyramid{index}",
        _("Age-sex pyramid: %(scope)s") % {"scope": side["scope"].label},
        ["Age band", "Male", "Female"],
        rows,
        json.loads(fig.to_json()),
        labels=[_("Age band"), _("Male"), _("Female")],
    )

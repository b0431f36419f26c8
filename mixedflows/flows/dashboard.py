"""The comparison page's numbers and charts: each chart comes with the table it is drawn from."""

import datetime
import json
from dataclasses import dataclass, field

import plotly.graph_objects as go
from django.utils.translation import gettext as _

from mixedflows.core.charts import count_axis, date_axis
from mixedflows.flows import analytics
from mixedflows.flows.analytics import BAND_LABELS, Scope
from mixedflows.flows.models import AGE_BANDS
from mixedflows.lib.codes import country_name
from mixedflows.screening.codes import ProfileCategory

COLOURS = ["#1f5fa8", "#d9822b", "#2f8f5b", "#a23b72", "#6c757d"]
SEX_LABELS = {"F": "Female", "M": "Male", "X": "Other", "": "Not known"}


@dataclass
class Chart:
    slug: str
    title: str
    header: list[str]
    rows: list[list]
    figure: dict  # plotly figure as plain data
    note: str = ""
    empty: str = ""  # said instead of an empty chart
    shares: dict[int, int] = field(default_factory=dict)  # column of a share -> column of its count

    @staticmethod
    def paired(sides: int) -> dict[int, int]:
        """Columns (count, share) for each side in turn, after the label column."""
        return {2 + 2 * k: 1 + 2 * k for k in range(sides)}

    @property
    def script_id(self) -> str:
        return f"figure-{self.slug}"


@dataclass
class Comparison:
    scopes: list[Scope]
    start: datetime.date
    end: datetime.date
    grain: str
    sides: list[dict] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


def _pct(n: int, d: int) -> float:
    return round(100 * n / d, 1) if d else 0.0


def _layout(title: str, **extra) -> dict:
    return {
        "title": {"text": title},
        "margin": {"l": 60, "r": 20, "t": 50, "b": 60},
        "height": 380,
        "font": {"family": "system-ui, sans-serif", "size": 12},
        "legend": {"orientation": "h", "y": -0.2},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        **extra,
    }


def compare(con, *, org: int, scopes: list[Scope], start, end, grain: str = "month") -> Comparison:
    result = Comparison(scopes, start, end, grain)
    for scope in scopes:
        comp = analytics.composition(con, org=org, scope=scope, start=start, end=end)
        comp["registry"] = analytics.registry_summary(con, org=org, scope=scope, start=start, end=end)
        comp["trend"] = analytics.trend(con, org=org, scope=scope, start=start, end=end, grain=grain)
        comp["scope"] = scope
        comp["survey"] = analytics.survey_summary(con, org=org, scope=scope, start=start, end=end)
        comp["why_none"] = _why_none(scope, start, end) if not comp["arrived"] else ""
        comp["nationalities"] = [
            (country_name(code) or "unknown", n, _pct(n, comp["arrived"]))
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


def _categories_chart(c: Comparison) -> Chart:
    codes = sorted(
        {code for side in c.sides for code in side["categories"]},
        key=lambda code: -sum(side["categories"].get(code, 0) for side in c.sides),
    )
    labels = {code: ProfileCategory(code).label if code in ProfileCategory.values else code for code in codes}
    header = ["Profile category"] + [
        f"{s['scope'].label}: {h}" for s in c.sides for h in ("persons", "% of screened")
    ]
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
            "Profile categories, % of screened persons",
            barmode="group",
            xaxis=count_axis("% of screened", [x for trace in fig.data for x in trace.x]),
            yaxis={"autorange": "reversed"},
            height=max(380, 60 + 28 * len(codes) * len(c.sides)),
            margin={"l": 230, "r": 20, "t": 50, "b": 60},
        )
    )
    return Chart(
        "categories",
        "Profile categories (share of screened persons)",
        header,
        rows,
        json.loads(fig.to_json()),
        "A person in several categories counts in each, so shares add up to more than 100%.",
        "" if codes else "No screened person with a profile category in this period and scope.",
        shares=Chart.paired(len(c.sides)),
    )


def _short(label: str) -> str:
    return label if len(label) <= 34 else label[:32] + "…"


def _structure_chart(c: Comparison) -> Chart:
    groups = [(sex, band) for sex in ("F", "M") for band, *_ in AGE_BANDS]
    header = ["Sex and age"] + [
        f"{s['scope'].label}: {h}" for s in c.sides for h in ("persons", "% of arrivals")
    ]
    rows, traces = [], []
    for i, (sex, band) in enumerate(groups):
        label = f"{SEX_LABELS[sex]} {BAND_LABELS[band]}"
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
            "Sex or age not known",
            *(v for s, n in zip(c.sides, other, strict=True) for v in (n, _pct(n, s["arrived"]))),
        ]
    )
    fig = go.Figure(traces)
    fig.update_layout(
        **_layout(
            "Sex and age structure of arrivals (%)",
            barmode="stack",
            yaxis=count_axis("% of arrivals", [sum(t.y[k] for t in fig.data) for k in range(len(c.sides))]),
        )
    )
    return Chart(
        "structure",
        "Sex and age structure (share of arrivals)",
        header,
        rows,
        json.loads(fig.to_json()),
        shares=Chart.paired(len(c.sides)),
    )


def _trend_chart(c: Comparison) -> Chart:
    periods = sorted({p for s in c.sides for p, *_ in s["trend"]})
    header = [c.grain.title()] + [
        f"{s['scope'].label}: {h}"
        for s in c.sides
        for h in ("persons arrived", "people seen (migration)", "market visits")
    ]
    lookup = [{p: rest for p, *rest in s["trend"]} for s in c.sides]
    rows = [[p.strftime("%Y-%m-%d"), *(v for lk in lookup for v in lk.get(p, (0, 0, 0)))] for p in periods]
    fig = go.Figure()
    for i, (s, lk) in enumerate(zip(c.sides, lookup, strict=True)):
        colour = COLOURS[i % len(COLOURS)]
        fig.add_trace(
            go.Scatter(
                name=f"{s['scope'].label}: arrived",
                x=[p.isoformat() for p in periods],
                y=[lk.get(p, (0, 0, 0))[0] for p in periods],
                mode="lines+markers",
                line={"color": colour},
            )
        )
        fig.add_trace(
            go.Scatter(
                name=f"{s['scope'].label}: seen at points",
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
            f"Trend by {c.grain}",
            xaxis=date_axis(periods, c.grain),
            yaxis=count_axis(
                "persons arrived", [row[1 + 3 * k] for row in rows for k in range(len(c.sides))], whole=True
            ),
            yaxis2=count_axis(
                "people seen",
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
        f"Trend by {c.grain}",
        header,
        rows,
        json.loads(fig.to_json()),
        "People seen at monitoring points are counts of crossings, not of distinct persons.",
    )


def _incidents_chart(c: Comparison) -> Chart:
    kinds = ["violence", "detention", "kidnapping", "extortion"]
    header = ["Incident on the way"] + [
        f"{s['scope'].label}: {h}" for s in c.sides for h in ("respondents", "% of interviewed")
    ]
    counts = [dict(s["survey"]["incidents"]) for s in c.sides]
    rows = [
        [
            kind.title(),
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
                x=[k.title() for k in kinds],
                y=[_pct(n.get(k, 0), s["survey"]["interviews"]) for k in kinds],
                marker_color=COLOURS[i % len(COLOURS)],
            )
            for i, (s, n) in enumerate(zip(c.sides, counts, strict=True))
        ]
    )
    fig.update_layout(
        **_layout(
            "Incidents on the way, % of interviewed",
            barmode="group",
            yaxis=count_axis("% of interviewed", [y for trace in fig.data for y in trace.y]),
        )
    )
    interviewed = sum(s["survey"]["interviews"] for s in c.sides)
    return Chart(
        "incidents",
        "Risks on the way (flow monitoring survey)",
        header,
        rows,
        json.loads(fig.to_json()),
        "Sampled interviews at the scope's monitoring points; a respondent may report several incidents.",
        "" if interviewed else "No survey interviews at these monitoring points in this period.",
        shares=Chart.paired(len(c.sides)),
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
    labels = [BAND_LABELS[b] for b in bands]
    fig = go.Figure(
        [
            go.Bar(
                name="Male",
                y=labels,
                x=[-n for n in male],
                orientation="h",
                marker_color="#2f6db8",
                customdata=male,
                hovertemplate="Male %{y}: %{customdata}<extra></extra>",
            ),
            go.Bar(
                name="Female",
                y=labels,
                x=female,
                orientation="h",
                marker_color="#b83b3b",
                hovertemplate="Female %{y}: %{x}<extra></extra>",
            ),
        ]
    )
    fig.update_layout(
        **_layout(
            f"Age-sex pyramid: {side['scope'].label}",
            barmode="relative",
            bargap=0.1,
            xaxis={"title": {"text": "persons (male left, female right)"}, **_symmetric_ticks(male + female)},
        )
    )
    rows = [[label, m, f] for label, m, f in zip(labels, male, female, strict=True)]
    return Chart(
        f"pyramid{index}",
        f"Age-sex pyramid: {side['scope'].label}",
        ["Age band", "Male", "Female"],
        rows,
        json.loads(fig.to_json()),
    )

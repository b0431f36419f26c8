"""Figures of the detention pages, as plain plotly data; each is drawn beside the table it comes from."""

import datetime

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from mixedflows.core.charts import count_axis, date_axis

COLOURS = {"met": "#2f8f5b", "partly": "#d9822b", "not_met": "#b42318", "not_observed": "#98a2b3"}


def _layout(title: str, **extra) -> dict:
    return {
        "title": {"text": title},
        "margin": {"l": 60, "r": 20, "t": 50, "b": 60},
        "height": 340,
        "font": {"family": "system-ui, sans-serif", "size": 12},
        "legend": {"orientation": "h", "y": -0.25},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        **extra,
    }


def occupancy(visits, capacity: int) -> dict:
    dates = [v.started_at.date() for v in visits]
    days = [d.isoformat() for d in dates]
    return {
        "data": [
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": _("held (observed, else reported)"),
                "x": days,
                "y": [v.held for v in visits],
                "line": {"color": "#1f5fa8"},
            },
            {
                "type": "scatter",
                "mode": "lines",
                "name": _("official capacity"),
                "x": days,
                "y": [capacity] * len(days),
                "line": {"color": "#b42318", "dash": "dash"},
            },
        ],
        "layout": _layout(
            _("Occupancy against capacity"),
            xaxis=date_axis(dates),
            yaxis=count_axis("", [*(v.held for v in visits), capacity], whole=True),
        ),
    }


def stacked_bars(
    title: str, categories: list[str], series: dict[str, list[int]], labels: dict[str, str]
) -> dict:
    return {
        "data": [
            {
                "type": "bar",
                "name": labels[key],
                "x": categories,
                "y": values,
                "marker": {"color": COLOURS.get(key)},
            }
            for key, values in series.items()
        ],
        "layout": _layout(
            title,
            barmode="stack",
            yaxis=count_axis("", [sum(col) for col in zip(*series.values(), strict=True)]),
        ),
    }


def bars(title: str, categories: list[str], values: list, name: str, *, whole: bool = False) -> dict:
    return {
        "data": [{"type": "bar", "name": name, "x": categories, "y": values, "marker": {"color": "#1f5fa8"}}],
        # Categories as written ("September 2026"): plotly would read "2026-09" as a date and tick it by fortnight.
        "layout": _layout(title, xaxis={"type": "category"}, yaxis=count_axis("", values, whole=whole)),
    }


def month_label(month: str) -> str:
    """ "2026-09" as a tick reads: "September 2026", the month named in the user's language."""
    year, number = month.split("-")
    return date_format(datetime.date(int(year), int(number), 1), "F Y")

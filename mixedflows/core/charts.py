"""Charts drawn with plotly.js served from the plotly wheel (sites are offline: no CDN)."""

import datetime
from collections.abc import Iterable
from functools import wraps
from pathlib import Path

import plotly
from django.conf import settings
from django.http import FileResponse
from django.utils.csp import CSP


def plotly_styles(view):
    """plotly.js positions chart text with style attributes: allow inline styles (never scripts) on chart pages."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response._csp_config = {**settings.SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}
        return response

    return wrapper


def plotly_js(request):
    """plotly.js as shipped in the plotly wheel: served from here, never from a CDN."""
    path = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    response = FileResponse(path.open("rb"), content_type="text/javascript")
    response["Cache-Control"] = "max-age=86400"
    return response


def count_axis(title: str = "", values: Iterable = (), *, whole: bool = False, **extra) -> dict:
    """An axis of counts (`whole`) or shares (percent) that starts at zero and never goes below it, even when
    every value is zero (plotly's autorange would draw -1 to 1 for an empty series); a few whole counts get whole
    ticks."""
    top = max((v for v in values if v is not None), default=0)
    axis: dict = {"title": {"text": title}, "rangemode": "tozero"}
    if top <= 0:
        axis |= {
            "range": [0, 1] if whole else [0, 100],
            "rangemode": "nonnegative",
            "dtick": 1 if whole else 25,
        }
    elif whole and top < 6:
        axis["dtick"] = 1
    # Its own ticks, also as a second axis (plotly would otherwise align them to the first's: "3.33", "6.67").
    axis["tickmode"] = "linear" if "dtick" in axis else "auto"
    return axis | extra


def date_label(day: datetime.date, grain: str = "day") -> str:
    """A date as a tick reads: "Sep 6, 2026" (a month: "Sep 2026")."""
    return f"{day:%b %Y}" if grain == "month" else f"{day:%b} {day.day}, {day.year}"


def date_axis(days: list[datetime.date], grain: str = "day", *, most: int = 12, **extra) -> dict:
    """An axis of dates whose ticks read as dates on one line ("Sep 6, 2026"), never plotly's own two-line
    labels ("Sep 6" over "2026", read out as "Sep 62026"); at most `most` ticks, on the data's own dates."""
    ordered = sorted(set(days))
    step = max(1, -(-len(ordered) // most))
    ticks = ordered[::step]
    return {
        "type": "date",
        "tickmode": "array",
        "tickvals": [d.isoformat() for d in ticks],
        "ticktext": [date_label(d, grain) for d in ticks],
        "hoverformat": "%b %Y" if grain == "month" else "%b %-d, %Y",
        **extra,
    }

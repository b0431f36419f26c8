"""What the comparison page's charts share: their labels, the Chart and Comparison they fill, layout helpers."""

import datetime
from dataclasses import dataclass, field

from django.utils import formats
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from mixedflows.flows.analytics import Scope, isolated
from mixedflows.flows.survey import CHOICES

REASON_LABELS = dict(CHOICES["reasons"])
COLOURS = ["#1f5fa8", "#d9822b", "#2f8f5b", "#a23b72", "#6c757d"]
SEX_LABELS = {
    "F": gettext_noop("Female"),
    "M": gettext_noop("Male"),
    "X": gettext_noop("Other"),
    "": gettext_noop("Not known"),
}
# Shares: "%" here is a percent sign, not a placeholder.
# xgettext:no-python-format
OF_SCREENED = gettext_noop("% of screened")
# xgettext:no-python-format
OF_ARRIVALS = gettext_noop("% of arrivals")
# xgettext:no-python-format
OF_INTERVIEWED = gettext_noop("% of interviewed")
# xgettext:no-python-format
CATEGORIES_TITLE = gettext_noop("Profile categories, % of screened persons")
# xgettext:no-python-format
INCIDENTS_TITLE = gettext_noop("Incidents on the way, % of interviewed")
INCIDENT_LABELS = {
    "violence": gettext_noop("Violence"),
    "detention": gettext_noop("Detention"),
    "kidnapping": gettext_noop("Kidnapping"),
    "extortion": gettext_noop("Extortion"),
}


@dataclass
class Chart:
    slug: str
    title: str
    header: list[str]  # the CSV download's columns: English, whatever the reader's language (a data contract)
    rows: list[list]
    figure: dict  # plotly figure as plain data
    note: str = ""
    empty: str = ""  # said instead of an empty chart
    shares: dict[int, int] = field(default_factory=dict)  # column of a share -> column of its count
    labels: list[str] = field(
        default_factory=list
    )  # the header as the page shows it, in the reader's language

    def __post_init__(self):
        self.labels = self.labels or list(self.header)

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


def _columns(first: str, sides: list[dict], *names: str) -> tuple[list[str], list[str]]:
    """The header of a chart's table: (in English for the CSV, in the reader's language for the page).

    `first` and `names` are marked with gettext_noop; a side's column reads "<scope>: <name>"."""
    english = [first] + [f"{s['scope'].label}: {name}" for s in sides for name in names]
    shown = [_(first)] + [
        _("%(scope)s: %(column)s") % {"scope": isolated(s["scope"].label), "column": _(name)}
        for s in sides
        for name in names
    ]
    return english, shown


def _date_ticks(axis: dict, grain: str) -> dict:
    """Tick labels in the reader's language: "mai 2026", "مايو 2026" (the dates stay the axis's values); in English
    the shared chart style's own ("Sep 2026", "Sep 6, 2026")."""
    if (get_language() or "en").startswith("en"):
        return axis
    days = [datetime.date.fromisoformat(v) for v in axis["tickvals"]]
    fmt = "YEAR_MONTH_FORMAT" if grain == "month" else "DATE_FORMAT"
    return axis | {"ticktext": [isolated(formats.date_format(d, fmt)) for d in days]}


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

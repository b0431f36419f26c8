"""The donor report of a project for a period: each indicator's value against its target, one table per
disaggregation and the cross of the first two, a chart; as a page (inside the agency, exact), and as XLSX and PDF
(leaving the agency: cells under the threshold suppressed, with the secondary suppression that keeps them from
being recomputed from the totals, by flows' disclosure control in `lib.disclosure`)."""

import datetime
import io
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference

from mixedflows.core import indicators
from mixedflows.core.project_models import Project
from mixedflows.core.project_selectors import IndicatorValue
from mixedflows.lib import disclosure
from mixedflows.lib.cells import neutralise
from mixedflows.lib.pdf import render_pdf

SUPPRESSED = "<5"  # what a reader sees in a suppressed cell (with the threshold of lib.disclosure)
COUNT = "n"


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list]  # cells: int, or SUPPRESSED


@dataclass
class IndicatorReport:
    value: IndicatorValue
    total: int | str | None
    tables: list[Table] = field(default_factory=list)


def _cell(table: disclosure.ProtectedTable | None, row: str, col: str, exact: int) -> int | str:
    if table is None:
        return exact
    shown = table.published(row, col)
    return SUPPRESSED if shown is None else shown


def _tables(value: IndicatorValue, *, protect: bool) -> tuple[int | str | None, list[Table]]:
    breakdown = value.breakdown
    if breakdown is None:
        return None, []
    tables = []
    total: int | str = breakdown.total
    for dimension, pairs in breakdown.by.items():
        labels = [label for label, _n in pairs]
        counts = {(label, COUNT): n for label, n in pairs}
        protected = disclosure.protect(labels, [COUNT], counts) if protect else None
        rows = [[label, _cell(protected, label, COUNT, n)] for label, n in pairs]
        rows.append([_("Total"), _cell(protected, disclosure.TOTAL, COUNT, breakdown.total)])
        tables.append(
            Table(
                indicators.dimension_label(dimension),
                [indicators.dimension_label(dimension), _("Value")],
                rows,
            )
        )
        if protected is not None and (disclosure.TOTAL, COUNT) in protected.suppressed:
            total = SUPPRESSED
    if breakdown.cross_dimensions:
        first, second = breakdown.cross_dimensions
        row_values = sorted({r for r, _c in breakdown.cross})
        col_values = sorted({c for _r, c in breakdown.cross})
        protected = disclosure.protect(row_values, col_values, breakdown.cross) if protect else None
        rows = [
            [r, *(_cell(protected, r, c, breakdown.cross.get((r, c), 0)) for c in col_values)]
            for r in row_values
        ]
        title = _("%(first)s by %(second)s") % {
            "first": indicators.dimension_label(first),
            "second": indicators.dimension_label(second),
        }
        tables.append(Table(title, [indicators.dimension_label(first), *col_values], rows))
    if protect and not breakdown.by and 0 < breakdown.total < disclosure.DEFAULT_THRESHOLD:
        total = SUPPRESSED
    return total, tables


def build(values: list[IndicatorValue], *, protect: bool) -> list[IndicatorReport]:
    out = []
    for value in values:
        total, tables = _tables(value, protect=protect)
        out.append(IndicatorReport(value=value, total=total, tables=tables))
    return out


def chart_svg(reports: list[IndicatorReport]) -> str:
    """Horizontal bars: each indicator's value as a share of its target (a suppressed value is not drawn)."""
    bar_h, gap, label_w, width = 18, 10, 190, 520
    rows = [r for r in reports if r.value.indicator.target]
    height = max(1, len(rows)) * (bar_h + gap) + 30
    title = escape(_("Progress towards the targets"))
    caption = escape(_("share of the target reached in the period"))
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{title}" font-size="10" font-family="sans-serif">'
    ]
    scale = width - label_w - 60
    for i, r in enumerate(rows):
        y = 10 + i * (bar_h + gap)
        target = float(r.value.indicator.target or 0)
        shown = r.total if isinstance(r.total, int) else None
        share = min(1.5, shown / target) if shown is not None and target else 0
        parts.append(f'<text x="0" y="{y + 13}">{escape(r.value.indicator.code)}</text>')
        parts.append(f'<rect x="{label_w}" y="{y}" width="{scale}" height="{bar_h}" fill="#e5e7eb"/>')
        parts.append(
            f'<rect x="{label_w}" y="{y}" width="{int(scale * min(share, 1))}" height="{bar_h}" fill="#1d4ed8"/>'
        )
        text = f"{int(share * 100)} %" if shown is not None else SUPPRESSED
        parts.append(f'<text x="{label_w + scale + 6}" y="{y + 13}">{escape(text)}</text>')
    parts.append(f'<text x="{label_w}" y="{height - 6}" fill="#555">{caption}</text>')
    parts.append("</svg>")
    return "".join(parts)


def to_xlsx(
    project: Project, start: datetime.date, end: datetime.date, reports: list[IndicatorReport]
) -> bytes:
    book = Workbook()
    summary = book.worksheets[0]
    summary.title = _("Indicators")[:31]
    summary.append([neutralise(f"{project.code} {project.title}")])
    summary.append([_("Period"), start.isoformat(), end.isoformat()])
    summary.append([_("Small cells suppressed (%(mark)s): fewer than 5.") % {"mark": SUPPRESSED}])
    summary.append([])
    header_row = summary.max_row + 1
    summary.append(
        [_("Code"), _("Indicator"), _("Unit"), _("Baseline"), _("Target"), _("Value"), _("Counted from")]
    )
    for r in reports:
        i = r.value.indicator
        summary.append(
            [
                neutralise(i.code),
                neutralise(i.wording),
                neutralise(i.unit),
                float(i.baseline) if i.baseline is not None else None,
                float(i.target) if i.target is not None else None,
                r.total if r.total is not None else r.value.problem,
                str(r.value.counter.label) if r.value.counter else i.counter,
            ]
        )
    chart = BarChart()
    chart.type = "bar"
    chart.title = _("Value and target")
    data = Reference(summary, min_col=5, max_col=6, min_row=header_row, max_row=summary.max_row)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(summary, min_col=1, min_row=header_row + 1, max_row=summary.max_row))
    summary.add_chart(chart, "I2")
    for n, r in enumerate(reports, start=1):
        sheet = book.create_sheet(f"{n} {r.value.indicator.code}"[:31].replace("/", " "))
        sheet.append([neutralise(f"{r.value.indicator.code} {r.value.indicator.wording}")])
        for table in r.tables:
            sheet.append([])
            sheet.append([neutralise(table.title)])
            sheet.append([neutralise(h) for h in table.header])
            for row in table.rows:
                sheet.append([neutralise(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_pdf(context: dict) -> bytes:
    return render_pdf(render_to_string("cooperation/donor_report_pdf.html", context))

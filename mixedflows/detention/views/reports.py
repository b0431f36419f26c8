"""The visit report (PDF) and the reports across facilities."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from mixedflows.core.charts import plotly_styles
from mixedflows.core.roles import Perm
from mixedflows.core.web import get_or_404, requires
from mixedflows.detention import charts, reports, selectors
from mixedflows.detention.models import ConditionRating
from mixedflows.detention.services import reports as report_svc
from mixedflows.lib.cells import csv_text
from mixedflows.lib.codes import country_name
from mixedflows.lib.pdf import render_pdf


@requires(Perm.VIEW_DETENTION)
def visit_report(request, uuid):
    """The visit report: facility, team, conditions, findings, recommendations. Detainees' personal data
    only in the internal version, for the owning agency's monitors."""
    visit = get_or_404(selectors.visit_for, user=request.user, uuid=uuid)
    internal = request.GET.get("internal") == "1"
    own = visit.organisation_id == request.user.organisation.pk
    if internal and not (own and request.user.can(Perm.MONITOR_DETENTION)):
        raise PermissionDenied(Perm.MONITOR_DETENTION)
    html = render_to_string(
        "detention/visit_report_pdf.html",
        {
            "visit": visit,
            "internal": internal,
            "rows": selectors.checklist_rows(visit),
            "findings": selectors.findings_of(user=request.user, visit=visit),
            "recommendations": selectors.recommendations_of(user=request.user, visit=visit),
            "checked": selectors.recommendations_to_check(user=request.user, visit=visit),
            "people": selectors.people_met_at(user=request.user, visit=visit) if internal else [],
            "generated_by": request.user,
        },
        request=request,
    )
    pdf = render_pdf(html)
    report_svc.visit_report_exported(actor=request.user, visit=visit, internal=internal)
    response = HttpResponse(pdf, content_type="application/pdf")
    kind = "internal" if internal else "report"
    response["Content-Disposition"] = f'attachment; filename="visit-{visit.started_at:%Y%m%d}-{kind}.pdf"'
    return response


@requires(Perm.VIEW_DETENTION)
@plotly_styles
def across_facilities(request):
    conditions = reports.conditions_by_standard(user=request.user)
    rating_labels = dict(ConditionRating.Rating.choices)
    followed = reports.recommendations_followed_up(user=request.user)
    table = reports.children_table(user=request.user)
    grid = table.grid()
    return render(
        request,
        "detention/reports.html",
        {
            "conditions": conditions,
            "rating_labels": [rating_labels[r] for r in reports.RATINGS],
            "conditions_chart": charts.stacked_bars(
                _("Conditions by standard"),
                [row["label"] for row in conditions["rows"]],
                {r: [row["counts"][i] for row in conditions["rows"]] for i, r in enumerate(reports.RATINGS)},
                rating_labels,
            ),
            "followed": followed,
            "followed_chart": charts.bars(
                _("Recommendations implemented within 90 days (%)"),
                [str(row["facility"]) for row in followed],
                [row["share"] for row in followed],
                _("share implemented within 90 days"),
            ),
            "children_header": [_("Month")]
            + [country_name(c) if c != "Total" else _("Total") for c in grid[0][1:]],
            "children_rows": grid[1:],
            "children_chart": charts.bars(
                _("Children in detention by month"),
                [charts.month_label(row[0]) for row in grid[1:-1]],
                [row[-1] for row in grid[1:-1]],
                _("children (suppressed months left out)"),
                whole=True,
            ),
            "suppressed": len(table.suppressed),
            "follow_up_days": reports.FOLLOW_UP_DAYS,
        },
    )


@requires(Perm.VIEW_DETENTION)
def children_csv(request):
    """The published table: children in detention by month and country, after disclosure control."""
    grid = reports.children_table(user=request.user).grid()
    text = csv_text([["month", *grid[0][1:]], *(["" if v is None else v for v in row] for row in grid[1:])])
    report_svc.children_table_exported(actor=request.user)
    response = HttpResponse(text, content_type="text/csv")
    response["Content-Disposition"] = 'attachment; filename="children-in-detention-by-month.csv"'
    return response

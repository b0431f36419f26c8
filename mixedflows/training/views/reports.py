"""The annual report: officials trained by institution, country, topic and sex; knowledge gain; cascades."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from mixedflows.core.roles import Perm
from mixedflows.core.web import requires
from mixedflows.training import reports
from mixedflows.training.models import Sex
from mixedflows.training.services.reports import report_exported


def _year(request, years: list[int]) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = 0
    if year in years:
        return year
    return years[0] if years else timezone.localdate().year


@requires(Perm.VIEW_TRAINING)
def annual(request):
    years = reports.years(user=request.user)
    year = _year(request, years)
    events, overall = reports.knowledge_gain(user=request.user, year=year)
    return render(
        request,
        "training/reports.html",
        {
            "year": year,
            "years": years,
            "sexes": Sex.choices,
            "tables": reports.officials_trained(user=request.user, year=year),
            "by_year": reports.officials_by_year(user=request.user),
            "gains": events,
            "overall": overall,
            "cascade": reports.cascades(user=request.user, year=year),
        },
    )


@requires(Perm.VIEW_TRAINING)
def annual_xlsx(request):
    year = _year(request, reports.years(user=request.user))
    content = reports.workbook(user=request.user, year=year)
    report_exported(actor=request.user, year=year)
    response = HttpResponse(
        content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="training-report-{year}.xlsx"'
    return response

"""Project pages (core's project register, read through core's selectors and written by core's services) and the
donor report."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mixedflows.cooperation import report
from mixedflows.cooperation.forms import IndicatorForm, PeriodForm, ProjectForm
from mixedflows.cooperation.services.reports import donor_report_exported
from mixedflows.core import project_selectors as selectors
from mixedflows.core.project_models import Project
from mixedflows.core.roles import Perm
from mixedflows.core.services.projects import indicator_add, project_create
from mixedflows.core.web import get_or_404, requires, run_service, submit


def projects(request):
    return render(
        request,
        "cooperation/projects.html",
        {
            "projects": selectors.projects_visible(user=request.user),
            "can_manage": request.user.can(Perm.MANAGE_PROJECTS),
        },
    )


@requires(Perm.MANAGE_PROJECTS)
def project_new(request):
    form = ProjectForm(request.POST or None)
    if done := submit(
        request,
        form,
        lambda data: project_create(actor=request.user, **data),
        success=_("Project saved."),
        then=lambda project: redirect("cooperation:project", uuid=project.uuid),
    ):
        return done
    return render(request, "cooperation/form.html", {"form": form, "title": _("New project")})


def _period(request, project: Project) -> tuple[PeriodForm, datetime.date, datetime.date]:
    today = timezone.localdate()
    default_end = min(project.ends_on, today) if project.starts_on <= today else project.ends_on
    form = PeriodForm(request.GET or None, initial={"start": project.starts_on, "end": default_end})
    if request.GET and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, project.starts_on, default_end


def _project_page(request, project: Project, period: PeriodForm, start, end, status: int = 200):
    values = selectors.project_values(user=request.user, project=project, start=start, end=end)
    reports = report.build(values, protect=False)
    return render(
        request,
        "cooperation/project.html",
        {
            "project": project,
            "period": period,
            "start": start,
            "end": end,
            "reports": reports,
            "chart": report.chart_svg(reports),
            "is_implementer": project.organisation_id == request.user.organisation.pk,
            "can_manage": request.user.can(Perm.MANAGE_PROJECTS),
        },
        status=status,
    )


def project_detail(request, uuid):
    project = get_or_404(selectors.project_for, user=request.user, uuid=uuid)
    period, start, end = _period(request, project)
    return _project_page(request, project, period, start, end, status=422 if period.errors else 200)


@requires(Perm.MANAGE_PROJECTS)
def indicator_new(request, uuid):
    project = get_or_404(selectors.project_for, user=request.user, uuid=uuid)
    form = IndicatorForm(request.POST or None)
    if done := submit(
        request,
        form,
        lambda data: indicator_add(actor=request.user, project=project, **data),
        success=_("Indicator added."),
        then=lambda indicator: redirect("cooperation:project", uuid=project.uuid),
    ):
        return done
    return render(
        request,
        "cooperation/form.html",
        {
            "form": form,
            "title": _("New indicator of %(project)s") % {"project": project.code},
            "project": project,
        },
    )


def _donor_report(request, uuid, file_format: str) -> HttpResponse:
    project = get_or_404(selectors.project_for, user=request.user, uuid=uuid)
    if not request.user.can(Perm.MANAGE_PROJECTS):
        raise PermissionDenied(Perm.MANAGE_PROJECTS)
    period, start, end = _period(request, project)
    if (
        period.errors
    ):  # a period asked for and not understood (ends before it starts): no report of another one
        messages.error(request, _("No donor report was produced: correct the period."))
        return _project_page(request, project, period, start, end, status=422)
    values = selectors.project_values(user=request.user, project=project, start=start, end=end)
    reports = report.build(values, protect=True)  # it leaves the agency: small cells suppressed
    if (
        run_service(
            request,
            None,
            lambda: donor_report_exported(
                actor=request.user, project=project, start=start, end=end, file_format=file_format
            ),
        )
        is None
    ):
        return redirect("cooperation:project", uuid=project.uuid)
    name = f"{slugify(project.code)}-{start:%Y%m%d}-{end:%Y%m%d}.{file_format}"
    if file_format == "xlsx":
        content = report.to_xlsx(project, start, end, reports)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content = report.to_pdf(
            {
                "project": project,
                "start": start,
                "end": end,
                "reports": reports,
                "chart": report.chart_svg(reports),
                "suppressed": report.SUPPRESSED,
                "generated_by": request.user,
            }
        )
        content_type = "application/pdf"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


def donor_report_xlsx(request, uuid):
    return _donor_report(request, uuid, "xlsx")


def donor_report_pdf(request, uuid):
    return _donor_report(request, uuid, "pdf")

"""HTML views of flow monitoring: points and their registry, routes, the comparison page, snapshots."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mixedflows.core.charts import plotly_js, plotly_styles  # noqa: F401 - plotly_js is routed in flows.urls
from mixedflows.core.mfa import recent_mfa_required
from mixedflows.core.models import Job, JobKind, Site
from mixedflows.core.roles import Perm
from mixedflows.core.tasks import job_start
from mixedflows.core.web import add_service_errors, get_or_404, requires
from mixedflows.flows import analytics, dashboard, downloads, selectors, services
from mixedflows.flows.forms import CompareForm, ObservationForm, PointForm, RouteForm
from mixedflows.flows.snapshot import current_snapshot
from mixedflows.flows.tasks import snapshot_refresh


@requires(Perm.RECORD_FLOWS)
def point_list(request):
    return render(request, "flows/point_list.html", {"points": selectors.points_for(user=request.user)})


@requires(Perm.RECORD_FLOWS)
def point_new(request):
    sites = Site.objects.of_organisation(request.user.organisation)
    form = PointForm(request.POST or None, sites=sites)
    if request.method == "POST" and form.is_valid():
        try:
            point = services.point_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Monitoring point “%(name)s” created.") % {"name": point.name})
            return redirect("flows:point", uuid=point.uuid)
    return render(request, "flows/point_form.html", {"form": form})


STICKY = (
    "date",
    "direction",
    "movement",
    "nationality",
    "previous_place",
    "next_place",
    "final_destination",
    "transport",
)


@requires(Perm.RECORD_FLOWS)
def point_detail(request, uuid):
    """The daily registry of one point: an entry form that keeps the group's context for the next row."""
    point = get_or_404(selectors.point_for, user=request.user, uuid=uuid)
    initial = {"date": timezone.localdate(), "direction": (point.directions or [""])[0]}
    form = ObservationForm(request.POST or None, point=point, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = services.ObservationInput(**{k: form.cleaned_data[k] for k in STICKY}, counts=form.counts())
        try:
            row = services.observation_record(actor=request.user, point=point, data=data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "Saved: %(count)d person seen (%(direction)s, %(movement)s).",
                    "Saved: %(count)d people seen (%(direction)s, %(movement)s).",
                    row.total,
                )
                % {
                    "count": row.total,
                    "direction": str(row.get_direction_display()).lower(),
                    "movement": row.movement_short.lower(),
                },
            )
            keep = {k: request.POST[k] for k in STICKY if request.POST.get(k)}
            return redirect(f"{request.path}?{urlencode(keep)}")
    elif request.method == "GET" and request.GET:
        form = ObservationForm(
            point=point, initial={**initial, **{k: request.GET[k] for k in STICKY if k in request.GET}}
        )
        form.focus_counts()  # the group's context is kept: the next thing to type is the counts
    return render(
        request,
        "flows/point_detail.html",
        {"point": point, "form": form, "rows": selectors.recent_observations(user=request.user, point=point)},
    )


@requires(Perm.VIEW_FLOWS)
def route_list(request):
    org = request.user.organisation
    form = RouteForm(
        request.POST or None,
        points=selectors.points_for(user=request.user),
        sites=Site.objects.of_organisation(org),
    )
    if request.method == "POST" and form.is_valid():
        try:
            route = services.route_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Route “%(name)s” defined.") % {"name": route.name})
            return redirect("flows:route", uuid=route.uuid)
    return render(
        request, "flows/route_list.html", {"routes": selectors.routes_for(user=request.user), "form": form}
    )


@requires(Perm.VIEW_FLOWS)
def route_detail(request, uuid):
    route = get_or_404(selectors.route_for, user=request.user, uuid=uuid)
    return render(request, "flows/route_detail.html", {"route": route})


def _comparison(request):
    scopes = selectors.scope_choices(user=request.user)
    form = CompareForm(request.GET or None, scopes=scopes)
    snapshot = current_snapshot()
    if not (request.GET and form.is_valid() and snapshot):
        return form, snapshot, None
    keys = [k for k in (form.cleaned_data["a"], form.cleaned_data["b"]) if k]
    chosen = [selectors.scope_from_key(user=request.user, key=k) for k in keys]
    if any(s is None for s in chosen):
        raise Http404("Not found")
    start, end = form.period()
    con = analytics.connect(snapshot.directory)
    try:
        result = dashboard.compare(
            con,
            org=request.user.organisation.pk,
            scopes=chosen,
            start=start,
            end=end,
            grain=form.cleaned_data["grain"] or "month",
        )
    finally:
        con.close()
    return form, snapshot, result


@requires(Perm.VIEW_FLOWS)
@plotly_styles
def compare(request):
    form, snapshot, result = _comparison(request)
    job = Job.objects.filter(
        kind=JobKind.FLOWS_SNAPSHOT,
        organisation=request.user.organisation,
        status__in=[Job.Status.QUEUED, Job.Status.RUNNING],
    ).first()
    return render(
        request,
        "flows/compare.html",
        {
            "form": form,
            "snapshot": snapshot,
            "result": result,
            "job": job,
            "query": request.GET.urlencode(),
            "movements": selectors.movements_by_side(
                user=request.user, start=result.start, end=result.end, scopes=result.scopes
            )
            if result
            else None,
        },
    )


@requires(Perm.VIEW_FLOWS)
@recent_mfa_required
def chart_download(request, slug):
    """A chart's table as CSV, after disclosure control, audited: it leaves the system."""
    form, _snapshot, result = _comparison(request)
    chart = next((c for c in (result.charts if result else []) if c.slug == slug), None)
    if chart is None:
        raise Http404("Not found")
    text = downloads.chart_export(
        actor=request.user,
        chart=chart,
        scopes=[k for k in (form.cleaned_data["a"], form.cleaned_data["b"]) if k],
        start=result.start,
        end=result.end,
    )
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="flows-{slug}.csv"'
    return response


@require_POST
@requires(Perm.VIEW_FLOWS)
def snapshot_refresh_view(request):
    job = job_start(actor=request.user, kind=JobKind.FLOWS_SNAPSHOT)
    snapshot_refresh.enqueue(job_uuid=str(job.uuid))
    messages.success(
        request, _("Snapshot refresh queued: the pages keep using the current one until it is ready.")
    )
    return redirect(request.POST.get("next") or "flows:compare")

"""Facilities: the dashboard with its alerts, a facility's page, its people and their detention."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mixedflows.core.charts import plotly_styles
from mixedflows.core.roles import Perm
from mixedflows.core.web import add_service_errors, get_or_404, requires
from mixedflows.detention import charts, selectors
from mixedflows.detention.forms import DetentionEndForm, FacilityForm
from mixedflows.detention.models import Detention
from mixedflows.detention.services.facilities import FACILITY_FIELDS, facility_save
from mixedflows.detention.services.people import detention_end as end_detention
from mixedflows.people.selectors import person_for


@requires(Perm.VIEW_DETENTION)
def dashboard(request):
    return render(
        request,
        "detention/dashboard.html",
        {
            "facilities": selectors.facilities_for(user=request.user),
            "alerts": selectors.alerts_for(user=request.user),
            "can_monitor": request.user.can(Perm.MONITOR_DETENTION),
        },
    )


def _facility_form(request, facility=None):
    form = FacilityForm(
        request.POST or None,
        user=request.user,
        initial={"site": facility.site, **{f: getattr(facility, f) for f in FACILITY_FIELDS}}
        if facility
        else None,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            facility = facility_save(actor=request.user, facility=facility, **data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Facility saved."))
            return redirect("detention:facility", uuid=facility.uuid)
    return render(
        request, "detention/form.html", {"form": form, "title": _("Detention facility"), "back": facility}
    )


@requires(Perm.MONITOR_DETENTION)
def facility_new(request):
    return _facility_form(request)


@requires(Perm.MONITOR_DETENTION)
def facility_edit(request, uuid):
    return _facility_form(request, get_or_404(selectors.own_facility_for, user=request.user, uuid=uuid))


@requires(Perm.VIEW_DETENTION)
@plotly_styles
def facility_detail(request, uuid):
    facility = get_or_404(selectors.facility_for, user=request.user, uuid=uuid)
    own = facility.organisation_id == request.user.organisation.pk
    visits, conditions = selectors.conditions_history(user=request.user, facility=facility)
    return render(
        request,
        "detention/facility.html",
        {
            "facility": facility,
            "own": own,
            "can_monitor": own and request.user.can(Perm.MONITOR_DETENTION),
            "visits": visits,
            "conditions": conditions,
            "occupancy": charts.occupancy(visits, facility.capacity),
            "pending": selectors.pending_recommendations(user=request.user, facility=facility),
            "lengths": selectors.detention_lengths(user=request.user, facility=facility),
            "detentions": selectors.detentions_at(user=request.user, facility=facility),
            "end_form": DetentionEndForm(),
        },
    )


@require_POST
@requires(Perm.MONITOR_DETENTION)
def detention_end(request, uuid):
    detention = get_or_404(selectors.detention_for, user=request.user, uuid=uuid)
    form = DetentionEndForm(request.POST)
    if form.is_valid():
        try:
            end_detention(actor=request.user, detention=detention, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Release or transfer recorded."))
    else:
        messages.error(request, _("Give the date and how the detention ended."))
    return redirect("detention:facility", uuid=detention.facility.uuid)


@requires(Perm.MONITOR_DETENTION)
def person_panel(request, uuid):
    """The person page's detention panel: where and how long the person is or was held."""
    person = get_or_404(person_for, user=request.user, uuid=uuid)
    return render(
        request,
        "detention/person_panel.html",
        {
            "detentions": selectors.detentions_of_person(user=request.user, person=person),
            "ended": Detention.End,
        },
    )

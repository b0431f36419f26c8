"""Assisted voluntary return and reintegration: the return page with the next step's form, and the board."""

from django import forms
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mixedflows.cases import selectors
from mixedflows.cases.forms import (
    DecisionStepForm,
    PreDepartureForm,
    ReceptionForm,
    ReintegrationForm,
    ReturnStartForm,
    TravelForm,
    VisitForm,
)
from mixedflows.cases.models.returns import ReturnStage
from mixedflows.cases.services import returns as svc
from mixedflows.core.roles import Perm
from mixedflows.core.web import get_or_404, requires, submit
from mixedflows.lib.env import envint

# The step that follows each stage: (form, service, title).
NEXT_STEP = {
    None: (ReturnStartForm, svc.return_start, _("Informed about voluntary return")),
    ReturnStage.INFORMED: (DecisionStepForm, svc.return_decision, _("Voluntary decision")),
    ReturnStage.DECISION: (PreDepartureForm, svc.return_pre_departure, _("Pre-departure")),
    ReturnStage.PRE_DEPARTURE: (TravelForm, svc.return_travel, _("Travel")),
    ReturnStage.TRAVEL: (ReceptionForm, svc.return_reception, _("Reception after arrival")),
    ReturnStage.RECEPTION: (ReintegrationForm, svc.return_reintegration_plan, _("Reintegration plan")),
    ReturnStage.REINTEGRATION: (VisitForm, svc.monitoring_visit_record, _("Monitoring visit")),
    ReturnStage.MONITORING: (VisitForm, svc.monitoring_visit_record, _("Monitoring visit")),
}
# A return with no step forward (or visit) for this many days shows as stuck; `?days=` changes it on the page.
STUCK_DAYS = envint("MIXEDFLOWS_RETURN_STUCK_DAYS", 21)


def _initial(form_class):
    """Required dates start on today; times of travel start empty (a departure and an arrival both "now" is no
    journey)."""
    today = timezone.localdate()
    return {
        name: today
        for name, field in form_class.base_fields.items()
        if type(field) is forms.DateField and field.required and name not in form_class.start_empty
    }


@requires(Perm.VIEW_CASES)
def return_page(request, uuid):
    case = get_or_404(selectors.case_for, user=request.user, uuid=uuid)
    rc = selectors.return_for_case(user=request.user, case=case)
    form_class, service, title = NEXT_STEP[rc.stage if rc else None]
    form = form_class(
        request.POST or None, initial=_initial(form_class), return_case=rc, child=case.person.is_child
    )
    schedule = rc.schedule() if rc else []
    if form_class is VisitForm and all(row["visit"] for row in schedule):
        form, title = None, _("Monitoring complete")
    target = {"case": case} if rc is None else {"return_case": rc}
    if request.user.can(Perm.MANAGE_CASES) and (
        done := submit(
            request,
            form,
            lambda data: service(actor=request.user, **target, **data),
            success=gettext("%(step)s: saved.") % {"step": title},
            then=lambda _: redirect("cases:return", uuid=case.uuid),
        )
    ):
        return done
    return render(
        request,
        "cases/return.html",
        {
            "case": case,
            "rc": rc,
            "form": form,
            "title": title,
            "stages": ReturnStage.choices,
            "visits": rc.visits.select_related("visited_by") if rc else [],
            "sections": selectors.case_sections(user=request.user, case=case),
            "schedule": schedule,
            "can_manage": request.user.can(Perm.MANAGE_CASES) and not case.is_closed,
        },
    )


@requires(Perm.VIEW_CASES)
def returns_board(request):
    try:
        days = max(0, min(365, int(request.GET.get("days", STUCK_DAYS))))
    except ValueError:
        days = STUCK_DAYS
    return render(
        request,
        "cases/returns_board.html",
        {**selectors.returns_board(user=request.user, stuck_days=days), "case_base": reverse("cases:mine")},
    )

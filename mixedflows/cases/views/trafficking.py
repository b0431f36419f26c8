"""Identification of victims of trafficking (screening indicators, interview, determination, needs); HTCDS export."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mixedflows.cases import export, selectors
from mixedflows.cases.forms import (
    DeterminationForm,
    InterviewForm,
    ProtectionNeedForm,
    ScreeningIndicatorsForm,
)
from mixedflows.cases.services import trafficking as svc
from mixedflows.core.mfa import recent_mfa_required
from mixedflows.core.roles import Perm
from mixedflows.core.web import get_or_404, requires, run_service
from mixedflows.people.selectors import field_groups_for
from mixedflows.screening.outcome import visible_outcome


def _indicators_from_referral(user, case) -> list[str]:
    """The screening outcome the referral carried, as far as the groups shared with us show it."""
    referral, source = case.referral, case.source_person
    if not referral or not referral.screening or not source:
        return []
    outcome = visible_outcome(referral.screening, field_groups_for(user=user, person=source))
    return [code for code, _ in outcome.categories] if outcome else []


@requires(Perm.VIEW_SENSITIVE)
def identification(request, uuid):
    case = get_or_404(selectors.case_for, user=request.user, uuid=uuid)
    ident = getattr(case, "identification", None)
    step = request.POST.get("step", "")
    forms = {
        "screening": ScreeningIndicatorsForm(
            request.POST if step == "screening" else None,
            initial={"indicators": _indicators_from_referral(request.user, case)},
        ),
        "interview": InterviewForm(
            request.POST if step == "interview" else None,
            initial=InterviewForm.initial_from(ident)
            if ident and ident.interviewed_on
            else {"interviewed_on": timezone.localdate()},
        ),
        "determination": DeterminationForm(request.POST if step == "determination" else None),
        "need": ProtectionNeedForm(request.POST if step == "need" else None),
    }
    form = forms.get(step)
    if request.method == "POST" and form is not None and form.is_valid():
        data = form.cleaned_data
        calls = {
            "screening": lambda: svc.identification_start(
                actor=request.user, case=case, indicators=data["indicators"], note=data["note"]
            ),
            "interview": lambda: svc.identification_interview(
                actor=request.user, identification=ident, **data
            ),
            "determination": lambda: svc.identification_determine(
                actor=request.user, identification=ident, **data
            ),
            "need": lambda: svc.protection_need_set(actor=request.user, identification=ident, **data),
        }
        if (ident is None) != (step == "screening"):
            messages.error(request, _("Start with the screening indicators."))
        elif run_service(request, form, calls[step], success=_("Saved.")) is not None:
            return redirect("cases:identification", uuid=case.uuid)
    return render(
        request,
        "cases/identification.html",
        {
            "case": case,
            "ident": ident,
            "forms": forms,
            "needs": ident.needs.select_related("responsible_organisation") if ident else [],
            # A saved interview is shown as read; its form comes back only when asked for (or to show errors).
            "replacing_interview": request.GET.get("replace") == "interview" or step == "interview",
        },
    )


@require_POST
@requires(Perm.APPROVE_CASES)
@recent_mfa_required
def export_htcds(request):
    """Identified victims in HTCDS 2.0, k-anonymous, as CSV. POSTed: an export is an audited act, not a link."""
    text, protected = svc.identified_victims_export(actor=request.user)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["X-Records-Dropped"] = str(protected.dropped)
    response["Content-Disposition"] = f'attachment; filename="{export.export_filename()}"'
    return response

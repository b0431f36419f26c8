"""Standard operating procedures, their steps, and the panel a referral's page loads to show the step it follows."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mixedflows.cooperation import selectors
from mixedflows.cooperation.forms import SopForm, SopStepForm
from mixedflows.cooperation.services import sops as services
from mixedflows.core.models import Organisation
from mixedflows.core.roles import Perm
from mixedflows.core.web import get_or_404, requires, submit


def sops(request):
    return render(
        request,
        "cooperation/sops.html",
        {
            "sops": selectors.sops_visible(user=request.user),
            "can_coordinate": request.user.can(Perm.COORDINATE),
        },
    )


@requires(Perm.COORDINATE)
def sop_new(request):
    form = SopForm(request.POST or None, request.FILES or None)
    if done := submit(
        request,
        form,
        lambda data: services.sop_create(actor=request.user, **data),
        success=_("Procedure saved."),
        then=lambda sop: redirect("cooperation:sop", uuid=sop.uuid),
    ):
        return done
    return render(
        request,
        "cooperation/form.html",
        {"form": form, "title": _("New standard operating procedure"), "multipart": True},
    )


def sop_detail(request, uuid, *, step_form=None):
    sop = get_or_404(selectors.sop_for, user=request.user, uuid=uuid)
    return render(
        request,
        "cooperation/sop.html",
        {
            "sop": sop,
            "steps": selectors.steps_of(user=request.user, sop=sop),
            "step_form": step_form or SopStepForm(sop=sop),
            "can_edit": request.user.can(Perm.COORDINATE)
            and sop.organisation_id == request.user.organisation.pk,
        },
        status=422 if step_form else 200,
    )


@require_POST
@requires(Perm.COORDINATE)
def sop_step_add(request, uuid):
    sop = get_or_404(selectors.sop_for, user=request.user, uuid=uuid)
    form = SopStepForm(request.POST, sop=sop)
    if done := submit(
        request,
        form,
        lambda data: services.sop_step_add(actor=request.user, sop=sop, **data),
        success=_("Step added."),
        then=lambda _s: redirect("cooperation:sop", uuid=sop.uuid),
    ):
        return done
    return sop_detail(request, uuid, step_form=form)


def referral_panel(request):
    """The SOP steps a referral follows. The referral's page loads this by URL with the service code and the two
    agencies' uuids (nothing personal), so neither app imports the other: cooperation sits beside referrals in
    DESIGN.md's order, and a referral step cannot point at an SOP step without an upward foreign key."""
    try:
        agencies = [Organisation.objects.get(uuid=request.GET[key]) for key in ("from", "to")]
    except (KeyError, ValueError, ValidationError, Organisation.DoesNotExist) as error:
        raise Http404("Not found") from error
    if request.user.organisation not in agencies:
        raise Http404("Not found")
    steps = selectors.steps_governing(
        user=request.user, service=request.GET.get("service", ""), agencies=agencies
    )
    return render(request, "cooperation/referral_panel.html", {"steps": steps})

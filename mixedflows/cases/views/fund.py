"""The emergency fund: budgets, requests and decisions."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mixedflows.cases import selectors
from mixedflows.cases.forms import DecisionForm, FundForm, FundRequestForm
from mixedflows.cases.models import FundRequest
from mixedflows.cases.services import fund as svc
from mixedflows.cases.views.common import back_to_case
from mixedflows.core.roles import Perm
from mixedflows.core.web import get_or_404, requires, run_service, submit


@requires(Perm.VIEW_CASES)
def funds(request):
    can_create = request.user.can(Perm.APPROVE_FUNDS)
    today = timezone.localdate()
    form = FundForm(
        request.POST or None,
        initial={
            "period_start": today.replace(month=1, day=1),
            "period_end": today.replace(month=12, day=31),
            "currency": selectors.usual_currency(user=request.user),
        },
    )
    if can_create and (
        done := submit(
            request,
            form,
            lambda data: svc.fund_create(actor=request.user, **data),
            success=_("Fund opened."),
            then=lambda _: redirect("cases:funds"),
        )
    ):
        return done
    return render(
        request,
        "cases/funds.html",
        {"funds": selectors.funds_of(user=request.user), "form": form if can_create else None},
    )


@requires(Perm.VIEW_CASES)
def fund_detail(request, uuid):
    fund = get_or_404(selectors.fund_for, user=request.user, uuid=uuid)
    requests = fund.requests.select_related("case", "requested_by").prefetch_related("decisions__by")[:200]
    return render(request, "cases/fund_detail.html", {"fund": fund, "requests": requests})


@requires(Perm.MANAGE_CASES)
def fund_request_new(request, uuid):
    case = get_or_404(selectors.case_for, user=request.user, uuid=uuid)
    funds = list(selectors.open_funds(user=request.user))
    form = FundRequestForm(
        request.POST or None, funds=funds, initial={"fund": str(funds[0].uuid)} if len(funds) == 1 else {}
    )
    if done := submit(
        request,
        form,
        lambda data: svc.fund_request_create(
            actor=request.user,
            case=case,
            fund=form.funds[data["fund"]],
            amount=data["amount"],
            purpose=data["purpose"],
            justification=data["justification"],
        ),
        success=_("Request sent for approval."),
        then=lambda _: back_to_case(case, "fund"),
    ):
        return done
    return render(
        request, "cases/form.html", {"case": case, "form": form, "title": _("Request emergency assistance")}
    )


@require_POST
@requires(Perm.VIEW_CASES)
def fund_request_decide(request, uuid):
    fund_request = get_or_404(selectors.fund_request_for, user=request.user, uuid=uuid)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose approve or refuse."))
    elif (
        run_service(
            request,
            None,
            lambda: svc.fund_request_decide(
                actor=request.user,
                request=fund_request,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
            ),
        )
        is not None
    ):
        fund_request.refresh_from_db()
        messages.success(
            request,
            {
                FundRequest.Status.APPROVED: _("Request approved."),
                FundRequest.Status.REFUSED: _("Request refused."),
                FundRequest.Status.AWAITING_FUND_MANAGER: _("Request awaiting the fund manager."),
            }.get(fund_request.status, _("Request awaiting the supervisor.")),
        )
    if request.POST.get("next") == "approvals":
        return redirect("cases:approvals")
    return back_to_case(fund_request.case, "fund")

"""The emergency fund: requests, one or two approvals, and a balance that stays right under concurrent approvals.

The fund row is locked (SELECT ... FOR UPDATE on PostgreSQL; SQLite's IMMEDIATE transactions serialise writers)
before the balance is checked and moved, so two approvals racing for the last euros cannot both pass. A check
constraint on the table refuses an overdrawn fund even if code forgot to look.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixedflows.cases.currency import is_currency
from mixedflows.cases.models import Case, Fund, FundDecision, FundRequest
from mixedflows.cases.services.common import require, require_editable, require_own
from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import User
from mixedflows.core.roles import Perm

R = FundRequest.Status


@transaction.atomic
def fund_create(
    *,
    actor: User,
    name: str,
    currency: str,
    period_start: datetime.date,
    period_end: datetime.date,
    budget: Decimal,
    fund_manager_threshold: Decimal,
) -> Fund:
    """A fund manager opens a budget line: an amount in one currency for one period."""
    require(actor, Perm.APPROVE_FUNDS)
    errors = {}
    currency = (currency or "").upper()
    if not name.strip():
        errors["name"] = _("Name the fund.")
    if not is_currency(currency):
        errors["currency"] = _("Unknown currency %(currency)r (ISO 4217, e.g. EUR).") % {"currency": currency}
    if period_end < period_start:
        errors["period_end"] = _("The period ends before it starts.")
    if budget <= 0:
        errors["budget"] = _("A budget is a positive amount.")
    if fund_manager_threshold < 0:
        errors["fund_manager_threshold"] = _("The threshold cannot be negative.")
    if errors:
        raise ValidationError(errors)
    fund = Fund.objects.create(
        organisation=actor.agency,
        name=name.strip(),
        currency=currency,
        period_start=period_start,
        period_end=period_end,
        budget=budget,
        fund_manager_threshold=fund_manager_threshold,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="fund",
        object_id=fund.uuid,
        fields=["name", "currency", "period_start", "period_end", "budget", "fund_manager_threshold"],
        detail={"budget": str(budget), "currency": currency},
    )
    return fund


@transaction.atomic
def fund_request_create(
    *, actor: User, case: Case, fund: Fund, amount: Decimal, purpose: str, justification: str
) -> FundRequest:
    """A caseworker asks for emergency assistance for a case."""
    require(actor, Perm.MANAGE_CASES)
    require_own(actor, case)
    require_own(actor, fund)
    require_editable(case)
    errors = {}
    if not isinstance(amount, Decimal) or amount <= 0:
        errors["amount"] = _("Ask for a positive amount.")
    elif amount > fund.remaining:
        errors["amount"] = _("Only %(remaining)s %(currency)s remain in %(fund)s.") % {
            "remaining": fund.remaining,
            "currency": fund.currency,
            "fund": fund.name,
        }
    if not purpose.strip():
        errors["purpose"] = _("Say what the money is for.")
    if not justification.strip():
        errors["justification"] = _("Justify the request.")
    today = timezone.localdate()
    if not fund.period_start <= today <= fund.period_end:
        errors["fund"] = _("%(fund)s runs from %(start)s to %(end)s.") % {
            "fund": fund.name,
            "start": fund.period_start,
            "end": fund.period_end,
        }
    if errors:
        raise ValidationError(errors)
    request = FundRequest.objects.create(
        organisation=case.organisation,
        case=case,
        fund=fund,
        amount=amount,
        purpose=purpose.strip(),
        justification=justification.strip(),
        needs_fund_manager=amount > fund.fund_manager_threshold,
        requested_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="fund_request",
        object_id=request.uuid,
        fields=["amount", "purpose", "justification"],
        detail={
            "case": str(case.uuid),
            "fund": str(fund.uuid),
            "amount": str(amount),
            "currency": fund.currency,
        },
    )
    return request


@transaction.atomic
def fund_request_decide(*, actor: User, request: FundRequest, approve: bool, reason: str = "") -> FundRequest:
    """Approve or refuse at the request's current step (supervisor, then fund manager above the threshold).

    Nobody decides on their own request, and the two approvals are by two people. An approval that would
    overdraw the fund is refused and changes nothing.
    """
    require_own(actor, request)
    request = FundRequest.objects.select_for_update().get(pk=request.pk)
    fund = Fund.objects.select_for_update().get(pk=request.fund_id)
    require_editable(request.case)
    if not request.is_open:
        raise ValidationError(
            _("This request is already approved.")
            if request.status == R.APPROVED
            else _("This request is already refused.")
        )
    step = FundDecision.Step.SUPERVISOR if request.status == R.PENDING else FundDecision.Step.FUND_MANAGER
    require(actor, Perm.APPROVE_CASES if step == FundDecision.Step.SUPERVISOR else Perm.APPROVE_FUNDS)
    if request.requested_by_id == actor.pk:
        raise PermissionDenied(_("Nobody approves their own request."))
    if request.decisions.filter(by=actor).exists():
        raise PermissionDenied(_("The second approval must come from another person."))
    if not approve and not reason.strip():
        raise ValidationError({"reason": _("Give the reason for refusing.")})
    final = not approve or step == FundDecision.Step.FUND_MANAGER or not request.needs_fund_manager
    if approve and request.amount > fund.remaining:
        raise ValidationError(
            {
                "amount": _(
                    "Approving would overdraw %(fund)s: %(remaining)s %(currency)s remain, "
                    "%(amount)s %(currency)s requested."
                )
                % {
                    "fund": fund.name,
                    "remaining": fund.remaining,
                    "currency": fund.currency,
                    "amount": request.amount,
                }
            }
        )
    if approve and final:
        fund.committed += request.amount
        fund.save(update_fields=["committed"])
    request.status = (R.APPROVED if final else R.AWAITING_FUND_MANAGER) if approve else R.REFUSED
    request.save(update_fields=["status"])
    FundDecision.objects.create(request=request, step=step, approved=approve, reason=reason.strip(), by=actor)
    audit_record(
        actor=actor,
        action=AuditAction.APPROVE if approve else AuditAction.REFUSE,
        object_type="fund_request",
        object_id=request.uuid,
        fields=["status"],
        detail={
            "step": step,
            "status": request.status,
            "amount": str(request.amount),
            "fund": str(fund.uuid),
            "fund_remaining": str(fund.remaining),
        },
    )
    return request

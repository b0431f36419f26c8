"""Assessment, case plan approval, services with costs, and the emergency fund (including two approvals racing)."""

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import OperationalError, connection
from django.utils import timezone

from mixedflows.cases.models import CasePlan, Fund, FundRequest
from mixedflows.cases.services import plan as plan_svc
from mixedflows.cases.services.fund import fund_request_create, fund_request_decide
from mixedflows.core.models import AuditEvent

TODAY = timezone.localdate


def test_assessment_records_factors_at_each_level_and_a_rating_with_reason(casework, open_case):
    case = open_case()
    a = plan_svc.assessment_record(
        actor=casework.carla,
        case=case,
        assessed_on=TODAY(),
        rating="high",
        rating_reason="Debt to recruiter, no family nearby",
        factors=[
            ("individual", "risk", "Debt bondage"),
            ("household", "risk", "No contact"),
            ("community", "protective", "Diaspora church"),
            ("structural", "risk", "Irregular status"),
            ("individual", "risk", " "),
        ],
    )
    assert sorted(f.level for f in a.factors.all()) == ["community", "household", "individual", "structural"]
    with pytest.raises(ValidationError) as error:
        plan_svc.assessment_record(
            actor=casework.carla,
            case=case,
            assessed_on=TODAY(),
            rating="extreme",
            rating_reason="",
            factors=[],
        )
    assert set(error.value.message_dict) == {"rating", "rating_reason", "factors"}


def test_a_plan_is_approved_by_a_supervisor_who_did_not_write_it(casework, open_case):
    case = open_case()
    goal = plan_svc.goal_add(actor=casework.carla, case=case, description="Safe accommodation")
    plan_svc.action_add(
        actor=casework.carla,
        case=case,
        goal=goal,
        description="Book shelter bed",
        owner=casework.carla,
        due_on=TODAY() + datetime.timedelta(days=2),
    )
    plan_svc.plan_submit(actor=casework.carla, case=case)
    with pytest.raises(PermissionDenied):
        plan_svc.plan_approve(actor=casework.carla, case=case)
    plan = plan_svc.plan_approve(actor=casework.adam, case=case)
    assert plan.status == CasePlan.Status.APPROVED and plan.approved_by == casework.adam
    # Adam changes the plan: it goes back to draft and Adam, now an author, cannot approve it himself.
    plan_svc.goal_add(actor=casework.adam, case=case, description="Legal counselling")
    plan_svc.plan_submit(actor=casework.adam, case=case)
    with pytest.raises(ValidationError, match="Nobody approves"):
        plan_svc.plan_approve(actor=casework.adam, case=case)
    assert plan_svc.plan_approve(actor=casework.sam, case=case).status == CasePlan.Status.APPROVED


def test_services_keep_cost_and_currency_as_decimals(casework, open_case):
    case = open_case()
    service = plan_svc.service_record(
        actor=casework.carla,
        case=case,
        kind="medical_care",
        provider="Clinic Sud",
        delivered_on=TODAY(),
        cost=Decimal("85.50"),
        currency="eur",
    )
    service.refresh_from_db()
    assert service.cost == Decimal("85.50") and service.currency == "EUR"
    with pytest.raises(ValidationError) as error:
        plan_svc.service_record(
            actor=casework.carla,
            case=case,
            kind="teleport",
            provider="",
            delivered_on=TODAY(),
            cost=Decimal("10"),
            currency="XXY",
        )
    assert set(error.value.message_dict) == {"kind", "provider", "currency"}
    assert case.services.count() == 1


def _request(casework, case, fund, amount):
    return fund_request_create(
        actor=casework.carla,
        case=case,
        fund=fund,
        amount=Decimal(amount),
        purpose="Bus ticket and food",
        justification="Stranded without money",
    )


def test_small_request_needs_one_approval_large_needs_two_different_people(casework, open_case, fund):
    case = open_case()
    small = _request(casework, case, fund, "120.00")
    with pytest.raises(PermissionDenied):  # a caseworker cannot approve
        fund_request_decide(actor=casework.carla, request=small, approve=True)
    assert (
        fund_request_decide(actor=casework.adam, request=small, approve=True).status
        == FundRequest.Status.APPROVED
    )
    large = _request(casework, case, fund, "450.00")
    assert large.needs_fund_manager
    large = fund_request_decide(actor=casework.adam, request=large, approve=True)
    assert large.status == FundRequest.Status.AWAITING_FUND_MANAGER
    fund.refresh_from_db()
    assert fund.remaining == Decimal("880.00")  # only the small one is committed so far
    with pytest.raises(PermissionDenied):  # a supervisor is not a fund manager
        fund_request_decide(actor=casework.sam, request=large, approve=True)
    large = fund_request_decide(actor=casework.fiona, request=large, approve=True)
    fund.refresh_from_db()
    assert large.status == FundRequest.Status.APPROVED and fund.remaining == Decimal("430.00")
    steps = [
        (e.action, e.detail["step"], e.detail["fund_remaining"])
        for e in AuditEvent.objects.filter(object_type="fund_request", object_id=str(large.uuid)).exclude(
            action="create"
        )
    ]
    assert steps == [("approve", "supervisor", "880.00"), ("approve", "fund_manager", "430.00")]


def test_nobody_approves_their_own_request(casework, open_case, fund):
    case = open_case()
    request = fund_request_create(
        actor=casework.adam,
        case=case,
        fund=fund,
        amount=Decimal("50"),
        purpose="Food",
        justification="No food",
    )
    with pytest.raises(PermissionDenied, match="own request"):
        fund_request_decide(actor=casework.adam, request=request, approve=True)
    request.refresh_from_db()
    assert request.status == FundRequest.Status.PENDING


def test_an_approval_that_would_overdraw_the_fund_is_refused_and_changes_nothing(casework, open_case, fund):
    case = open_case()
    first, second = _request(casework, case, fund, "250.00"), _request(casework, case, fund, "250.00")
    fund.budget = Decimal("400.00")
    fund.save()
    fund_request_decide(actor=casework.adam, request=first, approve=True)
    with pytest.raises(ValidationError, match="overdraw"):
        fund_request_decide(actor=casework.adam, request=second, approve=True)
    second.refresh_from_db()
    fund.refresh_from_db()
    assert second.status == FundRequest.Status.PENDING and fund.remaining == Decimal("150.00")
    assert (
        fund_request_decide(
            actor=casework.adam, request=second, approve=False, reason="Fund exhausted"
        ).status
        == FundRequest.Status.REFUSED
    )


def test_refusing_needs_a_reason_and_bad_amounts_are_refused(casework, open_case, fund):
    case = open_case()
    request = _request(casework, case, fund, "10.00")
    with pytest.raises(ValidationError):
        fund_request_decide(actor=casework.adam, request=request, approve=False)
    for amount in ("0", "-5", "1000.01"):
        with pytest.raises(ValidationError):
            _request(casework, case, fund, amount)


@pytest.mark.django_db(transaction=True)
def test_two_approvals_racing_for_the_last_money_cannot_both_pass(casework, open_case, fund):
    """Two supervisors approve two requests at the same moment, on two connections; the fund has room for one."""
    case = open_case()
    fund.fund_manager_threshold = Decimal("1000.00")
    fund.save()
    requests = [_request(casework, case, fund, "600.00"), _request(casework, case, fund, "600.00")]
    approvers = [casework.adam, casework.sam]
    barrier = threading.Barrier(2)
    outcomes = [None, None]

    def approve(i):
        barrier.wait()
        try:
            for _ in range(50):
                try:
                    fund_request_decide(actor=approvers[i], request=requests[i], approve=True)
                    outcomes[i] = "approved"
                    return
                except OperationalError:  # SQLite: the other writer holds the lock; retry as a client would
                    time.sleep(0.05)
            outcomes[i] = "locked"
        except ValidationError as error:
            outcomes[i] = "refused" if "overdraw" in str(error) else str(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=approve, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["approved", "refused"]
    fund = Fund.objects.get(pk=fund.pk)
    approved = sum(
        r.amount for r in FundRequest.objects.filter(fund=fund, status=FundRequest.Status.APPROVED)
    )
    assert fund.committed == approved == Decimal("600.00") and fund.remaining == Decimal("400.00")


def test_another_agency_cannot_touch_anything_of_the_case(casework, open_case, fund):
    """Services refuse Beta's staff even if a page let them through (the pages are 404s: test_cross_agency)."""
    from mixedflows.cases.services import cases as case_svc

    case = open_case()
    request = _request(casework, case, fund, "50.00")
    goal = plan_svc.goal_add(actor=casework.carla, case=case, description="Safety")
    attempts = [
        lambda: plan_svc.goal_add(actor=casework.cody, case=case, description="x"),
        lambda: plan_svc.service_record(
            actor=casework.cody, case=case, kind="cash", provider="x", delivered_on=TODAY()
        ),
        lambda: plan_svc.plan_approve(actor=casework.bea, case=case),
        lambda: case_svc.case_close_request(
            actor=casework.cody, case=case, closure_status="closed", reason="x"
        ),
        lambda: case_svc.case_update(
            actor=casework.cody,
            case=case,
            case_type="stranded_migrant",
            caseworker=casework.cody,
            supervisor=casework.bea,
            status="open",
        ),
        lambda: fund_request_decide(actor=casework.bea, request=request, approve=True),
        lambda: fund_request_decide(
            actor=casework.fiona, request=request, approve=True
        ),  # not at the first step
        lambda: fund_request_create(
            actor=casework.cody, case=case, fund=fund, amount=Decimal("5"), purpose="x", justification="x"
        ),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    request.refresh_from_db()
    assert request.status == FundRequest.Status.PENDING and list(case.plan.goals.all()) == [goal]

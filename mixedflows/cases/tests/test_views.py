"""Pages as a caseworker and a supervisor use them: caseloads, the case page, forms with bad input."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from mixedflows.cases.models import Case, CasePlan, FundRequest
from mixedflows.cases.services import cases as case_svc
from mixedflows.cases.services.fund import fund_request_create
from mixedflows.cases.services.plan import action_add, goal_add
from mixedflows.core.models import AuditEvent


@pytest.fixture
def case(open_case):
    return open_case(case_type="victim_of_trafficking")


def test_every_case_page_renders_for_the_caseworker(client, casework, case, fund):
    client.force_login(casework.carla)
    for name in (
        "detail",
        "edit",
        "assessment_new",
        "goal_add",
        "action_add",
        "service_add",
        "fund_request_new",
        "identification",
        "return",
    ):
        response = client.get(reverse(f"cases:{name}", args=[case.uuid]))
        assert response.status_code == 200, name
    for name in ("mine", "overdue", "stages", "incoming", "funds", "returns_board"):
        assert client.get(reverse(f"cases:{name}")).status_code == 200, name
    assert AuditEvent.objects.filter(object_type="case", object_id=str(case.uuid), action="view").exists()


def test_caseload_pages_show_my_cases_overdue_actions_and_approvals(client, casework, case, fund):
    action_add(
        actor=casework.carla,
        case=case,
        description="Call the shelter",
        owner=casework.carla,
        due_on=timezone.localdate() - datetime.timedelta(days=3),
    )
    fund_request_create(
        actor=casework.carla,
        case=case,
        fund=fund,
        amount=Decimal("40.00"),
        purpose="Food parcel",
        justification="Nothing to eat",
    )
    goal_add(actor=casework.carla, case=case, description="Safety")
    case.plan.status = CasePlan.Status.SUBMITTED
    case.plan.save()
    client.force_login(casework.carla)
    assert case.reference in client.get(reverse("cases:mine")).content.decode()
    assert "Call the shelter" in client.get(reverse("cases:overdue")).content.decode()
    client.force_login(casework.adam)
    page = client.get(reverse("cases:approvals")).content.decode()
    assert "Food parcel" in page and f"{case.reference}</bdi></a> · submitted" in page
    stages = client.get(
        reverse("cases:stages"), {"type": "victim_of_trafficking", "status": "open"}
    ).content.decode()
    assert case.reference in stages
    assert client.get(reverse("cases:stages"), {"type": "bogus", "status": "open"}).status_code == 404


def test_bad_input_shows_a_message_and_changes_nothing(client, casework, case, fund):
    client.force_login(casework.carla)
    response = client.post(
        reverse("cases:fund_request_new", args=[case.uuid]),
        {"fund": str(fund.uuid), "amount": "5000", "purpose": "Flat", "justification": "Rent"},
    )
    assert response.status_code == 200 and "remain" in response.content.decode()
    assert not FundRequest.objects.exists()
    response = client.post(
        reverse("cases:service_add", args=[case.uuid]),
        {"kind": "cash", "provider": "Office", "delivered_on": "2020-01-01", "cost": "10", "currency": ""},
    )
    assert "currency" in response.content.decode() and not case.services.exists()


def test_the_supervisor_approves_a_fund_request_from_the_approvals_page(client, casework, case, fund):
    request = fund_request_create(
        actor=casework.carla,
        case=case,
        fund=fund,
        amount=Decimal("40.00"),
        purpose="Food",
        justification="Nothing to eat",
    )
    client.force_login(casework.carla)
    client.post(reverse("cases:fund_request_decide", args=[request.uuid]), {"decision": "approve"})
    request.refresh_from_db()
    assert request.status == FundRequest.Status.PENDING  # a caseworker cannot approve
    client.force_login(casework.adam)
    response = client.post(
        reverse("cases:fund_request_decide", args=[request.uuid]),
        {"decision": "approve", "next": "approvals"},
        follow=True,
    )
    request.refresh_from_db()
    fund.refresh_from_db()
    assert request.status == FundRequest.Status.APPROVED and fund.remaining == Decimal("960.00")
    assert "approved" in response.content.decode().lower()


def test_a_closed_case_cannot_be_changed_through_its_pages(client, casework, case):
    case_svc.case_close_request(
        actor=casework.carla, case=case, closure_status="closed", reason="Returned home"
    )
    case_svc.case_close_approve(actor=casework.adam, case=case)
    client.force_login(casework.carla)
    response = client.post(reverse("cases:goal_add", args=[case.uuid]), {"description": "New goal"})
    assert "closed" in response.content.decode() and not case.plan.goals.exists()
    client.post(reverse("cases:reopen", args=[case.uuid]))
    assert Case.objects.get(pk=case.pk).status == "open"


def test_htcds_export_needs_a_supervisor_and_is_audited(client, casework, case):
    client.force_login(casework.carla)
    assert client.post(reverse("cases:export_htcds")).status_code == 403
    client.force_login(casework.adam)
    response = client.post(reverse("cases:export_htcds"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert response.content.decode().startswith("exportId,prs_Gender,ageBroad,prs_Citizenship")
    assert AuditEvent.objects.filter(action="export", detail__format="htcds").exists()


def test_the_person_page_panel_lists_cases(client, casework, case):
    client.force_login(casework.carla)
    panel = client.get(reverse("cases:person_panel", args=[case.person.uuid])).content.decode()
    assert case.reference in panel and "Open a case" in panel


def test_a_household_case_is_opened_with_members_by_registration_number(client, casework, register):
    mother = register(given_name="Saba", sex="F", age=34)
    son = register(given_name="Dawit", sex="M", age=9)
    stranger = register(user=casework.bob, given_name="Other")
    client.force_login(casework.carla)
    url = reverse("cases:open", args=[mother.uuid])
    data = {"case_type": "stranded_migrant", "caseworker": "carla", "supervisor": "adam"}
    response = client.post(
        url, {**data, "members": f"{son.registration_number} son\n{stranger.registration_number}"}
    )
    assert "Not a record of your agency" in response.content.decode() and not Case.objects.exists()
    response = client.post(url, {**data, "members": f"{son.registration_number.lower()} son"})
    case = Case.objects.get()
    assert response.status_code == 302 and [(m.person, m.relationship) for m in case.members.all()] == [
        (son, "son")
    ]

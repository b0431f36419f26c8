"""A fund manager sees what a fund decision needs (amount, purpose, plan, balance), not the case's sensitive
sections (issue 10, item 14; issue 16, item 3): over every case page, list and API response she can open."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from mixedflows.cases.services.fund import fund_request_create, fund_request_decide
from mixedflows.cases.services.plan import action_add, assessment_record, goal_add, service_record
from mixedflows.integrations.services import token_create

# What the case holds that a fund decision does not need: each would disclose a sensitive section.
SENSITIVE = (
    "GBV survivor",
    "Victim of trafficking",
    "Medical care",
    "medical_care",
    "gbv_survivor",
    "Raped on the route",
    "Clinic says: pregnant",
    "Medical or psychosocial",
)


@pytest.fixture
def gbv_case(open_case, casework, fund):
    case = open_case(case_type="gbv_survivor")
    today = timezone.localdate()
    assessment_record(
        actor=casework.carla,
        case=case,
        assessed_on=today,
        rating="high",
        rating_reason="Raped on the route; alone here",
        factors=[("individual", "risk", "Raped on the route")],
    )
    goal = goal_add(actor=casework.carla, case=case, description="Safe accommodation")
    action_add(
        actor=casework.carla,
        case=case,
        goal=goal,
        description="Book a bed",
        owner=casework.carla,
        due_on=today,
    )
    service_record(
        actor=casework.carla,
        case=case,
        kind="medical_care",
        provider="Porto Sereno clinic",
        delivered_on=today - datetime.timedelta(days=2),
        cost=Decimal("80"),
        currency="EUR",
        note="Clinic says: pregnant",
    )
    request = fund_request_create(
        actor=casework.carla,
        case=case,
        fund=fund,
        amount=Decimal("450"),
        purpose="Rent deposit",
        justification="No other source of support",
    )
    fund_request_decide(actor=casework.adam, request=request, approve=True)
    return case, request


def _fund_manager_pages(case, fund):
    return [
        reverse("cases:detail", args=[case.uuid]),
        reverse("cases:return", args=[case.uuid]),
        reverse("cases:person_panel", args=[case.person.uuid]),
        reverse("cases:fund", args=[fund.uuid]),
        reverse("cases:funds"),
        reverse("cases:mine"),
        reverse("cases:overdue"),
        reverse("cases:approvals"),
        reverse("cases:stages"),
        reverse("cases:stages") + "?type=&status=open",
        reverse("cases:returns_board"),
    ]


def _assert_nothing_sensitive(text: str, where: str) -> None:
    for word in SENSITIVE:
        assert word not in text, f"{word!r} on {where}"


def test_the_fund_manager_sees_no_sensitive_section_on_any_case_page(client, casework, gbv_case, fund):
    case, _ = gbv_case
    client.force_login(casework.fiona)
    for url in _fund_manager_pages(case, fund):
        response = client.get(url)
        assert response.status_code == 200, url
        _assert_nothing_sensitive(response.content.decode(), url)
    # Pages of the sensitive sections themselves are closed to her.
    assert client.get(reverse("cases:identification", args=[case.uuid])).status_code in (403, 404)
    assert client.get(reverse("cases:stages") + "?type=gbv_survivor&status=open").status_code == 404


def test_the_fund_manager_sees_what_the_decision_needs(client, casework, gbv_case, fund):
    case, request = gbv_case
    client.force_login(casework.fiona)
    page = client.get(reverse("cases:detail", args=[case.uuid])).content.decode()
    assert "450" in page and "Rent deposit" in page and "Safe accommodation" in page
    assert 'id="sections-withheld"' in page
    approvals = client.get(reverse("cases:approvals")).content.decode()
    assert "Rent deposit" in approvals and "left)" in approvals  # the fund's balance beside the request
    stages = client.get(reverse("cases:stages")).content.decode()
    assert "All cases" in stages


def test_the_fund_manager_api_leaves_out_type_and_services(client, casework, gbv_case):
    case, _ = gbv_case
    secret = token_create(actor=casework.fiona, name="t", scopes=["read"], expires_days=30).secret
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    body = client.get(f"/api/v1/cases/{case.uuid}", **auth).json()
    assert "type" not in body
    assert client.get(f"/api/v1/cases/{case.uuid}/services", **auth).json() == []
    listed = client.get("/api/v1/cases", **auth).json()
    _assert_nothing_sensitive(str(listed), "/api/v1/cases")


def test_the_caseworker_still_sees_the_whole_case(client, casework, gbv_case):
    case, _ = gbv_case
    client.force_login(casework.carla)
    page = client.get(reverse("cases:detail", args=[case.uuid])).content.decode()
    assert "GBV survivor" in page and "Raped on the route" in page and "Medical care" in page
    assert 'id="sections-withheld"' not in page

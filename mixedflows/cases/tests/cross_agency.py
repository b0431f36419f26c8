"""Alpha's case and everything in it, for the cross-agency test (tests/test_cross_agency.py)."""

import datetime
from decimal import Decimal

from django.utils import timezone

from mixedflows.cases.services.cases import case_open
from mixedflows.cases.services.fund import fund_create, fund_request_create
from mixedflows.cases.services.plan import action_add
from mixedflows.cases.tests.conftest import add_casework_users, make_referral


def objects(world, register):
    add_casework_users(world)
    person = register(given_name="Meron", sex="F", age=26)
    case = case_open(
        actor=world.carla, person=person, case_type="victim_of_trafficking", supervisor=world.adam
    )
    today = timezone.localdate()
    fund = fund_create(
        actor=world.fiona,
        name="Emergency",
        currency="EUR",
        period_start=today,
        period_end=today + datetime.timedelta(days=30),
        budget=Decimal("500"),
        fund_manager_threshold=Decimal("100"),
    )
    request = fund_request_create(
        actor=world.carla,
        case=case,
        fund=fund,
        amount=Decimal("50"),
        purpose="Food",
        justification="None left",
    )
    action = action_add(actor=world.carla, case=case, description="Call", owner=world.carla, due_on=today)
    referral = make_referral(world, register)
    return {
        "person": person,
        "case": case,
        "fund": fund,
        "request": request,
        "action": action,
        "referral": referral,
    }


def _case(o):
    return {"uuid": o["case"].uuid}


URLS = {
    "cases:take_over": ("get", "adam", lambda o: {"uuid": o["referral"].uuid}),
    "cases:person_panel": ("get", "adam", lambda o: {"uuid": o["person"].uuid}),
    "cases:open": ("get", "adam", lambda o: {"uuid": o["person"].uuid}),
    "cases:detail": ("get", "adam", _case),
    "cases:edit": ("post", "adam", _case),
    "cases:project": ("post", "carla", _case),
    "cases:close_request": ("post", "adam", _case),
    "cases:close_approve": ("post", "adam", _case),
    "cases:reopen": ("post", "adam", _case),
    "cases:audit": ("get", "adam", _case),
    "cases:assessment_new": ("post", "adam", _case),
    "cases:goal_add": ("post", "adam", _case),
    "cases:action_add": ("post", "adam", _case),
    "cases:plan_submit": ("post", "adam", _case),
    "cases:plan_approve": ("post", "adam", _case),
    "cases:service_add": ("post", "adam", _case),
    "cases:fund_request_new": ("post", "adam", _case),
    "cases:identification": ("post", "adam", _case),
    "cases:return": ("post", "adam", _case),
    "cases:action_done": ("post", "carla", lambda o: {"uuid": o["action"].uuid}),
    "cases:fund": ("get", "fiona", lambda o: {"uuid": o["fund"].uuid}),
    "cases:fund_request_decide": ("post", "adam", lambda o: {"uuid": o["request"].uuid}),
}
LIST_URLS = {
    "cases:mine",
    "cases:overdue",
    "cases:approvals",
    "cases:stages",
    "cases:incoming",
    "cases:funds",
    "cases:returns_board",
    "cases:export_htcds",
}


def _api_case(o):
    return {"uuid": o["case"].uuid}


API = {
    "cases_read": ("adam", _api_case, None),
    "cases_primero_export": ("adam", _api_case, None),
    "cases_plan": ("adam", _api_case, None),
    "cases_services": ("adam", _api_case, None),
    "cases_service_record": (
        "adam",
        _api_case,
        lambda o: {"kind": "counselling", "provider": "Clinic", "delivered_on": "2026-01-02"},
    ),
    "cases_fund_request": (
        "carla",
        _api_case,
        lambda o: {
            "fund": str(o["fund"].uuid),
            "amount": "10.00",
            "purpose": "Food",
            "justification": "None left",
        },
    ),
    "cases_fund_request_read": ("adam", lambda o: {"uuid": o["request"].uuid}, None),
    "cases_fund_decide": ("adam", lambda o: {"uuid": o["request"].uuid}, lambda o: {"approve": True}),
}
API_LISTS = {"cases_list"}

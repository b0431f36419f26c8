"""Cases over JSON: list, read, the plan, services delivered, emergency-fund requests and decisions."""

import datetime
import uuid as uuid_lib
from decimal import Decimal
from typing import Any

from ninja import Field, Query, Status

from mixedflows.cases import selectors
from mixedflows.cases.models import Case, CasePlan, FundRequest, ServiceDelivery
from mixedflows.cases.services import fund as fund_services
from mixedflows.cases.services import plan as plan_services
from mixedflows.cases.services.cases import case_viewed
from mixedflows.integrations import primero
from mixedflows.integrations.apikit import (
    ApiRequest,
    In,
    PageQuery,
    Schema,
    answers,
    keyset_page,
    router,
    scoped,
)
from mixedflows.people.api import person_out
from mixedflows.people.selectors import field_groups_for

api = router("cases")


class CaseOut(Schema):
    id: uuid_lib.UUID
    reference: str
    person: uuid_lib.UUID
    type: str | None = Field(
        None, description="absent without every sensitive field group (a type can disclose trafficking)"
    )
    status: str
    caseworker: str
    supervisor: str
    opened_at: datetime.datetime
    closed_at: datetime.datetime | None
    referral: uuid_lib.UUID | None


def case_out(user, case: Case) -> dict:
    out = {
        "id": case.uuid,
        "reference": case.reference,
        "person": case.person.uuid,
        "status": case.status,
        "caseworker": case.caseworker.get_username(),
        "supervisor": case.supervisor.get_username(),
        "opened_at": case.opened_at,
        "closed_at": case.closed_at,
        "referral": case.referral.uuid if case.referral else None,
    }
    if selectors.case_sections(user=user, case=case).type:
        out["type"] = case.type
    return out


class CaseFilter(Schema):
    status: str = ""
    caseworker: str = Field("", description="a username; `me` for the caller's own cases")


class CasePage(Schema):
    results: list[CaseOut]
    next: str | None


@api.get("/cases", response=answers({200: CasePage}), exclude_unset=True, operation_id="cases_list")
@scoped("cases:read")
def cases_list(request: ApiRequest, filters: Query[CaseFilter], page: Query[PageQuery]):
    """The agency's cases, newest first."""
    cases = Case.objects.visible_to(request.user).select_related(
        "person", "caseworker", "supervisor", "referral"
    )
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.caseworker:
        username = request.user.get_username() if filters.caseworker == "me" else filters.caseworker
        cases = cases.filter(caseworker__username=username)
    return keyset_page(cases, page, order="-opened_at", out=lambda c: case_out(request.user, c))


@api.get("/cases/{uuid}", response=answers({200: CaseOut}), exclude_unset=True, operation_id="cases_read")
@scoped("cases:read")
def case_read(request: ApiRequest, uuid: uuid_lib.UUID):
    case = selectors.case_for(user=request.user, uuid=uuid)
    case_viewed(actor=request.user, case=case)
    return case_out(request.user, case)


class ActionOut(Schema):
    id: uuid_lib.UUID
    description: str
    owner: str
    due_on: datetime.date
    done: bool


class PlanOut(Schema):
    status: str
    submitted_at: datetime.datetime | None
    approved_at: datetime.datetime | None
    goals: list[str]
    actions: list[ActionOut]


@api.get("/cases/{uuid}/plan", response=answers({200: PlanOut}), operation_id="cases_plan")
@scoped("cases:read")
def case_plan(request: ApiRequest, uuid: uuid_lib.UUID):
    """The case plan: goals and actions, with its approval state."""
    case = selectors.case_for(user=request.user, uuid=uuid)
    plan = CasePlan.objects.filter(case=case).first()
    return {
        "status": plan.status if plan else CasePlan.Status.DRAFT,
        "submitted_at": plan.submitted_at if plan else None,
        "approved_at": plan.approved_at if plan else None,
        "goals": [g.description for g in plan.goals.all()] if plan else [],
        "actions": [
            {
                "id": a.uuid,
                "description": a.description,
                "owner": a.owner.get_username(),
                "due_on": a.due_on,
                "done": a.done_at is not None,
            }
            for a in case.actions.select_related("owner").order_by("due_on", "pk")
        ],
    }


class ServiceOut(Schema):
    id: uuid_lib.UUID
    kind: str
    provider: str
    delivered_on: datetime.date
    cost: Decimal | None
    currency: str


def service_out(s: ServiceDelivery) -> dict:
    return {
        "id": s.uuid,
        "kind": s.kind,
        "provider": s.provider,
        "delivered_on": s.delivered_on,
        "cost": s.cost,
        "currency": s.currency,
    }


@api.get("/cases/{uuid}/services", response=answers({200: list[ServiceOut]}), operation_id="cases_services")
@scoped("cases:read")
def case_services(request: ApiRequest, uuid: uuid_lib.UUID):
    """Services delivered (empty for a user who may not see the sensitive sections: "medical care" tells)."""
    case = selectors.case_for(user=request.user, uuid=uuid)
    if not selectors.case_sections(user=request.user, case=case).free_text:
        return []
    return [service_out(s) for s in case.services.order_by("-delivered_on", "-pk")]


class ServiceIn(In):
    kind: str
    provider: str = Field(..., max_length=200)
    delivered_on: datetime.date
    cost: Decimal | None = Field(None, max_digits=12, decimal_places=2)
    currency: str = ""
    note: str = Field("", max_length=300)


@api.post("/cases/{uuid}/services", response=answers({201: ServiceOut}), operation_id="cases_service_record")
@scoped("cases:write")
def case_service_record(request: ApiRequest, uuid: uuid_lib.UUID, body: ServiceIn):
    """Record a service delivered, with its cost in a currency."""
    case = selectors.case_for(user=request.user, uuid=uuid)
    service = plan_services.service_record(actor=request.user, case=case, **body.model_dump())
    return Status(201, service_out(service))


class FundRequestOut(Schema):
    id: uuid_lib.UUID
    case: uuid_lib.UUID
    fund: uuid_lib.UUID
    amount: Decimal
    currency: str
    purpose: str
    status: str
    needs_fund_manager: bool


def fund_request_out(r: FundRequest) -> dict:
    return {
        "id": r.uuid,
        "case": r.case.uuid,
        "fund": r.fund.uuid,
        "amount": r.amount,
        "currency": r.fund.currency,
        "purpose": r.purpose,
        "status": r.status,
        "needs_fund_manager": r.needs_fund_manager,
    }


class FundRequestIn(In):
    fund: uuid_lib.UUID
    amount: Decimal = Field(..., max_digits=12, decimal_places=2)
    purpose: str = Field(..., max_length=200)
    justification: str = Field(..., max_length=4000)


@api.post(
    "/cases/{uuid}/fund-requests", response=answers({201: FundRequestOut}), operation_id="cases_fund_request"
)
@scoped("cases:write")
def case_fund_request(request: ApiRequest, uuid: uuid_lib.UUID, body: FundRequestIn):
    """Ask the emergency fund for money for this case."""
    case = selectors.case_for(user=request.user, uuid=uuid)
    fund = selectors.fund_for(user=request.user, uuid=body.fund)
    created = fund_services.fund_request_create(
        actor=request.user,
        case=case,
        fund=fund,
        amount=body.amount,
        purpose=body.purpose,
        justification=body.justification,
    )
    return Status(201, fund_request_out(created))


@api.get(
    "/fund-requests/{uuid}", response=answers({200: FundRequestOut}), operation_id="cases_fund_request_read"
)
@scoped("cases:read")
def fund_request_read(request: ApiRequest, uuid: uuid_lib.UUID):
    return fund_request_out(selectors.fund_request_for(user=request.user, uuid=uuid))


class DecisionIn(In):
    approve: bool
    reason: str = Field("", max_length=2000)


@api.post(
    "/fund-requests/{uuid}/decision",
    response=answers({200: FundRequestOut}),
    operation_id="cases_fund_decide",
)
@scoped("cases:write")
def fund_request_decide(request: ApiRequest, uuid: uuid_lib.UUID, body: DecisionIn):
    """Approve or refuse at the request's current step; never one's own request; never an overdraft."""
    found = selectors.fund_request_for(user=request.user, uuid=uuid)
    decided = fund_services.fund_request_decide(
        actor=request.user, request=found, approve=body.approve, reason=body.reason
    )
    return fund_request_out(selectors.fund_request_for(user=request.user, uuid=decided.uuid))


@api.get(
    "/cases/{uuid}/primero", response=answers({200: dict[str, Any]}), operation_id="cases_primero_export"
)
@scoped("cases:read")
def case_primero_export(request: ApiRequest, uuid: uuid_lib.UUID):
    """The case as a Primero case record (Primero's field names for what we hold; the visible groups only)."""
    case = selectors.case_for(user=request.user, uuid=uuid)
    person = case.person
    return primero.case_to_primero(
        person_out(person, field_groups_for(user=request.user, person=person)),
        case=case_out(request.user, case),
        services=[service_out(s) for s in case.services.order_by("delivered_on", "pk")]
        if selectors.case_sections(user=request.user, case=case).free_text
        else [],
    )

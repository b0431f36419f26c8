"""Detention monitoring over JSON: facilities, visits with their findings and recommendations, people met.

Findings and recommendations reach a partner agency under an agreement (the visit-findings field group),
as on the pages; the people met are the owning agency's only. A recommendation's status moves only with
its reason, seen at a later visit or read in a follow-up letter.
"""

import datetime
import uuid as uuid_lib

from django.core.exceptions import PermissionDenied
from ninja import Field, Query

from mixedflows.core.models import User
from mixedflows.core.roles import Perm
from mixedflows.detention import selectors
from mixedflows.detention.models import Facility, Recommendation, Visit
from mixedflows.detention.services.recommendations import recommendation_status_change
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

api = router("detention")


def _can_view(request: ApiRequest) -> None:
    user = request.user
    if not isinstance(user, User) or not user.can(Perm.VIEW_DETENTION):
        raise PermissionDenied(Perm.VIEW_DETENTION)


class FacilityOut(Schema):
    id: uuid_lib.UUID
    name: str
    country: str
    authority: str
    kind: str
    capacity: int
    visit_terms: str
    private_interviews: bool
    agency: str


def facility_out(f: Facility) -> dict:
    return {
        "id": f.uuid,
        "name": f.site.name,
        "country": f.site.country,
        "authority": f.authority,
        "kind": f.kind,
        "capacity": f.capacity,
        "visit_terms": f.visit_terms,
        "private_interviews": f.private_interviews,
        "agency": f.organisation.short_name,
    }


class FacilityPage(Schema):
    results: list[FacilityOut]
    next: str | None


@api.get("/detention/facilities", response=answers({200: FacilityPage}), operation_id="detention_facilities")
@scoped("detention:read")
def facilities_list(request: ApiRequest, page: Query[PageQuery]):
    """The facilities the agency monitors, and those a partner shares findings of, newest first."""
    _can_view(request)
    return keyset_page(
        selectors.facilities_for(user=request.user), page, order="-created_at", out=facility_out
    )


@api.get(
    "/detention/facilities/{uuid}",
    response=answers({200: FacilityOut}),
    operation_id="detention_facility_read",
)
@scoped("detention:read")
def facility_read(request: ApiRequest, uuid: uuid_lib.UUID):
    _can_view(request)
    return facility_out(selectors.facility_for(user=request.user, uuid=uuid))


class VisitOut(Schema):
    id: uuid_lib.UUID
    facility: uuid_lib.UUID
    started_at: datetime.datetime
    ended_at: datetime.datetime
    announced: bool
    access: str
    reported_total: int | None
    observed_total: int | None
    headcounts: dict = Field(description="{'reported': {'men': n, ...}, 'observed': {...}}")
    children_with_families: str
    longest_detention_days: int | None


def visit_out(v: Visit) -> dict:
    return {
        "id": v.uuid,
        "facility": v.facility.uuid,
        "started_at": v.started_at,
        "ended_at": v.ended_at,
        "announced": v.announced,
        "access": v.access,
        "reported_total": v.reported_total,
        "observed_total": v.observed_total,
        "headcounts": v.headcounts,
        "children_with_families": v.children_with_families,
        "longest_detention_days": v.longest_detention_days,
    }


class VisitPage(Schema):
    results: list[VisitOut]
    next: str | None


@api.get(
    "/detention/facilities/{uuid}/visits", response=answers({200: VisitPage}), operation_id="detention_visits"
)
@scoped("detention:read")
def visits_list(request: ApiRequest, uuid: uuid_lib.UUID, page: Query[PageQuery]):
    """A facility's visits, newest first."""
    _can_view(request)
    facility = selectors.facility_for(user=request.user, uuid=uuid)
    visits = selectors.visits_of(user=request.user, facility=facility).select_related("facility")
    return keyset_page(visits, page, order="-started_at", out=visit_out)


class FindingOut(Schema):
    id: uuid_lib.UUID
    severity: str
    text: str
    items: list[str]


class RecommendationOut(Schema):
    id: uuid_lib.UUID
    facility: uuid_lib.UUID
    visit: uuid_lib.UUID
    text: str
    addressed_to: str
    due_on: datetime.date
    status: str
    status_changed_at: datetime.datetime


def recommendation_out(r: Recommendation) -> dict:
    return {
        "id": r.uuid,
        "facility": r.facility.uuid,
        "visit": r.visit.uuid,
        "text": r.text,
        "addressed_to": r.addressed_to,
        "due_on": r.due_on,
        "status": r.status,
        "status_changed_at": r.status_changed_at,
    }


class VisitDetailOut(VisitOut):
    findings: list[FindingOut]
    recommendations: list[RecommendationOut]


@api.get(
    "/detention/visits/{uuid}", response=answers({200: VisitDetailOut}), operation_id="detention_visit_read"
)
@scoped("detention:read")
def visit_read(request: ApiRequest, uuid: uuid_lib.UUID):
    """A visit with its findings and the recommendations it made."""
    _can_view(request)
    visit = selectors.visit_for(user=request.user, uuid=uuid)
    return {
        **visit_out(visit),
        "findings": [
            {"id": f.uuid, "severity": f.severity, "text": f.text, "items": f.items}
            for f in selectors.findings_of(user=request.user, visit=visit)
        ],
        "recommendations": [
            recommendation_out(r)
            for r in selectors.recommendations_of(user=request.user, visit=visit).select_related(
                "facility", "visit"
            )
        ],
    }


class PersonMetOut(Schema):
    person: uuid_lib.UUID
    registration_number: str
    reasons: list[str]
    detained_since: datetime.date
    detention_ended_on: datetime.date | None


@api.get(
    "/detention/visits/{uuid}/people",
    response=answers({200: list[PersonMetOut]}),
    operation_id="detention_people_met",
)
@scoped("detention:read")
def people_met(request: ApiRequest, uuid: uuid_lib.UUID):
    """The people the team met at the visit: the owning agency's only (a partner gets 404)."""
    _can_view(request)
    visit = selectors.own_visit_for(user=request.user, uuid=uuid)
    return [
        {
            "person": m.person.uuid,
            "registration_number": m.person.registration_number,
            "reasons": m.reasons,
            "detained_since": m.detention.detained_since,
            "detention_ended_on": m.detention.ended_on,
        }
        for m in selectors.people_met_at(user=request.user, visit=visit)
    ]


class StepOut(Schema):
    from_status: str
    to_status: str
    reason: str
    source: str
    visit: uuid_lib.UUID | None
    letter_on: datetime.date | None
    at: datetime.datetime


class RecommendationDetailOut(RecommendationOut):
    steps: list[StepOut]


def recommendation_detail(r: Recommendation) -> dict:
    return {
        **recommendation_out(r),
        "steps": [
            {
                "from_status": s.from_status,
                "to_status": s.to_status,
                "reason": s.reason,
                "source": s.source,
                "visit": s.visit.uuid if s.visit else None,
                "letter_on": s.letter_on,
                "at": s.created_at,
            }
            for s in r.steps.all()
        ],
    }


@api.get(
    "/detention/recommendations/{uuid}",
    response=answers({200: RecommendationDetailOut}),
    operation_id="detention_recommendation_read",
)
@scoped("detention:read")
def recommendation_read(request: ApiRequest, uuid: uuid_lib.UUID):
    """A recommendation and every step of its history."""
    _can_view(request)
    return recommendation_detail(selectors.recommendation_for(user=request.user, uuid=uuid))


class StatusIn(In):
    to_status: str = Field(description="open, accepted, partly_implemented, implemented, rejected or dropped")
    reason: str = Field(..., max_length=2000)
    visit: uuid_lib.UUID | None = Field(None, description="the later visit at which the change was seen")
    letter_on: datetime.date | None = Field(None, description="or the date of the follow-up letter")


@api.post(
    "/detention/recommendations/{uuid}/status",
    response=answers({200: RecommendationDetailOut}),
    operation_id="detention_recommendation_status",
)
@scoped("detention:write")
def recommendation_status(request: ApiRequest, uuid: uuid_lib.UUID, data: StatusIn):
    """Move the status with its reason; refused without a reason or a source (422, nothing written)."""
    recommendation = selectors.recommendation_for(user=request.user, uuid=uuid)
    visit = selectors.own_visit_for(user=request.user, uuid=data.visit) if data.visit else None
    recommendation_status_change(
        actor=request.user,
        recommendation=recommendation,
        to_status=data.to_status,
        reason=data.reason,
        visit=visit,
        letter_on=data.letter_on,
    )
    return recommendation_detail(selectors.recommendation_for(user=request.user, uuid=uuid))

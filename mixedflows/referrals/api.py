"""Referrals over JSON: inbox and outbox with the pages' own filter, send with a legal basis, each transition."""

import datetime
import uuid as uuid_lib
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Status

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
from mixedflows.people.api import PersonOut, _site, person_out
from mixedflows.people.selectors import field_groups_for, owned_person_for
from mixedflows.people.services import EncounterContext, PersonInput, person_register
from mixedflows.referrals import selectors, services
from mixedflows.referrals.models import Referral, ServiceOffer
from mixedflows.referrals.services import ConsentMissing
from mixedflows.screening.codes import Procedure

api = router("referrals")


class ReferralOut(Schema):
    id: uuid_lib.UUID
    person: uuid_lib.UUID | None = Field(
        description="absent once consent was withdrawn, for the receiving agency"
    )
    from_organisation: str
    to_organisation: str
    service: str
    urgency: str
    status: str
    status_reason: str
    legal_basis: str
    consent_override: bool
    consent_withdrawn: bool
    field_groups: list[str] = Field(description="the groups shared with the receiving agency")
    due_at: datetime.datetime
    overdue: bool
    created_at: datetime.datetime


def referral_out(user, referral: Referral) -> dict:
    hidden = selectors.person_hidden(user=user, referral=referral)
    return {
        "id": referral.uuid,
        "person": None if hidden else referral.person.uuid,
        "from_organisation": referral.from_organisation.short_name,
        "to_organisation": referral.to_organisation.short_name,
        "service": referral.service,
        "urgency": referral.urgency,
        "status": referral.status,
        "status_reason": referral.status_reason,
        "legal_basis": referral.legal_basis,
        "consent_override": referral.consent_override,
        "consent_withdrawn": referral.consent_withdrawn,
        "field_groups": list(referral.field_groups),
        "due_at": referral.due_at,
        "overdue": referral.is_overdue,
        "created_at": referral.created_at,
    }


class BoxFilter(Schema):
    """The inbox's and outbox's own filter (`referrals.selectors.filter_referrals`)."""

    status: str = Field(selectors.AWAITING, description="awaiting (default), open, or a status code")
    service: str = ""
    overdue: bool = False


class ReferralPage(Schema):
    results: list[ReferralOut]
    next: str | None


def _box(request, box, filters: BoxFilter, page: PageQuery) -> dict:
    rows = box(user=request.user, status=filters.status, service=filters.service, overdue=filters.overdue)
    rows = rows.select_related("to_organisation", "from_organisation", "person")
    # Work still to do comes soonest-due first, as on the page; finished referrals, latest first.
    order = "due_at" if filters.status in (selectors.AWAITING, selectors.OPEN) else "-due_at"
    return keyset_page(rows, page, order=order, out=lambda r: referral_out(request.user, r))


@api.get("/referrals/inbox", response=answers({200: ReferralPage}), operation_id="referrals_inbox")
@scoped("referrals:read")
def referrals_inbox(request: ApiRequest, filters: Query[BoxFilter], page: Query[PageQuery]):
    """Referrals to the caller's agency, with the inbox page's own filter."""
    return _box(request, selectors.inbox, filters, page)


@api.get("/referrals/outbox", response=answers({200: ReferralPage}), operation_id="referrals_outbox")
@scoped("referrals:read")
def referrals_outbox(request: ApiRequest, filters: Query[BoxFilter], page: Query[PageQuery]):
    """Referrals the caller's agency sent, with the outbox page's own filter."""
    return _box(request, selectors.outbox, filters, page)


@api.get("/referrals/{uuid}", response=answers({200: ReferralOut}), operation_id="referrals_read")
@scoped("referrals:read")
def referral_read(request: ApiRequest, uuid: uuid_lib.UUID):
    return referral_out(request.user, selectors.referral_for(user=request.user, uuid=uuid))


class SendIn(In):
    person: uuid_lib.UUID
    service_offer: uuid_lib.UUID = Field(
        description="the receiving agency's offer, from the service directory"
    )
    service: str
    screening: uuid_lib.UUID | None = None
    urgency: str = ""
    note: str = Field("", max_length=2000)
    legal_basis: str = Field("", description="consent, guardian_consent, vital_interest or mandate")
    consent_given_by: str = Field("", max_length=200)
    consent_obtained_at: datetime.datetime | None = None
    basis_detail: str = Field("", max_length=2000)
    override_reason: str = Field("", max_length=2000)


@api.post("/referrals", response=answers({201: ReferralOut}), operation_id="referrals_send")
@scoped("referrals:write")
def referral_send(request: ApiRequest, body: SendIn):
    """Send a referral; refused with `consent_missing` without a legal basis, `no_agreement` without an agreement."""
    person = owned_person_for(user=request.user, uuid=body.person)
    offer = (
        ServiceOffer.objects.filter(uuid=body.service_offer, active=True)
        .select_related("organisation")
        .first()
    )
    if offer is None:
        raise ValidationError({"service_offer": _("No such service in the directory.")})
    screening = (
        selectors.screening_of_person(user=request.user, person=person, uuid=body.screening)
        if body.screening
        else None
    )
    referral = services.referral_send(
        actor=request.user,
        person=person,
        to_organisation=offer.organisation,
        service=body.service,
        service_offer=offer,
        screening=screening,
        urgency=body.urgency,
        note=body.note,
        legal_basis=body.legal_basis,
        consent_given_by=body.consent_given_by,
        consent_obtained_at=body.consent_obtained_at,
        basis_detail=body.basis_detail,
        override_reason=body.override_reason,
    )
    return Status(
        201, referral_out(request.user, selectors.referral_for(user=request.user, uuid=referral.uuid))
    )


class ReasonIn(In):
    reason: str = Field("", max_length=2000)


def _step(request, uuid, status: str, reason: str = ""):
    referral = selectors.referral_for(user=request.user, uuid=uuid)
    services.referral_transition(actor=request.user, referral=referral, to_status=status, reason=reason)
    return referral_out(request.user, selectors.referral_for(user=request.user, uuid=uuid))


@api.post(
    "/referrals/{uuid}/acknowledge",
    response=answers({200: ReferralOut}),
    operation_id="referrals_acknowledge",
)
@scoped("referrals:write")
def referral_acknowledge(request: ApiRequest, uuid: uuid_lib.UUID):
    return _step(request, uuid, Referral.Status.ACKNOWLEDGED)


@api.post("/referrals/{uuid}/accept", response=answers({200: ReferralOut}), operation_id="referrals_accept")
@scoped("referrals:write")
def referral_accept(request: ApiRequest, uuid: uuid_lib.UUID):
    return _step(request, uuid, Referral.Status.ACCEPTED)


@api.post("/referrals/{uuid}/decline", response=answers({200: ReferralOut}), operation_id="referrals_decline")
@scoped("referrals:write")
def referral_decline(request: ApiRequest, uuid: uuid_lib.UUID, body: ReasonIn):
    """Decline, with a reason (required)."""
    return _step(request, uuid, Referral.Status.DECLINED, body.reason)


@api.post(
    "/referrals/{uuid}/complete", response=answers({200: ReferralOut}), operation_id="referrals_complete"
)
@scoped("referrals:write")
def referral_complete(request: ApiRequest, uuid: uuid_lib.UUID):
    return _step(request, uuid, Referral.Status.COMPLETED)


@api.post(
    "/referrals/{uuid}/withdraw", response=answers({200: ReferralOut}), operation_id="referrals_withdraw"
)
@scoped("referrals:write")
def referral_withdraw(request: ApiRequest, uuid: uuid_lib.UUID, body: ReasonIn):
    """The sending agency withdraws the referral, with a reason (required)."""
    return _step(request, uuid, Referral.Status.WITHDRAWN, body.reason)


class OfferOut(Schema):
    id: uuid_lib.UUID
    organisation: str
    service: str
    site: str | None
    contact: str
    languages: list[str]


@api.get("/services", response=answers({200: list[OfferOut]}), operation_id="referrals_directory")
@scoped("referrals:read")
def service_directory(request: ApiRequest, service: str = ""):
    """The service directory: who offers which service where (no personal data)."""
    return [
        {
            "id": o.uuid,
            "organisation": o.organisation.short_name,
            "service": o.service,
            "site": o.site.name if o.site else None,
            "contact": o.contact,
            "languages": list(o.languages),
        }
        for o in selectors.directory(service=service)
    ]


# --- Primero: a referral's person as a Primero case, and a referral from Primero taken in -------------------


@api.get(
    "/referrals/{uuid}/primero",
    response=answers({200: dict[str, Any]}),
    operation_id="referrals_primero_export",
)
@scoped("referrals:read")
def referral_primero_export(request: ApiRequest, uuid: uuid_lib.UUID):
    """The referred person as a Primero case (Primero's field names), with only the groups the caller may see."""
    referral = selectors.referral_for(user=request.user, uuid=uuid)
    if selectors.person_hidden(user=request.user, referral=referral):
        raise ObjectDoesNotExist("consent withdrawn")
    person = referral.person
    return primero.case_to_primero(person_out(person, field_groups_for(user=request.user, person=person)))


class PrimeroReferralIn(In):
    referral_id: str = Field(..., min_length=1, max_length=100, description="Primero's id of the referral")
    from_agency: str = Field(..., min_length=1, max_length=200)
    service: str = Field(..., description="the service asked for (a mixedflows procedure code)")
    consent: bool = Field(..., description="consent_individual_transfer on the Primero referral")
    site: uuid_lib.UUID = Field(..., description="where the receiving agency meets the person")
    received_at: datetime.datetime
    case: dict[str, Any] = Field(..., description="the Primero case (basic_identity fields)")


@api.post(
    "/primero/referrals",
    response=answers({201: PersonOut}),
    exclude_unset=True,
    operation_id="referrals_primero_import",
)
@scoped("referrals:write")
def referral_primero_import(request: ApiRequest, body: PrimeroReferralIn):
    """Take in a referral sent from Primero: the person becomes the caller's own record (once per Primero id)."""
    if body.service not in Procedure.values:
        raise ValidationError({"service": _("Choose a service from the list.")})
    if not body.consent:
        raise ConsentMissing(
            {"consent": _("The Primero referral carries no consent to transfer the person's data.")}
        )
    try:
        taken = primero.person_from_primero(body.case)
    except primero.PrimeroError as error:
        raise ValidationError({f"case.{error.field_name}": error.message}) from error
    data = PersonInput(**taken.__dict__, intake_key=f"primero:{body.referral_id}"[:64])
    context = EncounterContext(
        site=_site(request.user, body.site), occurred_at=body.received_at, kind="other"
    )
    person = person_register(actor=request.user, data=data, context=context)
    return Status(201, person_out(person, field_groups_for(user=request.user, person=person)))

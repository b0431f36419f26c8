"""A person's data-subject requests (issue 16, item 11): access, correction, restriction, erasure, objection.

Each request is opened with the day it was received and how, and gets its legal deadline (the agency's
`SUBJECT_REQUEST_DAYS`, 30 by default, unless the officer enters the date the law sets); it is answered or
refused with a text. Answering does what the request asks, in the same transaction:

- access: the export of everything held (`services.subject_export`), downloaded from the request's page;
- correction: the record is corrected on the person's page (`people.services.person_edit`, by whoever may edit
  it); the answer records the names of the fields changed since the request was received, from the audit trail;
- restriction: `Person.restricted_at` is set, and `referrals.services.referral_send` refuses new sharing;
- erasure: the identity is removed as a retention run removes it (`services.retention.person_identity_remove`,
  inside `core.deletion.personal_data_erasure`), unless something the agency must keep stops it
  (`erasure_holds`): then the request is refused with that reason, or stays open, and nothing changes.

Every write is an audit event with codes and field names, never the answer text or a value of the record.
"""

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixedflows.cases.models import Case, CaseMember
from mixedflows.cases.models.cases import CLOSED_STATUSES
from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.deletion import personal_data_erasure
from mixedflows.core.models import AuditEvent, Organisation, User
from mixedflows.core.roles import Perm
from mixedflows.dataprotection.models import AnonymisedPerson, SubjectRequest
from mixedflows.dataprotection.services.retention import person_identity_remove
from mixedflows.people.models import Person
from mixedflows.referrals.models import Referral

Kind = SubjectRequest.Kind
Status = SubjectRequest.Status
# Referrals still being worked on by the receiving agency: erasing the record under them would break the work.
_REFERRALS_UNDER_WAY = (Referral.Status.SENT, Referral.Status.ACKNOWLEDGED, Referral.Status.ACCEPTED)


def subject_officer_agency(actor: User) -> Organisation:
    if not actor.can(Perm.HANDLE_SUBJECT_REQUESTS) or actor.organisation is None:
        raise PermissionDenied(Perm.HANDLE_SUBJECT_REQUESTS)
    return actor.organisation


def legal_deadline(received_on: datetime.date) -> datetime.date:
    return received_on + datetime.timedelta(days=settings.SUBJECT_REQUEST_DAYS)


def erasure_holds(person: Person) -> list[str]:
    """Why the person's data may not be erased now (empty: it may)."""
    holds = []
    if AnonymisedPerson.objects.filter(person=person).exists():
        holds.append(_("The record was already anonymised: nothing identifying is left to erase."))
    open_cases = Case.objects.filter(person=person).exclude(status__in=CLOSED_STATUSES).exists()
    open_member = CaseMember.objects.filter(person=person).exclude(case__status__in=CLOSED_STATUSES).exists()
    if open_cases or open_member:
        holds.append(
            _(
                "The person has an open case: it is kept while the agency works on it. Close the case (or "
                "answer the request once it is closed)."
            )
        )
    if Referral.objects.filter(person=person, status__in=_REFERRALS_UNDER_WAY).exists():
        holds.append(
            _(
                "A referral of this record is still under way at another agency: withdraw it or wait for it to "
                "be completed or declined."
            )
        )
    return holds


@transaction.atomic
def subject_request_open(
    *,
    actor: User,
    person: Person,
    kind: str,
    received_on: datetime.date,
    channel: str,
    language: str = "en",
    deadline: datetime.date | None = None,
) -> SubjectRequest:
    """Record a request the person made about their data, with its legal deadline."""
    organisation = subject_officer_agency(actor)
    if person.organisation_id != organisation.pk:
        raise PermissionDenied("person of another organisation")
    errors: dict[str, str] = {}
    if kind not in Kind.values:
        errors["kind"] = _(
            "Choose what the person asks: access, correction, restriction, erasure or objection."
        )
    if channel not in SubjectRequest.Channel.values:
        errors["channel"] = _("Say how the request was received.")
    if language not in {code for code, _name in settings.LANGUAGES}:
        errors["language"] = _("Choose a language the interface has.")
    if received_on > timezone.localdate():
        errors["received_on"] = _("A request cannot be received in the future.")
    deadline = deadline or legal_deadline(received_on)
    if deadline < received_on:
        errors["deadline"] = _("The deadline cannot be before the day the request was received.")
    if errors:
        raise ValidationError(errors)
    request = SubjectRequest.objects.create(
        organisation=organisation,
        created_by=actor,
        person=person,
        kind=kind,
        received_on=received_on,
        channel=channel,
        language=language,
        deadline=deadline,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="subject_request",
        object_id=request.uuid,
        fields=["person", "kind", "received_on", "channel", "language", "deadline"],
        detail={"kind": kind, "deadline": deadline.isoformat()},
    )
    return request


def _locked(actor: User, request: SubjectRequest) -> SubjectRequest:
    organisation = subject_officer_agency(actor)
    request = SubjectRequest.objects.select_for_update().select_related("person").get(pk=request.pk)
    if request.organisation_id != organisation.pk:
        raise PermissionDenied("request of another organisation")
    if request.closed:
        raise ValidationError(_("This request was already answered."))
    return request


@transaction.atomic
def subject_request_start(*, actor: User, request: SubjectRequest) -> SubjectRequest:
    """The officer takes the request on: it shows as in progress, with who handles it."""
    request = _locked(actor, request)
    request.status, request.handled_by = Status.IN_PROGRESS, actor
    request.save(update_fields=["status", "handled_by"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="subject_request",
        object_id=request.uuid,
        fields=["status", "handled_by"],
        detail={"status": request.status},
    )
    return request


def corrections_since(person: Person, since: datetime.date) -> list[str]:
    """The names of the person's fields changed from the day the request was received (from the audit trail)."""
    start = datetime.datetime.combine(since, datetime.time.min, tzinfo=timezone.get_current_timezone())
    events = AuditEvent.objects.filter(
        object_type="person", object_id=str(person.uuid), action=AuditAction.CHANGE, at__gte=start
    )
    return sorted({name for fields in events.values_list("fields", flat=True) for name in fields})


def _carry_out(actor: User, request: SubjectRequest) -> None:
    """Do what an answered request asks; ValidationError (nothing changed) when it cannot be done."""
    person = request.person
    if request.kind == Kind.CORRECTION:
        request.corrected_fields = corrections_since(person, request.received_on)
        if not request.corrected_fields:
            raise ValidationError(
                _(
                    "Nothing of the person's record was corrected since the request was received: correct it on "
                    "the person's page first, or refuse the request with the reason."
                )
            )
    elif request.kind == Kind.RESTRICTION:
        if person.restricted_at is None:
            Person.objects.filter(pk=person.pk).update(restricted_at=timezone.now())
            audit_record(
                actor=actor,
                action=AuditAction.CHANGE,
                object_type="person",
                object_id=person.uuid,
                fields=["restricted_at"],
                detail={"subject_request": str(request.uuid)},
            )
    elif request.kind == Kind.ERASURE:
        holds = erasure_holds(person)
        if holds:
            raise ValidationError({"status": holds})
        with personal_data_erasure(
            actor=actor,
            reason="subject_request",
            object_type="subject_request",
            object_id=request.uuid,
            organisation=request.organisation,
        ) as removed:
            person_identity_remove(person, removed)


@transaction.atomic
def subject_request_answer(
    *,
    actor: User,
    request: SubjectRequest,
    status: str,
    answer: str,
    answered_on: datetime.date | None = None,
) -> SubjectRequest:
    """Answer the request (doing what it asks) or refuse it, with the text the person receives."""
    request = _locked(actor, request)
    answered_on = answered_on or timezone.localdate()
    errors: dict[str, str] = {}
    if status not in (Status.ANSWERED, Status.REFUSED):
        errors["status"] = _("Say whether the request is answered or refused.")
    if not answer.strip():
        errors["answer"] = _("Write the answer the person receives (for a refusal, the reason).")
    if answered_on > timezone.localdate():
        errors["answered_on"] = _("An answer cannot be given in the future.")
    elif answered_on < request.received_on:
        errors["answered_on"] = _("An answer cannot be given before the request was received.")
    if errors:
        raise ValidationError(errors)
    if status == Status.ANSWERED:
        _carry_out(actor, request)
    request.status, request.answer, request.answered_on = status, answer.strip(), answered_on
    request.handled_by = actor
    request.save(update_fields=["status", "answer", "answered_on", "handled_by", "corrected_fields"])
    audit_record(
        actor=actor,
        action=AuditAction.DECIDE if status == Status.ANSWERED else AuditAction.REFUSE,
        object_type="subject_request",
        object_id=request.uuid,
        fields=[
            "status",
            "answer",
            "answered_on",
            *(["corrected_fields"] if request.corrected_fields else []),
        ],
        detail={
            "kind": request.kind,
            "status": status,
            "late": answered_on > request.deadline,
            "corrected_fields": request.corrected_fields,
        },
    )
    return request

"""Opening, changing, closing and reopening cases; taking over a referred person."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixedflows.cases.models import (
    Case,
    CaseMember,
    CasePlan,
    CaseStatus,
    CaseType,
    ReturnCase,
    new_case_reference,
)
from mixedflows.cases.models.cases import CLOSED_STATUSES
from mixedflows.cases.services.common import colleague, require, require_editable, require_own
from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import User
from mixedflows.core.roles import Perm
from mixedflows.integrations.services import event_emit
from mixedflows.people.models import Person
from mixedflows.people.services.takeover import person_take_over
from mixedflows.referrals.models import Referral
from mixedflows.referrals.services import referral_transition


def _check_type(case_type: str) -> None:
    if case_type not in CaseType.values:
        raise ValidationError({"type": _("Unknown case type %(type)r.") % {"type": case_type}})


def _create_case(
    *,
    actor: User,
    person: Person,
    case_type: str,
    caseworker: User | None,
    supervisor: User | None,
    members: Iterable[tuple[Person, str]] = (),
    referral: Referral | None = None,
    source_person: Person | None = None,
) -> Case:
    _check_type(case_type)
    caseworker = colleague(actor, caseworker or actor, Perm.MANAGE_CASES, "caseworker")
    supervisor = colleague(actor, supervisor, Perm.APPROVE_CASES, "supervisor")
    case = Case.objects.create(
        reference=new_case_reference(actor.agency.short_name),
        organisation=actor.agency,
        person=person,
        type=case_type,
        caseworker=caseworker,
        supervisor=supervisor,
        referral=referral,
        source_person=source_person,
        opened_by=actor,
    )
    for member, relationship in members:
        if member.organisation_id != actor.agency.pk:
            raise ValidationError({"members": _("Household members must be your agency's own records.")})
        if member.pk != person.pk:
            CaseMember.objects.get_or_create(
                case=case, person=member, defaults={"relationship": relationship}
            )
    CasePlan.objects.create(case=case, author=actor)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="case",
        object_id=case.uuid,
        fields=["type", "person", "caseworker", "supervisor"]
        + (["members"] if members else [])
        + (["referral"] if referral else []),
        detail={"person": str(person.uuid), **({"referral": str(referral.uuid)} if referral else {})},
    )
    _emit(case, "case.opened")
    return case


def _emit(case: Case, event: str) -> None:
    """The agency's own subscribed systems hear of it (the type stays out: it can disclose trafficking)."""
    data = {
        "case": str(case.uuid),
        "reference": case.reference,
        "status": case.status,
        "person": str(case.person.uuid),
    }
    event_emit(event=event, organisations=[case.organisation], data=data)


@transaction.atomic
def case_open(
    *,
    actor: User,
    person: Person,
    case_type: str,
    supervisor: User | None,
    caseworker: User | None = None,
    members: Iterable[tuple[Person, str]] = (),
) -> Case:
    """Open a case directly for one of the agency's own records (members: [(person, relationship)] of a household)."""
    require(actor, Perm.MANAGE_CASES)
    require_own(actor, person)
    return _create_case(
        actor=actor,
        person=person,
        case_type=case_type,
        caseworker=caseworker,
        supervisor=supervisor,
        members=members,
    )


@transaction.atomic
def case_open_from_referral(
    *,
    actor: User,
    referral: Referral,
    case_type: str,
    supervisor: User | None,
    caseworker: User | None = None,
) -> Case:
    """Take over a referred person: accept the referral, create our own record from the granted fields, open the case."""
    require(actor, Perm.MANAGE_CASES)
    require(actor, Perm.RECEIVE_REFERRALS)
    if actor.organisation is None or referral.to_organisation_id != actor.organisation.pk:
        raise PermissionDenied(_("referral to another organisation"))
    if Case.objects.filter(referral=referral).exists():
        raise ValidationError(_("A case was already opened from this referral."))
    _check_type(case_type)
    referral = referral_transition(
        actor=actor, referral=referral, to_status=Referral.Status.ACCEPTED, reason="Taken over: case opened"
    )
    person = person_take_over(
        actor=actor,
        source=referral.person,
        legal_basis=referral.legal_basis,
        purpose=f"Case management after referral for {referral.get_service_display().lower()}",
        detail={"referral": str(referral.uuid)},
    )
    return _create_case(
        actor=actor,
        person=person,
        case_type=case_type,
        caseworker=caseworker,
        supervisor=supervisor,
        referral=referral,
        source_person=referral.person,
    )


@transaction.atomic
def case_update(
    *, actor: User, case: Case, case_type: str, caseworker: User | None, supervisor: User | None, status: str
) -> list[str]:
    """Change the type, the people responsible, or move between open and follow-up; returns the changed fields."""
    require(actor, Perm.MANAGE_CASES)
    require_own(actor, case)
    require_editable(case)
    _check_type(case_type)
    if status not in (CaseStatus.OPEN, CaseStatus.FOLLOW_UP):
        raise ValidationError(
            {"status": _("A case is closed through a closure request, approved by a supervisor.")}
        )
    values = {
        "type": case_type,
        "status": status,
        "caseworker": colleague(actor, caseworker, Perm.MANAGE_CASES, "caseworker"),
        "supervisor": colleague(actor, supervisor, Perm.APPROVE_CASES, "supervisor"),
    }
    changed = [name for name, value in values.items() if getattr(case, name) != value]
    for name in changed:
        setattr(case, name, values[name])
    if changed:
        case.save()
        audit_record(
            actor=actor, action=AuditAction.CHANGE, object_type="case", object_id=case.uuid, fields=changed
        )
    return changed


@transaction.atomic
def case_close_request(*, actor: User, case: Case, closure_status: str, reason: str) -> Case:
    require(actor, Perm.MANAGE_CASES)
    require_own(actor, case)
    require_editable(case)
    if closure_status not in CLOSED_STATUSES:
        raise ValidationError({"closure_status": _("Choose closed, or closed and referred.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for closing the case.")})
    if case.fund_requests.filter(status__in=["pending", "awaiting_fund_manager"]).exists():
        raise ValidationError(_("Decide the open emergency-fund requests before closing the case."))
    case.closure_requested_at, case.closure_requested_by = timezone.now(), actor
    case.closure_status, case.closure_reason = closure_status, reason.strip()
    case.save()
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="case",
        object_id=case.uuid,
        fields=["closure_requested_at", "closure_status", "closure_reason"],
    )
    return case


@transaction.atomic
def case_close_approve(*, actor: User, case: Case) -> Case:
    """A supervisor who did not ask for the closure approves it."""
    require(actor, Perm.APPROVE_CASES)
    require_own(actor, case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not case.closure_pending:
        raise ValidationError(_("No closure is awaiting approval."))
    if case.closure_requested_by_id == actor.pk:
        raise ValidationError(
            _("Nobody approves the closure they asked for: another supervisor must approve it.")
        )
    case.status, case.closed_at, case.closure_approved_by = case.closure_status, timezone.now(), actor
    case.save()
    ReturnCase.objects.filter(case=case).update(case_open=False)
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="case",
        object_id=case.uuid,
        fields=["status", "closed_at", "closure_approved_by"],
        detail={"status": case.status},
    )
    _emit(case, "case.closed")
    return case


@transaction.atomic
def case_reopen(*, actor: User, case: Case) -> Case:
    """Reopen a closed case (or withdraw a pending closure request)."""
    require(actor, Perm.MANAGE_CASES)
    require_own(actor, case)
    if not case.is_closed and not case.closure_pending:
        raise ValidationError(_("The case is open."))
    case.status = CaseStatus.OPEN
    case.closure_requested_at = case.closure_requested_by = case.closed_at = case.closure_approved_by = None
    case.closure_status = ""
    case.closure_reason = ""
    case.save()
    ReturnCase.objects.filter(case=case).update(case_open=True)
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="case",
        object_id=case.uuid,
        fields=["status", "closure_requested_at", "closed_at"],
        detail={"reopened": True},
    )
    return case


def case_viewed(*, actor: User, case: Case) -> None:
    """Opening a case's page is an audited view."""
    audit_record(actor=actor, action=AuditAction.VIEW, object_type="case", object_id=case.uuid)

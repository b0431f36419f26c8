"""Assessments, the case plan (goals, actions, approval), tasks and reminders, and services delivered."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixedflows.cases.currency import is_currency
from mixedflows.cases.models import (
    Action,
    Assessment,
    AssessmentFactor,
    Case,
    CasePlan,
    Goal,
    ServiceDelivery,
)
from mixedflows.cases.models.plan import FactorKind, Level, Rating, ServiceKind
from mixedflows.cases.services.common import colleague, require, require_editable, require_own
from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import User
from mixedflows.core.roles import Perm


def _writable(actor: User, case: Case) -> None:
    require(actor, Perm.MANAGE_CASES)
    require_own(actor, case)
    require_editable(case)


@transaction.atomic
def assessment_record(
    *,
    actor: User,
    case: Case,
    assessed_on: datetime.date,
    rating: str,
    rating_reason: str,
    factors: list[tuple[str, str, str]],
) -> Assessment:
    """Record a Determinants of Migrant Vulnerability assessment: factors (level, risk/protective, text) and a rating."""
    _writable(actor, case)
    errors = {}
    if rating not in Rating.values:
        errors["rating"] = _("Rate the vulnerability low, medium or high.")
    if not rating_reason.strip():
        errors["rating_reason"] = _("Say why you gave this rating.")
    if assessed_on > timezone.localdate():
        errors["assessed_on"] = _("The assessment date is in the future.")
    factors = [(level, kind, text.strip()) for level, kind, text in factors if text.strip()]
    if not factors:
        errors["factors"] = _("Record at least one risk or protective factor.")
    for level, kind, _text in factors:
        if level not in Level.values or kind not in FactorKind.values:
            errors["factors"] = _("Unknown level or kind of factor (%(level)s, %(kind)s).") % {
                "level": level,
                "kind": kind,
            }
    if errors:
        raise ValidationError(errors)
    assessment = Assessment.objects.create(
        case=case,
        assessed_on=assessed_on,
        assessed_by=actor,
        rating=rating,
        rating_reason=rating_reason.strip(),
    )
    AssessmentFactor.objects.bulk_create(
        AssessmentFactor(assessment=assessment, level=level, kind=kind, description=text)
        for level, kind, text in factors
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="assessment",
        object_id=assessment.uuid,
        fields=["rating", "rating_reason", "factors"],
        detail={"case": str(case.uuid), "rating": rating},
    )
    return assessment


def _plan_changed(plan: CasePlan, actor: User) -> None:
    """A change to an approved or submitted plan sends it back to draft: the supervisor approves what is there."""
    if plan.status != CasePlan.Status.DRAFT:
        plan.status, plan.approved_by, plan.approved_at, plan.submitted_at = (
            CasePlan.Status.DRAFT,
            None,
            None,
            None,
        )
    plan.author = actor
    plan.save()


@transaction.atomic
def goal_add(*, actor: User, case: Case, description: str) -> Goal:
    _writable(actor, case)
    if not description.strip():
        raise ValidationError({"description": _("Describe the goal.")})
    plan = CasePlan.objects.select_for_update().get(case=case)
    goal = Goal.objects.create(plan=plan, description=description.strip(), created_by=actor)
    _plan_changed(plan, actor)
    audit_record(
        actor=actor, action=AuditAction.CHANGE, object_type="case", object_id=case.uuid, fields=["plan.goals"]
    )
    return goal


@transaction.atomic
def action_add(
    *,
    actor: User,
    case: Case,
    description: str,
    owner: User | None,
    due_on: datetime.date,
    goal: Goal | None = None,
) -> Action:
    """A plan action (with a goal) or a task or reminder (without): an owner of the agency and a due date."""
    _writable(actor, case)
    if not description.strip():
        raise ValidationError({"description": _("Describe what is to be done.")})
    if due_on is None:
        raise ValidationError({"due_on": _("Give a due date.")})
    owner = colleague(actor, owner, Perm.VIEW_CASES, "owner")
    if goal is not None and goal.plan.case_id != case.pk:
        raise ValidationError({"goal": _("That goal belongs to another case.")})
    action = Action.objects.create(
        organisation=case.organisation,
        case=case,
        goal=goal,
        description=description.strip(),
        owner=owner,
        due_on=due_on,
        created_by=actor,
    )
    if goal is not None:
        _plan_changed(CasePlan.objects.select_for_update().get(case=case), actor)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="case_action",
        object_id=action.uuid,
        fields=["description", "owner", "due_on"] + (["goal"] if goal else []),
        detail={"case": str(case.uuid)},
    )
    return action


@transaction.atomic
def action_done(*, actor: User, action: Action) -> Action:
    require_own(actor, action)
    case = action.case
    require_editable(case)
    if action.owner_id != actor.pk and not actor.can(Perm.MANAGE_CASES):
        raise ValidationError(_("Only the owner or a caseworker marks this action done."))
    if action.done_at is None:
        action.done_at = timezone.now()
        action.save(update_fields=["done_at"])
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            object_type="case_action",
            object_id=action.uuid,
            fields=["done_at"],
        )
    return action


@transaction.atomic
def plan_submit(*, actor: User, case: Case) -> CasePlan:
    _writable(actor, case)
    plan = CasePlan.objects.select_for_update().get(case=case)
    if not plan.goals.exists():
        raise ValidationError(_("A plan needs at least one goal before it is submitted."))
    if plan.status == CasePlan.Status.APPROVED:
        raise ValidationError(_("The plan is already approved."))
    plan.status, plan.submitted_at = CasePlan.Status.SUBMITTED, timezone.now()
    plan.save()
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="case",
        object_id=case.uuid,
        fields=["plan.status"],
        detail={"plan": "submitted"},
    )
    return plan


@transaction.atomic
def plan_approve(*, actor: User, case: Case) -> CasePlan:
    """A supervisor approves a submitted plan they did not write."""
    require(actor, Perm.APPROVE_CASES)
    require_own(actor, case)
    require_editable(case)
    plan = CasePlan.objects.select_for_update().get(case=case)
    if plan.status != CasePlan.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted plan can be approved."))
    authors = {plan.author_id} | set(Goal.objects.filter(plan=plan).values_list("created_by_id", flat=True))
    if actor.pk in authors:
        raise ValidationError(_("Nobody approves a plan they wrote: another supervisor must approve it."))
    plan.status, plan.approved_by, plan.approved_at = CasePlan.Status.APPROVED, actor, timezone.now()
    plan.save()
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="case",
        object_id=case.uuid,
        fields=["plan.status"],
        detail={"plan": "approved"},
    )
    return plan


@transaction.atomic
def service_record(
    *,
    actor: User,
    case: Case,
    kind: str,
    provider: str,
    delivered_on: datetime.date,
    cost: Decimal | None = None,
    currency: str = "",
    note: str = "",
) -> ServiceDelivery:
    """Record a service delivered: what, who provided it, when, and its cost in a currency (ISO 4217)."""
    _writable(actor, case)
    errors = {}
    currency = (currency or "").strip().upper()
    if kind not in ServiceKind.values:
        errors["kind"] = _("Unknown service %(kind)r.") % {"kind": kind}
    if not provider.strip():
        errors["provider"] = _("Say who provided the service.")
    if delivered_on is None or delivered_on > timezone.localdate():
        errors["delivered_on"] = _("Give the date the service was delivered (not in the future).")
    if cost is not None:
        if not isinstance(cost, Decimal) or cost < 0:
            errors["cost"] = _("A cost is a positive amount.")
        elif not is_currency(currency):
            errors["currency"] = _("Give the currency of the cost (ISO 4217, e.g. EUR).")
    elif currency and not is_currency(currency):
        errors["currency"] = _("Unknown currency %(currency)r.") % {"currency": currency}
    if errors:
        raise ValidationError(errors)
    service = ServiceDelivery.objects.create(
        organisation=case.organisation,
        case=case,
        kind=kind,
        provider=provider.strip(),
        delivered_on=delivered_on,
        cost=cost,
        currency=currency if cost is not None else "",
        note=note.strip(),
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="case_service",
        object_id=service.uuid,
        fields=["kind", "provider", "delivered_on"] + (["cost", "currency"] if cost is not None else []),
        detail={"case": str(case.uuid)},
    )
    return service

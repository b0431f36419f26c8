import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import User
from mixedflows.detention.models import Finding, Recommendation, RecommendationStep, Visit
from mixedflows.detention.services.common import require_monitor, require_own

Status = Recommendation.Status


@transaction.atomic
def recommendation_add(
    *,
    actor: User,
    visit: Visit,
    text: str,
    addressed_to: str,
    due_on: datetime.date,
    finding: Finding | None = None,
) -> Recommendation:
    """A recommendation made at a visit, open until a later visit or a letter says otherwise."""
    require_monitor(actor)
    require_own(actor, visit)
    errors = {}
    if not text.strip():
        errors["text"] = "Say what the authority should do."
    if not addressed_to.strip():
        errors["addressed_to"] = "Name the authority the recommendation is addressed to."
    if due_on < timezone.localdate(visit.started_at):
        errors["due_on"] = "The due date is before the visit."
    if finding is not None and finding.visit_id != visit.pk:
        errors["finding"] = "The finding is from another visit."
    if errors:
        raise ValidationError(errors)
    recommendation = Recommendation.objects.create(
        organisation=actor.agency,
        created_by=actor,
        facility=visit.facility,
        visit=visit,
        finding=finding,
        text=text.strip(),
        addressed_to=addressed_to.strip(),
        due_on=due_on,
        status_changed_at=timezone.now(),
    )
    RecommendationStep.objects.create(
        organisation=actor.agency,
        created_by=actor,
        recommendation=recommendation,
        to_status=Status.OPEN,
        reason="Made at the visit.",
        source=RecommendationStep.Source.VISIT,
        visit=visit,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="detention_recommendation",
        object_id=recommendation.uuid,
        fields=["text", "addressed_to", "due_on"],
    )
    return recommendation


@transaction.atomic
def recommendation_status_change(
    *,
    actor: User,
    recommendation: Recommendation,
    to_status: str,
    reason: str,
    visit: Visit | None = None,
    letter_on: datetime.date | None = None,
) -> RecommendationStep:
    """Move a recommendation's status, with the reason, as seen at a later visit or read in a follow-up letter."""
    require_monitor(actor)
    require_own(actor, recommendation)
    errors = {}
    if to_status not in Status.values:
        errors["to_status"] = "Choose the new status."
    elif to_status == recommendation.status:
        errors["to_status"] = f"The recommendation is already {recommendation.get_status_display().lower()}."
    if not reason.strip():
        errors["reason"] = "Give the reason for the change: what the team saw, or what the letter says."
    if (visit is None) == (letter_on is None):
        errors["source"] = "Say whether the change was seen at a visit or read in a follow-up letter."
    elif visit is not None:
        require_own(actor, visit)
        if visit.facility_id != recommendation.facility_id:
            errors["source"] = "The visit is to another facility."
        elif visit.started_at <= recommendation.visit.started_at:
            errors["source"] = "A recommendation changes at a later visit than the one that made it."
    elif letter_on is not None and not (
        timezone.localdate(recommendation.visit.started_at) <= letter_on <= timezone.localdate()
    ):
        errors["letter_on"] = "The letter's date is between the visit that made the recommendation and today."
    if errors:
        raise ValidationError(errors)
    step = RecommendationStep.objects.create(
        organisation=actor.agency,
        created_by=actor,
        recommendation=recommendation,
        from_status=recommendation.status,
        to_status=to_status,
        reason=reason.strip(),
        source=RecommendationStep.Source.VISIT if visit else RecommendationStep.Source.LETTER,
        visit=visit,
        letter_on=letter_on,
    )
    recommendation.status, recommendation.status_changed_at = to_status, timezone.now()
    recommendation.save(update_fields=["status", "status_changed_at"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="detention_recommendation",
        object_id=recommendation.uuid,
        fields=["status"],
        detail={"from": step.from_status, "to": to_status},
    )
    return step

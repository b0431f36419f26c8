"""Writes for linkage: decisions, merges and their undoing, trained models. One transaction each, audited."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import User
from mixedflows.core.roles import Perm
from mixedflows.linkage.models import LinkageModel, MatchCandidate, Merge
from mixedflows.people.models import Person


@transaction.atomic
def model_save(*, settings: dict, records: int, actor: User | None = None) -> LinkageModel:
    """Store a trained model as the next version; the newest version is the one in use."""
    last = LinkageModel.objects.select_for_update().order_by("-version").first()
    model = LinkageModel.objects.create(
        version=(last.version + 1) if last else 1, settings=settings, records=records, trained_by=actor
    )
    if actor is not None:
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="linkage_model",
            object_id=model.uuid,
            fields=["settings"],
        )
    return model


@transaction.atomic
def person_merge(
    *, actor: User, survivor: Person, retired: Person, reason: str, candidate: MatchCandidate | None = None
) -> Merge:
    """Retire `retired` into `survivor` (same organisation only). Nothing is moved or deleted, so undo is exact."""
    actor.require(Perm.REVIEW_LINKAGE)
    org = actor.agency
    if survivor.organisation_id != org.pk or retired.organisation_id != org.pk:
        raise PermissionDenied("records of another organisation are never merged")
    if survivor.pk == retired.pk:
        raise ValidationError({"retired": _("A record cannot be merged into itself.")})
    if survivor.retired_at or retired.retired_at:
        raise ValidationError({"retired": _("One of these records is already merged into another.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why these records are the same person.")})
    # Records already merged into the one we retire follow it to the survivor's timeline through it.
    Person.objects.filter(pk=retired.pk).update(merged_into=survivor, retired_at=timezone.now())
    merge = Merge.objects.create(
        organisation=org,
        survivor=survivor,
        retired=retired,
        candidate=candidate,
        reason=reason.strip()[:300],
        merged_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.MERGE,
        object_type="person",
        object_id=retired.uuid,
        fields=["merged_into", "retired_at"],
        detail={"survivor": str(survivor.uuid), "merge": str(merge.uuid)},
    )
    return merge


@transaction.atomic
def merge_undo(*, actor: User, merge: Merge) -> None:
    """Restore the retired record exactly as it was before the merge."""
    actor.require(Perm.REVIEW_LINKAGE)
    if merge.organisation_id != actor.agency.pk:
        raise PermissionDenied("merge of another organisation")
    if merge.undone_at:
        raise ValidationError({"merge": _("This merge was already undone.")})
    Person.objects.filter(pk=merge.retired_id).update(merged_into=None, retired_at=None)
    merge.undone_by, merge.undone_at = actor, timezone.now()
    merge.save(update_fields=["undone_by", "undone_at"])
    if merge.candidate_id:
        MatchCandidate.objects.filter(pk=merge.candidate_id).update(
            status=MatchCandidate.Status.UNSURE, note="merge undone"
        )
    audit_record(
        actor=actor,
        action=AuditAction.UNMERGE,
        object_type="person",
        object_id=merge.retired.uuid,
        fields=["merged_into", "retired_at"],
        detail={"merge": str(merge.uuid)},
    )


@transaction.atomic
def candidate_decide(
    *, actor: User, candidate: MatchCandidate, decision: str, note: str = ""
) -> Merge | None:
    """Record a reviewer's decision (kept as a label); "same person" merges the newer record into the older."""
    actor.require(Perm.REVIEW_LINKAGE)
    if candidate.organisation_id != actor.agency.pk:
        raise PermissionDenied("candidate of another organisation")
    if decision not in {
        MatchCandidate.Status.SAME,
        MatchCandidate.Status.DIFFERENT,
        MatchCandidate.Status.UNSURE,
    }:
        raise ValidationError({"decision": _("Unknown decision “%(decision)s”.") % {"decision": decision}})
    candidate.status, candidate.decided_by, candidate.decided_at = decision, actor, timezone.now()
    candidate.note = note.strip()[:300]
    candidate.save(update_fields=["status", "decided_by", "decided_at", "note"])
    audit_record(
        actor=actor,
        action=AuditAction.DECIDE,
        object_type="match_candidate",
        object_id=candidate.uuid,
        fields=["status"],
        detail={"decision": decision},
    )
    if decision != MatchCandidate.Status.SAME:
        return None
    older, newer = sorted([candidate.person_a, candidate.person_b], key=lambda p: (p.created_at, p.pk))
    return person_merge(
        actor=actor,
        survivor=older,
        retired=newer,
        candidate=candidate,
        # Kept in English like every stored value; the pages show it translated.
        reason=candidate.note or gettext_noop("confirmed in linkage review"),
    )


@transaction.atomic
def candidate_propose(
    *,
    actor: User,
    person_a: Person,
    person_b: Person,
    probability: float,
    reasons: list,
    model_version: int | None = None,
) -> MatchCandidate:
    """Put a pair of the actor's own records in the review queue (from the registration page)."""
    actor.require(Perm.REGISTER_PEOPLE)
    if person_a.organisation_id != actor.agency.pk or person_b.organisation_id != actor.agency.pk:
        raise PermissionDenied("records of another organisation")
    a, b = sorted([person_a, person_b], key=lambda p: p.pk)
    candidate, _created = MatchCandidate.objects.get_or_create(
        person_a=a,
        person_b=b,
        defaults={
            "organisation": actor.agency,
            "probability": probability,
            "reasons": reasons,
            "model_version": model_version,
        },
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="match_candidate",
        object_id=candidate.uuid,
        fields=["pair"],
    )
    return candidate

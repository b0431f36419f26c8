import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixedflows.core.models import Job, Organisation, User
from mixedflows.core.querysets import OwnedQuerySet
from mixedflows.linkage.querysets import MatchCandidateQuerySet, MergeQuerySet
from mixedflows.people.models import Person


class LinkageModel(models.Model):
    """A trained Splink model (its settings JSON with m and u), reused until the next training."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.PositiveIntegerField(unique=True)
    settings = models.JSONField()
    records = models.PositiveIntegerField(default=0, help_text="Records it was trained on")
    trained_at = models.DateTimeField(default=timezone.now)
    trained_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"linkage model v{self.version}"


class MatchCandidate(models.Model):
    """Two records of one organisation that may be the same person, waiting for (or holding) a human decision.

    Decisions are kept as labels for evaluation.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        SAME = "same", _("Same person")
        DIFFERENT = "different", _("Different people")
        UNSURE = "unsure", _("Not sure")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person_a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField()
    reasons = models.JSONField(default=list)
    model_version = models.PositiveIntegerField(null=True, blank=True)
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = MatchCandidateQuerySet.as_manager()

    class Meta:
        ordering = ["status", "-probability"]
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="one_candidate_per_pair")
        ]
        indexes = [models.Index(fields=["organisation", "status"], name="candidate_queue_idx")]


class Merge(models.Model):
    """A confirmed duplicate inside one organisation: `retired` is kept whole and points at `survivor`."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    retired = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    candidate = models.ForeignKey(
        MatchCandidate, on_delete=models.SET_NULL, null=True, blank=True, related_name="merges"
    )
    reason = models.CharField(max_length=300)
    merged_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(default=timezone.now)
    undone_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    undone_at = models.DateTimeField(null=True, blank=True)

    objects = MergeQuerySet.as_manager()

    class Meta:
        ordering = ["-merged_at"]


class MatchNotice(models.Model):
    """Another agency holds a record that matches one of ours: we learn who, never the record."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    other_organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField()
    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    objects = OwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "other_organisation"], name="one_notice_per_agency")
        ]


class MovementFlag(models.Model):
    """A movement pattern found in a person's encounters; the flows analytics count these rows."""

    class Kind(models.TextChoices):
        SECONDARY = "secondary", _("Secondary movement")
        CIRCULAR = "circular", _("Circular movement")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="movement_flags")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    first_at = models.DateTimeField()
    last_at = models.DateTimeField()
    countries = models.JSONField(default=list)
    crossings = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(default=timezone.now)
    objects = OwnedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "kind"], name="one_flag_per_kind")]
        indexes = [models.Index(fields=["organisation", "kind"], name="movement_flag_count_idx")]

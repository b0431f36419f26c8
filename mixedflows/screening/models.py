import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixedflows.core.fields import EncryptedJSONField
from mixedflows.core.models import Organisation, Site, User
from mixedflows.people.models import Encounter, Person
from mixedflows.screening.codes import Urgency
from mixedflows.screening.querysets import ScreeningQuerySet


class Instrument(models.Model):
    """One version of a screening instrument, loaded from its YAML file. Never edited: a new version is a new row."""

    code = models.CharField(max_length=64)
    version = models.CharField(max_length=32)
    title = models.CharField(max_length=200)
    definition = models.JSONField(
        help_text="Sections, questions, options, help text and rules, as in the YAML file"
    )
    sha256 = models.CharField(max_length=64, help_text="Hash of the source file, to refuse silent edits")
    loaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="instrument_code_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"


class Screening(models.Model):
    """A pre-screening of one person with one instrument version, and its outcome."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        COMPLETED = "completed", _("Completed")

    class Source(models.TextChoices):
        WEB = "web", _("Screening page")
        ODK = "odk", _("ODK Central / KoboToolbox submission")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="screenings")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="screenings")
    encounter = models.ForeignKey(
        Encounter, on_delete=models.SET_NULL, null=True, blank=True, related_name="screenings"
    )
    site = models.ForeignKey(Site, on_delete=models.PROTECT, null=True, blank=True, related_name="screenings")
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT, related_name="screenings")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.IN_PROGRESS)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.WEB)
    submission_id = models.CharField(
        max_length=100, blank=True, help_text="ODK instanceID, for idempotent imports"
    )
    submission_versions = models.JSONField(
        default=list, blank=True, help_text="Every instanceID of the submission seen so far (edits add one)"
    )
    # The answers and the outcome derived from them say who is a survivor of GBV or trafficking, who is ill:
    # encrypted at rest (#16 item 10), read whole in Python, never queried in SQL.
    answers = EncryptedJSONField(default=dict)
    # Set when the server's reviewer rejected the submission after it was imported: a person must look again.
    rejected_at_source_at = models.DateTimeField(null=True, blank=True)
    # Outcome, recomputed from the answers by the instrument's rules.
    categories = EncryptedJSONField(default=list, help_text="ProfileCategory codes; several may hold")
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    procedures = EncryptedJSONField(default=list, help_text="Procedure codes recommended")
    explanation = EncryptedJSONField(default=list, help_text="Which answers triggered which outcome")
    performed_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    # The funded project this activity counts towards (core's project register; issue 13).
    project = models.ForeignKey(
        "core.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project"),
    )

    objects = ScreeningQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "site", "completed_at"], name="screening_site_time_idx"),
            models.Index(fields=["organisation", "submission_id"], name="screening_submission_idx"),
        ]

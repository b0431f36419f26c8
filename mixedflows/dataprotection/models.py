"""The breach register: what happened, when, who was affected, and the notifications owed and made."""

import datetime
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixedflows.core.models import Job, OwnedModel, User
from mixedflows.core.querysets import OwnedQuerySet


class BreachQuerySet(OwnedQuerySet):
    view_permission = "dataprotection.manage_breaches"


class Breach(OwnedModel):
    class Risk(models.TextChoices):
        UNLIKELY = "unlikely", _("Unlikely to result in a risk to the people")
        RISK = "risk", _("A risk to the people")
        HIGH = "high", _("A high risk to the people")

    title = models.CharField(_("what happened"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    occurred_at = models.DateTimeField(_("occurred"), null=True, blank=True)
    discovered_at = models.DateTimeField(_("discovered"))
    risk = models.CharField(_("risk"), max_length=16, choices=Risk.choices)
    # {record type code: how many records of it}, codes of dataprotection.records.RecordType.
    affected_counts = models.JSONField(default=dict)
    # The people concerned, where known (the agency's own records).
    people = models.ManyToManyField("people.Person", blank=True, related_name="+")

    objects = BreachQuerySet.as_manager()  # type: ignore[misc]  # a narrower OwnedQuerySet than the base's

    class Meta:
        ordering = ["-discovered_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def affected_total(self) -> int:
        return sum(self.affected_counts.values())


class BreachNotification(models.Model):
    """A notification the breach owes, with its deadline (from the discovery), and when it was made."""

    class Recipient(models.TextChoices):
        SUPERVISORY_AUTHORITY = "supervisory_authority", _("Supervisory authority")
        DATA_SUBJECTS = "data_subjects", _("The people concerned")
        PARTNER_AGENCIES = "partner_agencies", _("Agencies the records were shared with")
        HEAD_OF_OFFICE = "head_of_office", _("Head of office and the organisation's data protection unit")

    # Hours from the discovery: 72 h to the supervisory authority (as GDPR Art. 33); the people concerned
    # "without undue delay" (Art. 34), held here to the same 72 h; partners and the head of office within a day.
    DEADLINE_HOURS: dict[str, int] = {
        Recipient.SUPERVISORY_AUTHORITY: 72,
        Recipient.DATA_SUBJECTS: 72,
        Recipient.PARTNER_AGENCIES: 24,
        Recipient.HEAD_OF_OFFICE: 24,
    }

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    breach = models.ForeignKey(Breach, on_delete=models.PROTECT, related_name="notifications")
    recipient = models.CharField(_("to"), max_length=32, choices=Recipient.choices)
    due_at = models.DateTimeField(_("due"))
    made_at = models.DateTimeField(_("made"), null=True, blank=True)
    made_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    reference = models.CharField(_("reference"), max_length=200, blank=True)

    class Meta:
        ordering = ["due_at", "recipient"]
        constraints = [
            models.UniqueConstraint(fields=["breach", "recipient"], name="one_notification_per_recipient")
        ]

    @property
    def overdue(self) -> bool:
        return self.made_at is None and self.due_at < timezone.now()

    @property
    def late_by(self) -> datetime.timedelta | None:
        """How late it was made (None when on time or not yet made)."""
        if self.made_at and self.made_at > self.due_at:
            return self.made_at - self.due_at
        return None


class RetentionPeriod(OwnedModel):
    """How many months after a person's last encounter an agency keeps one type of record."""

    record_type = models.CharField(_("record type"), max_length=32)
    months = models.PositiveSmallIntegerField(_("months"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "record_type"], name="one_period_per_record_type")
        ]


class RetentionRun(OwnedModel):
    """One run of the anonymisation job: the periods it applied and the proof of what it removed, by type."""

    job = models.ForeignKey(Job, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    periods = models.JSONField(default=dict)
    counts = models.JSONField(default=dict)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]


class AnonymisedPerson(models.Model):
    """A person record whose identity the retention job removed; the age band it kept for statistics."""

    person = models.OneToOneField("people.Person", on_delete=models.CASCADE, related_name="anonymised")
    # None when it was erased at the person's own request (a SubjectRequest), not by a retention run.
    run = models.ForeignKey(
        RetentionRun, on_delete=models.PROTECT, null=True, blank=True, related_name="people"
    )
    age_band = models.CharField(max_length=8)
    anonymised_at = models.DateTimeField(default=timezone.now)


class SubjectRequestQuerySet(OwnedQuerySet):
    view_permission = "dataprotection.handle_subject_requests"


class SubjectRequest(OwnedModel):
    """A person's request about their own data (issue 16, item 11), with its legal deadline and its answer."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("Access (a copy of everything held)")
        CORRECTION = "correction", _("Correction")
        RESTRICTION = "restriction", _("Restriction of processing")
        ERASURE = "erasure", _("Erasure")
        OBJECTION = "objection", _("Objection to processing")

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        PHONE = "phone", _("By phone")
        WRITING = "writing", _("In writing (letter or e-mail)")
        REPRESENTATIVE = "representative", _("Through a representative or guardian")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        IN_PROGRESS = "in_progress", _("In progress")
        ANSWERED = "answered", _("Answered")
        REFUSED = "refused", _("Refused")

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("request"), max_length=16, choices=Kind.choices)
    received_on = models.DateField(_("received"))
    channel = models.CharField(_("received how"), max_length=16, choices=Channel.choices)
    deadline = models.DateField(_("legal deadline"))
    language = models.CharField(_("language of the answer"), max_length=8, default="en")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    answer = models.TextField(_("answer"), blank=True)
    answered_on = models.DateField(_("answered"), null=True, blank=True)
    handled_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # Correction: the names of the fields corrected (never their values).
    corrected_fields = models.JSONField(default=list, blank=True)

    objects = SubjectRequestQuerySet.as_manager()  # type: ignore[misc]  # a narrower OwnedQuerySet than the base's

    class Meta:
        ordering = ["deadline", "received_on"]

    def __str__(self) -> str:
        return f"{self.kind} {self.received_on}"

    @property
    def closed(self) -> bool:
        return self.status in (self.Status.ANSWERED, self.Status.REFUSED)

    @property
    def days_left(self) -> int:
        """Days to the deadline (negative: overdue by that many)."""
        return (self.deadline - timezone.localdate()).days

    @property
    def overdue(self) -> bool:
        return not self.closed and self.days_left < 0

    @property
    def overdue_by(self) -> int:
        return -self.days_left

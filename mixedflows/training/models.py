"""Training of officials: courses, events, the institutions officials come from, participants, attendance,
tests and certificates, and the trainers of each event (some of them officials we trained before).

Participants are officials (a border guard, a labour inspector), not migrants: they are not `people.Person`.
"""

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _

from mixedflows.core.models import OwnedModel
from mixedflows.training.querysets import TrainingQuerySet


class Topic(models.TextChoices):
    BORDER_MANAGEMENT = "border_management", _("Border management")
    MIGRATION_LAW = "migration_law", _("International migration law")
    COUNTER_TRAFFICKING = "counter_trafficking", _("Counter-trafficking")
    VULNERABLE_MIGRANTS = "vulnerable_migrants", _("Identification of vulnerable migrants")
    PROTECTION_SENSITIVE_ENTRY = "protection_sensitive_entry", _("Protection-sensitive entry")
    LABOUR_MIGRATION = "labour_migration", _("Labour migration")
    CHILD_PROTECTION = "child_protection", _("Child protection")
    FIRST_ASSISTANCE = "first_assistance", _("First assistance")


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "X", _("Other or not stated")


class Course(OwnedModel):
    """What is taught: a topic, its modules in order, the languages it is given in."""

    title = models.CharField(_("title"), max_length=200)
    topic = models.CharField(_("topic"), max_length=32, choices=Topic.choices)
    modules = models.JSONField(_("modules"), default=list)
    languages = models.JSONField(_("languages"), default=list, help_text="ISO 639-3 codes")
    description = models.TextField(_("description"), blank=True)

    objects = TrainingQuerySet.as_manager()  # type: ignore[misc]  # a narrower OwnedQuerySet than the base's

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Event(OwnedModel):
    """One run of a course: where, when, in which format, organised and funded by whom."""

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="events")
    title = models.CharField(_("title"), max_length=200)
    place = models.CharField(_("place"), max_length=200)
    country = models.CharField(_("country"), max_length=3, help_text=_("ISO 3166-1 alpha-3"))
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    format = models.CharField(_("format"), max_length=12, choices=Format.choices)
    language = models.CharField(_("language"), max_length=3, blank=True, help_text="ISO 639-3")
    organiser = models.CharField(_("organiser"), max_length=200)
    funding = models.CharField(_("funding"), max_length=200, blank=True)
    # The funded project this activity counts towards (core's project register; issue 13).
    project = models.ForeignKey(
        "core.Project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("project"),
    )

    objects = TrainingQuerySet.as_manager()  # type: ignore[misc]  # a narrower OwnedQuerySet than the base's

    class Meta:
        ordering = ["-starts_on", "title"]
        indexes = [models.Index(fields=["organisation", "starts_on"], name="training_event_start_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def days(self) -> list[datetime.date]:
        return [
            self.starts_on + datetime.timedelta(days=n)
            for n in range((self.ends_on - self.starts_on).days + 1)
        ]


class Institution(OwnedModel):
    """Where officials work, as the agency records it: a type from the fixed list, in a country."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        POLICE = "police", _("Police")
        BORDER_GUARD = "border_guard", _("Border guard")
        COAST_GUARD = "coast_guard", _("Coast guard")
        HEALTH = "health", _("Health")
        JUSTICE = "justice", _("Justice")
        SOCIAL_SERVICES = "social_services", _("Social services")
        NGO = "ngo", _("NGO")
        PRIVATE_SECTOR = "private_sector", _("Private sector")

    name = models.CharField(_("institution"), max_length=200)
    kind = models.CharField(_("type of institution"), max_length=20, choices=Kind.choices)
    country = models.CharField(_("country"), max_length=3, help_text=_("ISO 3166-1 alpha-3"))

    objects = TrainingQuerySet.as_manager()  # type: ignore[misc]  # a narrower OwnedQuerySet than the base's

    class Meta:
        ordering = ["country", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name", "country"], name="training_institution_once_per_country"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Participant(OwnedModel):
    """An official enrolled in one event: who, from where, with attendance, test scores and certificate."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="participants")
    full_name = models.CharField(_("name"), max_length=200)
    # The name folded (case, accents, spaces) with the institution: the same official twice is refused.
    identity_key = models.CharField(max_length=300, editable=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="participants")
    position = models.CharField(_("position"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    pre_score = models.PositiveSmallIntegerField(_("pre-test score (%)"), null=True, blank=True)
    post_score = models.PositiveSmallIntegerField(_("post-test score (%)"), null=True, blank=True)
    pre_test_on = models.DateField(_("pre-test taken on"), null=True, blank=True)
    post_test_on = models.DateField(_("post-test taken on"), null=True, blank=True)
    # Long and random (80 bits), shown on the certificate and checked on the public page; empty until issued.
    certificate_code = models.CharField(max_length=16, blank=True, editable=False)
    certificate_issued_on = models.DateField(null=True, blank=True, editable=False)

    objects = TrainingQuerySet.as_manager()  # type: ignore[misc]  # a narrower OwnedQuerySet than the base's

    class Meta:
        ordering = ["full_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "identity_key"], name="training_participant_once_per_event"
            ),
            models.UniqueConstraint(
                fields=["certificate_code"],
                condition=~models.Q(certificate_code=""),
                name="training_certificate_code_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def gain(self) -> int | None:
        if self.pre_score is None or self.post_score is None:
            return None
        return self.post_score - self.pre_score


class Attendance(OwnedModel):
    """Whether a participant was there on one day of the event."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="attendance")
    day = models.DateField(_("day"))
    present = models.BooleanField(_("present"))

    objects = TrainingQuerySet.as_manager()  # type: ignore[misc]  # a narrower OwnedQuerySet than the base's

    class Meta:
        ordering = ["participant", "day"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "day"], name="training_attendance_once_per_day")
        ]


class Trainer(OwnedModel):
    """Who taught at an event. `trained_as` links a trainer to their own earlier participation: training of
    trainers, so that the officials they reach count in the cascade."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="trainers")
    name = models.CharField(_("name"), max_length=200)
    trained_as = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="trained_later",
        verbose_name=_("trained by us as a participant of"),
    )

    objects = TrainingQuerySet.as_manager()  # type: ignore[misc]  # a narrower OwnedQuerySet than the base's

    class Meta:
        ordering = ["event", "name"]

    def __str__(self) -> str:
        return self.name

"""Cooperation between agencies and States: joint standard operating procedures, coordination forums with their
meetings, decisions and action points, and the documents (minutes, SOPs, reports) stored with them."""

import datetime

from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixedflows.cooperation.querysets import (
    DocumentQuerySet,
    ForumMemberQuerySet,
    ForumPartQuerySet,
    ForumQuerySet,
    SopQuerySet,
    SopStepQuerySet,
)
from mixedflows.core.models import Organisation, OwnedModel, User
from mixedflows.lib.env import data_dir


def documents_storage() -> FileSystemStorage:
    """Stored documents live in the data directory, outside anything a web server serves; only the document view
    (permission checked) reads them."""
    return FileSystemStorage(location=data_dir() / "documents", base_url=None)


def document_path(document: "Document", filename: str) -> str:
    # The random uuid alone names the file on disk: nothing of the upload's own name, nothing guessable.
    return f"{document.uuid.hex[:2]}/{document.uuid.hex}"


class Document(OwnedModel):
    class Kind(models.TextChoices):
        MINUTES = "minutes", _("Minutes")
        SOP = "sop", _("Standard operating procedure")
        AGENDA = "agenda", _("Agenda")
        REPORT = "report", _("Report")
        OTHER = "other", _("Other")

    kind = models.CharField(_("type of document"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    file = models.FileField(storage=documents_storage, upload_to=document_path, max_length=200)
    # What it belongs to, which says who may read it besides its agency.
    forum = models.ForeignKey(
        "cooperation.Forum", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    sop = models.ForeignKey(
        "cooperation.Sop", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    objects = DocumentQuerySet.as_manager()  # type: ignore[misc]  # wider than the owner's rows

    def __str__(self) -> str:
        return self.title


class Sop(OwnedModel):
    """A standard operating procedure agreed between agencies (e.g. the joint IOM-UNHCR procedure for trafficked
    persons): who screens, who interviews, who decides, who assists. `organisation` keeps the text."""

    title = models.CharField(_("title"), max_length=200)
    scope = models.TextField(_("scope"))
    parties = models.ManyToManyField(Organisation, related_name="sops", verbose_name=_("parties"))
    version = models.CharField(_("version"), max_length=20)
    signed_on = models.DateField(_("signed on"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    document = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = SopQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["title", "-valid_from"]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    def in_force_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class SopStep(models.Model):
    """One step of a procedure and the agency responsible for it. It says what it governs (a referral for a
    service: the procedure code referrals use), so a referral's page can show the step it follows."""

    sop = models.ForeignKey(Sop, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("step"))
    title = models.CharField(_("what is done"), max_length=200)
    description = models.TextField(_("how"), blank=True)
    responsible = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("responsible agency")
    )
    governs_service = models.CharField(
        _("governs referrals for"),
        max_length=40,
        blank=True,
        help_text=_(
            "The service code of the referrals this step governs, e.g. anti_trafficking_identification"
        ),
    )

    objects = SopStepQuerySet.as_manager()

    class Meta:
        ordering = ["sop", "position"]
        constraints = [models.UniqueConstraint(fields=["sop", "position"], name="one_sop_step_per_position")]

    def __str__(self) -> str:
        return f"{self.position}. {self.title}"


class Forum(OwnedModel):
    """A coordination forum: a national mixed migration task force, a protection working group, a regional
    consultative process. `organisation` is the agency that holds its secretariat."""

    class Kind(models.TextChoices):
        TASK_FORCE = "task_force", _("Task force")
        WORKING_GROUP = "working_group", _("Working group")
        REGIONAL_PROCESS = "regional_process", _("Regional consultative process")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    scope = models.TextField(_("scope"), blank=True)
    countries = models.JSONField(_("countries"), default=list, blank=True)

    objects = ForumQuerySet.as_manager()  # type: ignore[misc]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ForumMember(models.Model):
    """A member of a forum: an agency of the installation, or a State (by its ISO code)."""

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    state = models.CharField(_("State"), max_length=3, blank=True, help_text=_("ISO 3166-1 alpha-3"))
    role = models.CharField(_("role"), max_length=40, blank=True)

    objects = ForumMemberQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organisation__isnull=False, state="")
                | models.Q(organisation__isnull=True) & ~models.Q(state=""),
                name="forum_member_is_an_agency_or_a_state",
            ),
            models.UniqueConstraint(
                fields=["forum", "organisation", "state"], name="one_membership_per_forum"
            ),
        ]


class Meeting(OwnedModel):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    participants = models.ManyToManyField(
        Organisation, related_name="+", blank=True, verbose_name=_("participating agencies")
    )
    other_participants = models.TextField(
        _("other participants"), blank=True, help_text=_("States, observers")
    )
    agenda = models.TextField(_("agenda"))
    minutes = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = ForumPartQuerySet.as_manager()  # type: ignore[misc]  # seen by the forum's members

    class Meta:
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.forum} {self.held_on:%Y-%m-%d}"


class Decision(OwnedModel):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="decisions")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    text = models.TextField(_("decision"))

    objects = ForumPartQuerySet.as_manager()  # type: ignore[misc]  # seen by the forum's members

    class Meta:
        ordering = ["created_at"]


class ActionPoint(OwnedModel):
    """Something a member agency undertook at a meeting, followed until done. `organisation` recorded it;
    `owner` must do it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")
        DROPPED = "dropped", _("Dropped")

    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="action_points")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_points")
    text = models.TextField(_("action"))
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner agency")
    )
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = ForumPartQuerySet.as_manager()  # type: ignore[misc]  # seen by the forum's members

    class Meta:
        ordering = ["due_on", "created_at"]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.IN_PROGRESS)

    def overdue_on(self, day: datetime.date | None = None) -> bool:
        return self.is_open and self.due_on < (day or timezone.localdate())

    @property
    def days_overdue(self) -> int:
        return max(0, (timezone.localdate() - self.due_on).days) if self.is_open else 0


class ActionPointUpdate(models.Model):
    """Each change of an action point's status: who, when, with what note."""

    action_point = models.ForeignKey(ActionPoint, on_delete=models.CASCADE, related_name="updates")
    from_status = models.CharField(max_length=12, choices=ActionPoint.Status.choices)
    to_status = models.CharField(max_length=12, choices=ActionPoint.Status.choices)
    note = models.TextField(_("note"), blank=True)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at"]

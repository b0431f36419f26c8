"""A case: one agency's work with a person (or a household), and the actions and reminders that drive it."""

import secrets
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixedflows.cases.querysets import CaseQuerySet, OrganisationScopedQuerySet
from mixedflows.core.models import Organisation, User
from mixedflows.people.models import Person
from mixedflows.screening.codes import Procedure

_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def new_case_reference(prefix: str) -> str:
    return f"{prefix}-C-" + "".join(secrets.choice(_ALPHABET) for _ in range(8))


class CaseType(models.TextChoices):
    VICTIM_OF_TRAFFICKING = "victim_of_trafficking", _("Victim of trafficking")
    UNACCOMPANIED_OR_SEPARATED_CHILD = (
        "unaccompanied_or_separated_child",
        _("Unaccompanied or separated child"),
    )
    GBV_SURVIVOR = "gbv_survivor", _("GBV survivor")
    MEDICAL_OR_PSYCHOSOCIAL = "medical_or_psychosocial", _("Medical or psychosocial")
    STRANDED_MIGRANT = "stranded_migrant", _("Stranded migrant")
    DETAINED_MIGRANT = "detained_migrant", _("Detained migrant")
    VOLUNTARY_RETURN = "voluntary_return", _("Voluntary return")


# The case a referral for each service opens; a service missing here has no obvious type: the caseworker chooses.
CASE_TYPE_FOR_SERVICE = {
    Procedure.ANTI_TRAFFICKING: CaseType.VICTIM_OF_TRAFFICKING,
    Procedure.CHILD_PROTECTION: CaseType.UNACCOMPANIED_OR_SEPARATED_CHILD,
    Procedure.GBV_SERVICES: CaseType.GBV_SURVIVOR,
    Procedure.MEDICAL_CARE: CaseType.MEDICAL_OR_PSYCHOSOCIAL,
    Procedure.PSYCHOSOCIAL_SUPPORT: CaseType.MEDICAL_OR_PSYCHOSOCIAL,
    Procedure.ASSISTED_VOLUNTARY_RETURN: CaseType.VOLUNTARY_RETURN,
}


class CaseStatus(models.TextChoices):
    """The HTCDS case status code list (Active, FollowUp, Closed, ClosedReferred)."""

    OPEN = "open", _("Open")
    FOLLOW_UP = "follow_up", _("Follow-up")
    CLOSED = "closed", _("Closed")
    CLOSED_REFERRED = "closed_referred", _("Closed and referred")


CLOSED_STATUSES = (CaseStatus.CLOSED, CaseStatus.CLOSED_REFERRED)


class Case(models.Model):
    """One agency's case. The person is that agency's own record; a household case lists its members."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=24, unique=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="cases")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="cases", help_text="The main person"
    )
    type = models.CharField(max_length=40, choices=CaseType.choices)
    status = models.CharField(max_length=16, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    caseworker = models.ForeignKey(User, on_delete=models.PROTECT, related_name="cases_as_caseworker")
    supervisor = models.ForeignKey(User, on_delete=models.PROTECT, related_name="cases_as_supervisor")
    # Set when the case was opened by taking over a referral (the referral in referrals, its source record in people).
    referral = models.ForeignKey(
        "referrals.Referral", on_delete=models.PROTECT, null=True, blank=True, related_name="cases"
    )
    source_person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The referring agency's record this case's person was taken over from",
    )
    opened_at = models.DateTimeField(default=timezone.now)
    opened_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    # Closure needs a supervisor's approval: requested, then approved (or the request withdrawn by reopening).
    closure_requested_at = models.DateTimeField(null=True, blank=True)
    closure_requested_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closure_status = models.CharField(max_length=16, choices=CaseStatus.choices, blank=True)
    closure_reason = models.TextField(blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    closure_approved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    # The funded project this activity counts towards (core's project register; issue 13).
    project = models.ForeignKey(
        "core.Project", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "caseworker", "status"], name="case_caseworker_idx"),
            models.Index(fields=["organisation", "supervisor", "status"], name="case_supervisor_idx"),
            # By stage: counts per type and status, and one cell's latest cases, from the index alone.
            models.Index(fields=["organisation", "type", "status", "-opened_at"], name="case_stage_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.status in CLOSED_STATUSES

    @property
    def closure_pending(self) -> bool:
        return bool(self.closure_requested_at) and not self.is_closed


class CaseMember(models.Model):
    """Another member of a household case (the main person is Case.person)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    relationship = models.CharField(max_length=60, blank=True, help_text="e.g. daughter, spouse")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "person"], name="case_member_once")]


class Action(models.Model):
    """A case plan action (under a goal) or a stand-alone task or reminder: an owner and a due date."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="actions")
    goal = models.ForeignKey(
        "cases.Goal", on_delete=models.CASCADE, null=True, blank=True, related_name="actions"
    )
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(User, on_delete=models.PROTECT, related_name="case_actions")
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["organisation", "owner", "done_at", "due_on"], name="action_owner_due_idx")
        ]

    @property
    def is_overdue(self) -> bool:
        return self.done_at is None and self.due_on < timezone.localdate()

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixedflows.core.models import LegalBasis, Organisation, Site, User
from mixedflows.core.querysets import OwnedQuerySet
from mixedflows.people.models import AccessGrant, Person
from mixedflows.referrals.querysets import ReferralQuerySet, ServiceOfferQuerySet
from mixedflows.screening.codes import Procedure, Urgency
from mixedflows.screening.models import Screening


class ServiceOffer(models.Model):
    """The service directory: an agency offers a service (a Procedure) at a site."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="service_offers")
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="service_offers"
    )
    service = models.CharField(max_length=40, choices=Procedure.choices)
    contact = models.CharField(max_length=200, blank=True)
    capacity = models.PositiveIntegerField(
        null=True, blank=True, help_text="People per month; empty if not limited"
    )
    languages = models.JSONField(default=list, blank=True)
    active = models.BooleanField(default=True)

    objects = ServiceOfferQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["service", "active"], name="serviceoffer_service_idx")]

    def __str__(self) -> str:
        return f"{self.organisation.short_name}: {self.get_service_display()}"


class Referral(models.Model):
    """A person referred, with a legal basis, from one agency to another for a named service."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    OPEN_STATUSES = (Status.SENT, Status.ACKNOWLEDGED, Status.ACCEPTED)
    # Waiting for the receiving agency's answer: these become overdue after their due date.
    AWAITING_STATUSES = (Status.SENT, Status.ACKNOWLEDGED)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="referrals")
    from_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals_sent"
    )
    to_organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="referrals_received"
    )
    service = models.CharField(max_length=40, choices=Procedure.choices)
    service_offer = models.ForeignKey(
        ServiceOffer, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    screening = models.ForeignKey(
        Screening, on_delete=models.SET_NULL, null=True, blank=True, related_name="referrals"
    )
    site = models.ForeignKey(
        Site,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="Where the sending agency met the person (for the site dashboard)",
    )
    grant = models.ForeignKey(AccessGrant, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    urgency = models.CharField(max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    note = models.TextField(
        blank=True, help_text="What the receiving agency needs to know; no sensitive detail"
    )
    # The legal basis for sharing. Empty only under a recorded consent override.
    legal_basis = models.CharField(max_length=20, choices=LegalBasis.choices, blank=True)
    consent_given_by = models.CharField(
        max_length=200, blank=True, help_text="The person, or the guardian's name and role"
    )
    consent_obtained_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    consent_obtained_at = models.DateTimeField(null=True, blank=True)
    consent_override = models.BooleanField(default=False)
    override_reason = models.TextField(blank=True)
    basis_detail = models.TextField(
        blank=True, help_text="For vital interest or mandate: the ground relied on"
    )
    consent_withdrawn_at = models.DateTimeField(null=True, blank=True)
    field_groups = models.JSONField(
        default=list, help_text="Field groups shared, from the agreement in force when sent"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SENT)
    status_reason = models.TextField(blank=True)
    due_at = models.DateTimeField()
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        indexes = [
            # Inbox and outbox by status, by due date, by service. Each ends with the id, so that a page's keys
            # and the counts come from the index alone (SQLite adds the rowid by itself, PostgreSQL does not).
            models.Index(
                fields=["to_organisation", "status", "due_at", "id"], name="referral_inbox_status_idx"
            ),
            models.Index(
                fields=["from_organisation", "status", "due_at", "id"], name="referral_outbox_status_idx"
            ),
            models.Index(fields=["to_organisation", "due_at", "id"], name="referral_inbox_due_idx"),
            models.Index(fields=["from_organisation", "due_at", "id"], name="referral_outbox_due_idx"),
            models.Index(
                fields=["to_organisation", "service", "status", "due_at", "id"],
                name="referral_inbox_service_idx",
            ),
            models.Index(
                fields=["from_organisation", "service", "status", "due_at", "id"],
                name="referral_outbox_service_idx",
            ),
        ]

    @property
    def is_overdue(self) -> bool:
        return self.status in self.AWAITING_STATUSES and self.due_at < timezone.now()

    @property
    def grant_active(self) -> bool:
        return self.grant is not None and self.grant.revoked_at is None

    @property
    def consent_withdrawn(self) -> bool:
        return self.consent_withdrawn_at is not None


class ReferralStep(models.Model):
    """Each status change of a referral: who, when, and why."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField(max_length=16, choices=Referral.Status.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    objects = OwnedQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

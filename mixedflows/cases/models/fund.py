"""The emergency fund: a budget in one currency for one period; requests approved by one or two people."""

import uuid
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixedflows.cases.querysets import OrganisationScopedQuerySet
from mixedflows.core.models import Organisation, User


class Fund(models.Model):
    """One budget line: an amount in one currency for one period. `committed` moves only under a row lock."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="funds")
    name = models.CharField(max_length=120)
    currency = models.CharField(max_length=3, help_text="ISO 4217")
    period_start = models.DateField()
    period_end = models.DateField()
    budget = models.DecimalField(max_digits=14, decimal_places=2)
    committed = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal("0"))
    # Requests above this amount need a fund manager's approval after the supervisor's.
    fund_manager_threshold = models.DecimalField(max_digits=12, decimal_places=2)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-period_start", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(committed__lte=models.F("budget")), name="fund_not_overdrawn"
            ),
            models.CheckConstraint(condition=models.Q(committed__gte=0), name="fund_committed_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.currency})"

    @property
    def remaining(self) -> Decimal:
        return self.budget - self.committed


class FundRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting the supervisor")
        AWAITING_FUND_MANAGER = "awaiting_fund_manager", _("Awaiting the fund manager")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="fund_requests")
    fund = models.ForeignKey(Fund, on_delete=models.PROTECT, related_name="requests")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    purpose = models.CharField(max_length=200, help_text="What the money is for")
    justification = models.TextField()
    needs_fund_manager = models.BooleanField(default=False)
    status = models.CharField(max_length=24, choices=Status.choices, default=Status.PENDING)
    requested_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    # The funded project this activity counts towards (core's project register; issue 13).
    project = models.ForeignKey(
        "core.Project", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]
        indexes = [models.Index(fields=["organisation", "status"], name="fundrequest_status_idx")]

    @property
    def is_open(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.AWAITING_FUND_MANAGER)


class FundDecision(models.Model):
    class Step(models.TextChoices):
        SUPERVISOR = "supervisor", _("Supervisor")
        FUND_MANAGER = "fund_manager", _("Fund manager")

    request = models.ForeignKey(FundRequest, on_delete=models.CASCADE, related_name="decisions")
    step = models.CharField(max_length=16, choices=Step.choices)
    approved = models.BooleanField()
    reason = models.TextField(blank=True)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

"""Assessment (IOM Determinants of Migrant Vulnerability), the case plan and the services delivered."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixedflows.cases.querysets import OrganisationScopedQuerySet
from mixedflows.core.models import Organisation, User


class Level(models.TextChoices):
    """The four levels of IOM's Determinants of Migrant Vulnerability model."""

    INDIVIDUAL = "individual", _("Individual")
    HOUSEHOLD = "household", _("Household and family")
    COMMUNITY = "community", _("Community")
    STRUCTURAL = "structural", _("Structural")


class FactorKind(models.TextChoices):
    RISK = "risk", _("Risk factor")
    PROTECTIVE = "protective", _("Protective factor")


class Rating(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")


class Assessment(models.Model):
    """A vulnerability assessment of the case, at one date. A later one does not overwrite an earlier one."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="assessments")
    assessed_on = models.DateField()
    assessed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(max_length=8, choices=Rating.choices)
    rating_reason = models.TextField()

    class Meta:
        ordering = ["-assessed_on", "-pk"]


class AssessmentFactor(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="factors")
    level = models.CharField(max_length=12, choices=Level.choices)
    kind = models.CharField(max_length=12, choices=FactorKind.choices)
    description = models.CharField(max_length=300)

    class Meta:
        ordering = ["level", "kind", "pk"]


class CasePlan(models.Model):
    """The case plan: goals with actions. Approved by a supervisor who did not write it; any change re-opens it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Awaiting approval")
        APPROVED = "approved", _("Approved")

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="plan")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DRAFT)
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)


class Goal(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(CasePlan, on_delete=models.CASCADE, related_name="goals")
    description = models.CharField(max_length=300)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["pk"]


class ServiceKind(models.TextChoices):
    SHELTER = "shelter", _("Shelter")
    FOOD_AND_NFI = "food_and_nfi", _("Food and non-food items")
    COUNSELLING = "counselling", _("Counselling")
    MEDICAL_CARE = "medical_care", _("Medical care")
    HEALTH_REFERRAL = "health_referral", _("Health referral")
    PSYCHOSOCIAL_SUPPORT = "psychosocial_support", _("Psychosocial support")
    LEGAL_AID = "legal_aid", _("Legal aid")
    FAMILY_TRACING = "family_tracing", _("Family tracing")
    INTERPRETATION = "interpretation", _("Interpretation")
    CASH = "cash", _("Cash")


class ServiceDelivery(models.Model):
    """A service delivered to the case: what, who provided it, when, and what it cost in which currency."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="services")
    kind = models.CharField(max_length=24, choices=ServiceKind.choices)
    provider = models.CharField(max_length=200, help_text="Who provided it: a colleague, a partner, a clinic")
    delivered_on = models.DateField()
    cost = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True, help_text="ISO 4217")
    note = models.CharField(max_length=300, blank=True)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-delivered_on", "-pk"]
        indexes = [models.Index(fields=["case", "-delivered_on"], name="service_case_date_idx")]

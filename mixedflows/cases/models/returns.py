"""Assisted voluntary return and reintegration (AVRR): stages from the informed decision to monitoring."""

import calendar
import datetime
import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixedflows.cases.querysets import OrganisationScopedQuerySet
from mixedflows.core.models import Organisation, User


class ReturnStage(models.TextChoices):
    INFORMED = "informed", _("Informed")
    DECISION = "decision", _("Voluntary decision recorded")
    PRE_DEPARTURE = "pre_departure", _("Pre-departure")
    TRAVEL = "travel", _("Travel")
    RECEPTION = "reception", _("Reception after arrival")
    REINTEGRATION = "reintegration", _("Reintegration")
    MONITORING = "monitoring", _("Monitoring")


STAGE_ORDER = list(ReturnStage.values)


class ReturnCase(models.Model):
    """The return of one case's person; each stage keeps what was checked, by whom and when."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="return_case")
    destination_country = models.CharField(max_length=3, help_text="ISO 3166-1 alpha-3")
    destination_place = models.CharField(max_length=200, blank=True)
    stage = models.CharField(max_length=16, choices=ReturnStage.choices, default=ReturnStage.INFORMED)
    # A copy of "the case is not closed", kept by case_close_approve and case_reopen, so the board needs no join.
    case_open = models.BooleanField(default=True)
    progressed_at = models.DateTimeField(default=timezone.now, help_text="Last step forward or visit")
    informed_on = models.DateField()
    # Voluntary decision: an adult's capacity is checked; a child's guardian decides and a best-interests
    # determination must support the return.
    decision_on = models.DateField(null=True, blank=True)
    capacity_confirmed = models.BooleanField(default=False)
    guardian = models.CharField(
        max_length=200, blank=True, help_text="Appointed guardian (name and organisation)"
    )
    best_interests_on = models.DateField(null=True, blank=True)
    best_interests_supports_return = models.BooleanField(default=False)
    # Pre-departure.
    counselling_on = models.DateField(null=True, blank=True)
    fit_to_travel_on = models.DateField(null=True, blank=True)
    travel_documents_on = models.DateField(null=True, blank=True)
    booking_reference = models.CharField(max_length=40, blank=True)
    # Travel.
    departed_at = models.DateTimeField(null=True, blank=True)
    transit_place = models.CharField(max_length=200, blank=True)
    arrived_at = models.DateTimeField(null=True, blank=True)
    escort = models.CharField(max_length=200, blank=True, help_text="Escort, if any (operational or medical)")
    # Reception and reintegration.
    received_on = models.DateField(null=True, blank=True)
    received_by = models.CharField(
        max_length=200, blank=True, help_text="Receiving partner in the country of return"
    )
    plan_economic = models.TextField(blank=True)
    plan_social = models.TextField(blank=True)
    plan_psychosocial = models.TextField(blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    objects = OrganisationScopedQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["organisation", "case_open", "stage"], name="return_board_idx"),
            models.Index(fields=["organisation", "case_open", "progressed_at"], name="return_stuck_idx"),
        ]

    @property
    def stage_index(self) -> int:
        return STAGE_ORDER.index(self.stage)

    def schedule(self) -> list[dict]:
        """The monitoring visits due after the arrival: each slot, its due date and the visit recorded for it."""
        if self.arrived_at is None:
            return []
        arrived = timezone.localdate(self.arrived_at)
        done = {v.slot: v for v in self.visits.all() if v.slot is not None}
        return [
            {"slot": slot, "label": label, "due_on": slot_due_on(arrived, slot), "visit": done.get(slot)}
            for slot, label in VisitSlot.choices
        ]


class VisitSlot(models.IntegerChoices):
    """The monitoring schedule: a visit this many months after the arrival."""

    THREE_MONTHS = 3, _("3 months after arrival")
    SIX_MONTHS = 6, _("6 months after arrival")
    TWELVE_MONTHS = 12, _("12 months after arrival")


def slot_due_on(arrived: datetime.date, months: int) -> datetime.date:
    """The day `months` after the arrival (the month's last day when it is shorter: 30 November for 31 August)."""
    month = arrived.month - 1 + months
    year, month = arrived.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(arrived.day, calendar.monthrange(year, month)[1]))


class MonitoringVisit(models.Model):
    """A reintegration monitoring visit: a score per dimension (0 to 1, as IOM's reintegration sustainability index)."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    return_case = models.ForeignKey(ReturnCase, on_delete=models.CASCADE, related_name="visits")
    # Empty only for a visit recorded before the schedule existed (past the third, in migration 0002).
    slot = models.PositiveSmallIntegerField(_("visit"), choices=VisitSlot.choices, null=True)
    visited_on = models.DateField()
    economic_score = models.DecimalField(max_digits=3, decimal_places=2)
    social_score = models.DecimalField(max_digits=3, decimal_places=2)
    psychosocial_score = models.DecimalField(max_digits=3, decimal_places=2)
    note = models.CharField(max_length=300, blank=True)
    visited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["visited_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["return_case", "slot"], name="one_visit_per_slot"),
            models.CheckConstraint(
                condition=models.Q(slot__in=VisitSlot.values) | models.Q(slot__isnull=True),
                name="visit_slot_scheduled",
            ),
        ]

"""Assisted voluntary return and reintegration: each stage only after the one before, each step audited."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mixedflows.cases.models import Case, MonitoringVisit, ReturnCase
from mixedflows.cases.models.returns import STAGE_ORDER, ReturnStage, VisitSlot
from mixedflows.cases.services.common import require, require_editable, require_own
from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.models import User
from mixedflows.core.roles import Perm
from mixedflows.lib.codes import is_country


def _writable(actor: User, return_case: ReturnCase) -> None:
    require(actor, Perm.MANAGE_CASES)
    require_own(actor, return_case)
    require_editable(return_case.case)


def _advance(
    actor: User, rc: ReturnCase, *, to: str, fields: list[str], detail: dict | None = None
) -> ReturnCase:
    if STAGE_ORDER.index(to) != rc.stage_index + 1:
        raise ValidationError(
            _("The return is at “%(stage)s”: this step comes later.") % {"stage": rc.get_stage_display()}
        )
    rc.stage, rc.progressed_at = to, timezone.now()
    rc.save()
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="return",
        object_id=rc.uuid,
        fields=["stage", *fields],
        detail={"stage": to, "case": str(rc.case.uuid), **(detail or {})},
    )
    return rc


def _check(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _date_messages(label: str) -> tuple[str, str]:
    """What to say when the date of `label` is missing, and when it is in the future: whole sentences (word order
    and grammar differ between languages)."""
    return {
        "information session": (
            _("Give the date of the information session."),
            _("The date of the information session is in the future."),
        ),
        "decision": (_("Give the date of the decision."), _("The date of the decision is in the future.")),
        "pre-departure counselling": (
            _("Give the date of the pre-departure counselling."),
            _("The date of the pre-departure counselling is in the future."),
        ),
        "fit-to-travel check": (
            _("Give the date of the fit-to-travel check."),
            _("The date of the fit-to-travel check is in the future."),
        ),
        "travel documents": (
            _("Give the date of the travel documents."),
            _("The date of the travel documents is in the future."),
        ),
        "reception": (_("Give the date of the reception."), _("The date of the reception is in the future.")),
        "visit": (_("Give the date of the visit."), _("The date of the visit is in the future.")),
    }[label]


def _not_future(day: datetime.date | None, field: str, errors: dict[str, str], label: str) -> None:
    if day is None:
        errors[field] = _date_messages(label)[0]
    elif day > timezone.localdate():
        errors[field] = _date_messages(label)[1]


@transaction.atomic
def return_start(
    *,
    actor: User,
    case: Case,
    destination_country: str,
    informed_on: datetime.date,
    destination_place: str = "",
) -> ReturnCase:
    """The person was informed about assisted voluntary return (first stage)."""
    require(actor, Perm.MANAGE_CASES)
    require_own(actor, case)
    require_editable(case)
    errors: dict = {}
    country = (destination_country or "").upper()
    if not is_country(country):
        errors["destination_country"] = _("Unknown country code %(code)r.") % {"code": destination_country}
    _not_future(informed_on, "informed_on", errors, "information session")
    if ReturnCase.objects.filter(case=case).exists():
        errors["case"] = _("A return is already recorded for this case.")
    _check(errors)
    rc = ReturnCase.objects.create(
        organisation=case.organisation,
        case=case,
        destination_country=country,
        destination_place=destination_place.strip(),
        informed_on=informed_on,
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="return",
        object_id=rc.uuid,
        fields=["destination_country", "destination_place", "informed_on"],
        detail={"case": str(case.uuid)},
    )
    return rc


def _child_decision(
    errors: dict[str, str],
    decision_on: datetime.date | None,
    capacity_confirmed: bool,
    guardian: str,
    best_interests_on: datetime.date | None,
) -> None:
    if capacity_confirmed:
        errors["capacity_confirmed"] = _(
            "A child's return is decided with the guardian after a best-interests decision, "
            "not on the child's capacity alone."
        )
    if not guardian.strip():
        errors["guardian"] = _("A child's return is decided with the appointed guardian: name the guardian.")
    if best_interests_on is None:
        errors["best_interests_on"] = _("Give the date of the best-interests decision.")
    elif best_interests_on > timezone.localdate():
        errors["best_interests_on"] = _("The date of the best-interests decision is in the future.")
    elif decision_on is not None and best_interests_on > decision_on:
        errors["best_interests_on"] = _("The best-interests decision comes before the decision to return.")


@transaction.atomic
def return_decision(
    *,
    actor: User,
    return_case: ReturnCase,
    decision_on: datetime.date,
    capacity_confirmed: bool = False,
    guardian: str = "",
    best_interests_on: datetime.date | None = None,
    best_interests_supports_return: bool = False,
) -> ReturnCase:
    """The voluntary decision: an adult's capacity checked; for a child, the guardian and a best-interests decision."""
    rc = return_case
    _writable(actor, rc)
    errors: dict = {}
    _not_future(decision_on, "decision_on", errors, "decision")
    if rc.case.person.is_child:
        _child_decision(errors, decision_on, capacity_confirmed, guardian, best_interests_on)
        if not best_interests_supports_return:
            errors["best_interests_supports_return"] = _(
                "A child returns only after a best-interests decision that supports it."
            )
    else:
        if guardian.strip() or best_interests_on is not None or best_interests_supports_return:
            errors["best_interests_on"] = _(
                "A guardian and a best-interests decision are for a child's return; "
                "this person is an adult: leave them empty."
            )
        if not capacity_confirmed:
            errors["capacity_confirmed"] = _("Confirm that the person has the capacity to decide freely.")
    _check(errors)
    rc.decision_on, rc.capacity_confirmed, rc.guardian = decision_on, capacity_confirmed, guardian.strip()
    rc.best_interests_on, rc.best_interests_supports_return = (
        best_interests_on,
        best_interests_supports_return,
    )
    return _advance(
        actor,
        rc,
        to=ReturnStage.DECISION,
        fields=["decision_on", "capacity_confirmed", "guardian", "best_interests_on"],
    )


@transaction.atomic
def return_pre_departure(
    *,
    actor: User,
    return_case: ReturnCase,
    counselling_on: datetime.date,
    fit_to_travel_on: datetime.date,
    travel_documents_on: datetime.date,
    booking_reference: str,
) -> ReturnCase:
    """Counselling, the fit-to-travel medical check, travel documents and the booking: all four before travel."""
    rc = return_case
    _writable(actor, rc)
    errors: dict = {}
    _not_future(counselling_on, "counselling_on", errors, "pre-departure counselling")
    _not_future(fit_to_travel_on, "fit_to_travel_on", errors, "fit-to-travel check")
    _not_future(travel_documents_on, "travel_documents_on", errors, "travel documents")
    if not booking_reference.strip():
        errors["booking_reference"] = _("Give the booking reference.")
    _check(errors)
    rc.counselling_on, rc.fit_to_travel_on, rc.travel_documents_on = (
        counselling_on,
        fit_to_travel_on,
        travel_documents_on,
    )
    rc.booking_reference = booking_reference.strip()
    return _advance(
        actor,
        rc,
        to=ReturnStage.PRE_DEPARTURE,
        fields=["counselling_on", "fit_to_travel_on", "travel_documents_on", "booking_reference"],
    )


@transaction.atomic
def return_travel(
    *,
    actor: User,
    return_case: ReturnCase,
    departed_at: datetime.datetime,
    arrived_at: datetime.datetime,
    transit_place: str = "",
    escort: str = "",
) -> ReturnCase:
    rc = return_case
    _writable(actor, rc)
    errors: dict = {}
    if departed_at is None:
        errors["departed_at"] = _("Give the departure.")
    if arrived_at is None:
        errors["arrived_at"] = _("Give the arrival.")
    if errors:
        _check(errors)
    done = [d for d in (rc.counselling_on, rc.fit_to_travel_on, rc.travel_documents_on) if d]
    ready = max(done) if done else None
    if ready and timezone.localdate(departed_at) < ready:
        errors["departed_at"] = _("The departure is before the pre-departure steps were done (%(day)s).") % {
            "day": f"{ready:%Y-%m-%d}"
        }
    if arrived_at <= departed_at:
        errors["arrived_at"] = _(
            "The arrival (%(arrival)s) must come after the departure (%(departure)s)."
        ) % {
            "arrival": f"{timezone.localtime(arrived_at):%Y-%m-%d %H:%M}",
            "departure": f"{timezone.localtime(departed_at):%Y-%m-%d %H:%M}",
        }
    elif arrived_at > timezone.now():
        errors["arrived_at"] = _("The arrival is in the future.")
    _check(errors)
    rc.departed_at, rc.arrived_at = departed_at, arrived_at
    rc.transit_place, rc.escort = transit_place.strip(), escort.strip()
    return _advance(
        actor, rc, to=ReturnStage.TRAVEL, fields=["departed_at", "arrived_at", "transit_place", "escort"]
    )


@transaction.atomic
def return_reception(
    *, actor: User, return_case: ReturnCase, received_on: datetime.date, received_by: str
) -> ReturnCase:
    rc = return_case
    _writable(actor, rc)
    errors: dict = {}
    _not_future(received_on, "received_on", errors, "reception")
    if received_on and rc.arrived_at and received_on < timezone.localdate(rc.arrived_at):
        errors["received_on"] = _("The reception is before the arrival.")
    if not received_by.strip():
        errors["received_by"] = _("Name the receiving partner.")
    _check(errors)
    rc.received_on, rc.received_by = received_on, received_by.strip()
    return _advance(actor, rc, to=ReturnStage.RECEPTION, fields=["received_on", "received_by"])


@transaction.atomic
def return_reintegration_plan(
    *, actor: User, return_case: ReturnCase, economic: str, social: str, psychosocial: str
) -> ReturnCase:
    """The reintegration plan across the economic, social and psychosocial dimensions."""
    rc = return_case
    _writable(actor, rc)
    missing = {
        "economic": (economic, _("Describe the economic part of the plan.")),
        "social": (social, _("Describe the social part of the plan.")),
        "psychosocial": (psychosocial, _("Describe the psychosocial part of the plan.")),
    }
    errors = {f"plan_{name}": message for name, (text, message) in missing.items() if not text.strip()}
    _check(errors)
    rc.plan_economic, rc.plan_social, rc.plan_psychosocial = (
        economic.strip(),
        social.strip(),
        psychosocial.strip(),
    )
    return _advance(
        actor, rc, to=ReturnStage.REINTEGRATION, fields=["plan_economic", "plan_social", "plan_psychosocial"]
    )


SCORE_FIELDS = ("economic_score", "social_score", "psychosocial_score")


@transaction.atomic
def monitoring_visit_record(
    *,
    actor: User,
    return_case: ReturnCase,
    slot: int,
    visited_on: datetime.date,
    economic_score: Decimal,
    social_score: Decimal,
    psychosocial_score: Decimal,
    note: str = "",
) -> MonitoringVisit:
    """The visit of one slot of the schedule (3, 6 or 12 months after arrival), once per slot; it scores each
    dimension from 0 to 1. The first visit moves the return to monitoring."""
    rc = ReturnCase.objects.select_for_update().get(pk=return_case.pk)
    _writable(actor, rc)
    if rc.stage_index < STAGE_ORDER.index(ReturnStage.REINTEGRATION):
        raise ValidationError(_("Monitoring visits follow the reintegration plan."))
    errors: dict = {}
    if slot not in VisitSlot.values:
        errors["slot"] = _("Choose the visit: 3, 6 or 12 months after arrival.")
    elif rc.visits.filter(slot=slot).exists():
        errors["slot"] = _("The visit %(slot)s is already recorded.") % {"slot": VisitSlot(slot).label}
    _not_future(visited_on, "visited_on", errors, "visit")
    if visited_on and rc.arrived_at and visited_on < timezone.localdate(rc.arrived_at):
        errors["visited_on"] = _("A monitoring visit comes after the arrival.")
    scores = {
        "economic_score": economic_score,
        "social_score": social_score,
        "psychosocial_score": psychosocial_score,
    }
    for name, score in scores.items():
        if not isinstance(score, Decimal) or not Decimal("0") <= score <= Decimal("1"):
            errors[name] = _("A score is between 0 and 1.")
    _check(errors)
    visit = MonitoringVisit.objects.create(
        return_case=rc, slot=slot, visited_on=visited_on, note=note.strip(), visited_by=actor, **scores
    )
    if rc.stage == ReturnStage.REINTEGRATION:
        _advance(actor, rc, to=ReturnStage.MONITORING, fields=["visits"], detail={"slot": slot})
    else:
        rc.progressed_at = timezone.now()
        rc.save(update_fields=["progressed_at"])
        audit_record(
            actor=actor,
            action=AuditAction.CHANGE,
            object_type="return",
            object_id=rc.uuid,
            fields=["visits"],
            detail={"case": str(rc.case.uuid), "slot": slot},
        )
    return visit

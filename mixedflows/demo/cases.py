"""Invented case work at AGM: ~150 cases in every stage, with services, fund requests, identifications and returns.

Everything goes through the cases services (so the audit trail and the fund balance are what real use would
leave), then dates are moved into the past so that caseloads, overdue actions and stuck returns look lived-in.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from mixedflows.cases.models import Action, Case, CaseType, ReturnCase
from mixedflows.cases.models.plan import ServiceKind
from mixedflows.cases.models.returns import VisitSlot
from mixedflows.cases.models.trafficking import (
    LABOUR_EXPLOITATION,
    METHODS_OF_CONTROL,
    METHODS_OF_RECRUITMENT,
)
from mixedflows.cases.services import cases as case_svc
from mixedflows.cases.services import fund as fund_svc
from mixedflows.cases.services import plan as plan_svc
from mixedflows.cases.services import returns as ret_svc
from mixedflows.cases.services import trafficking as vot_svc
from mixedflows.core.models import FieldGroup, Membership, User
from mixedflows.core.roles import Role
from mixedflows.demo.world import DEMO_PASSWORD
from mixedflows.people.models import AccessGrant, Person
from mixedflows.referrals.models import Referral

CASES = 150
TYPE_WEIGHTS = {
    CaseType.VICTIM_OF_TRAFFICKING: 25,
    CaseType.UNACCOMPANIED_OR_SEPARATED_CHILD: 20,
    CaseType.GBV_SURVIVOR: 12,
    CaseType.MEDICAL_OR_PSYCHOSOCIAL: 15,
    CaseType.STRANDED_MIGRANT: 15,
    CaseType.DETAINED_MIGRANT: 5,
    CaseType.VOLUNTARY_RETURN: 20,
}
PROVIDERS = {
    "shelter": "Casa Aurora shelter",
    "food_and_nfi": "AGM warehouse",
    "counselling": "AGM caseworker",
    "medical_care": "Poliambulatorio Porto Sereno",
    "health_referral": "RCS health post",
    "psychosocial_support": "AGM psychologist",
    "legal_aid": "Avvocati di Strada",
    "family_tracing": "RCS RFL",
    "interpretation": "Tigrinya interpreter",
    "cash": "AGM finance",
}
GOALS = [
    "Safe accommodation",
    "Access to health care",
    "Legal status clarified",
    "Contact with family restored",
    "Sustainable return and reintegration",
    "Psychosocial recovery",
]
ACTIONS = [
    "Book a shelter bed",
    "Accompany to the clinic",
    "Appointment with legal aid",
    "Tracing request to RCS",
    "Follow-up call",
    "Home visit",
    "Collect documents from the consulate",
]


def _fund_manager(orgs) -> User:
    user = User.objects.filter(username="agm.fund").first()
    if user is None:
        user = User.objects.create_user("agm.fund", "", DEMO_PASSWORD, first_name="Fund", last_name="AGM")
        Membership.objects.create(user=user, organisation=orgs["AGM"], role=Role.FUND_MANAGER)
        user = User.objects.get(pk=user.pk)
    return user


def _referrals(rng, orgs, users, n: int) -> list[Referral]:
    """RPO refers some of its people to AGM for anti-trafficking identification or return, with consent."""
    sources = list(Person.objects.filter(organisation=orgs["RPO"]).order_by("pk")[:200])
    referrals = []
    for person in rng.sample(sources, min(n, len(sources))):
        service = rng.choice(["anti_trafficking_identification", "assisted_voluntary_return"])
        referral = Referral.objects.create(
            person=person,
            from_organisation=orgs["RPO"],
            to_organisation=orgs["AGM"],
            service=service,
            urgency=rng.choice(["high", "normal"]),
            legal_basis="consent",
            consent_given_by="the person",
            consent_obtained_by=users["rpo.protection"],
            consent_obtained_at=timezone.now(),
            field_groups=[FieldGroup.IDENTITY, FieldGroup.SCREENING_OUTCOME, FieldGroup.TRAFFICKING],
            due_at=timezone.now() + datetime.timedelta(days=rng.randint(-2, 5)),
            created_by=users["rpo.protection"],
        )
        AccessGrant.objects.create(
            person=person,
            organisation=orgs["AGM"],
            field_groups=referral.field_groups,
            legal_basis="consent",
            source_type="referral",
            source_id=str(referral.uuid),
            granted_by=users["rpo.protection"],
        )
        referrals.append(referral)
    return referrals


def _identify(rng, cw, case, today):
    ident = vot_svc.identification_start(actor=cw, case=case, indicators=["presumed_vot"])
    if rng.random() < 0.2:
        return
    vot_svc.identification_interview(
        actor=cw,
        identification=ident,
        interviewed_on=today,
        summary="Interview with a female interpreter.",
        methods_of_recruitment=rng.sample(METHODS_OF_RECRUITMENT[:10], 1),
        methods_of_control=rng.sample(METHODS_OF_CONTROL, rng.randint(1, 3)),
        labour_exploitation=rng.sample(LABOUR_EXPLOITATION, rng.randint(0, 1)),
        sex_exploitation=["Prostitution"] if rng.random() < 0.4 else [],
        country_of_exploitation=rng.choice(["LBY", "LBY", "NER", "ITA"]),
    )
    if rng.random() < 0.2:
        return
    determination = rng.choices(["identified", "not_a_victim", "inconclusive"], [7, 2, 1])[0]
    vot_svc.identification_determine(
        actor=cw,
        identification=ident,
        determination=determination,
        reasons="Act, means and purpose assessed against the national referral criteria.",
    )


def _return(rng, cw, case, today, now):
    rc = ret_svc.return_start(
        actor=cw, case=case, destination_country=case.person.nationality or "NGA", informed_on=today
    )
    target = rng.randint(0, 6)
    if target >= 1:
        child = case.person.is_child
        ret_svc.return_decision(
            actor=cw,
            return_case=rc,
            decision_on=today,
            capacity_confirmed=not child,
            guardian="Appointed guardian, Comune di Porto Sereno" if child else "",
            best_interests_on=today if child else None,
            best_interests_supports_return=child,
        )
    if target >= 2:
        ret_svc.return_pre_departure(
            actor=cw,
            return_case=rc,
            counselling_on=today - datetime.timedelta(days=1),
            fit_to_travel_on=today - datetime.timedelta(days=1),
            travel_documents_on=today - datetime.timedelta(days=1),
            booking_reference=f"AGM-{rng.randint(1000, 9999)}",
        )
    if target >= 3:
        ret_svc.return_travel(
            actor=cw,
            return_case=rc,
            departed_at=now - datetime.timedelta(hours=12),
            arrived_at=now - datetime.timedelta(hours=2),
            transit_place="Cairo",
        )
    if target >= 4:
        ret_svc.return_reception(actor=cw, return_case=rc, received_on=today, received_by="Partner NGO")
    if target >= 5:
        ret_svc.return_reintegration_plan(
            actor=cw,
            return_case=rc,
            economic="Vocational training and a small grant",
            social="Family mediation",
            psychosocial="Counselling sessions",
        )
    for i, slot in enumerate(VisitSlot.values[: max(0, target - 5) * rng.randint(1, 3)]):
        score = Decimal(rng.randint(30 + 10 * i, 60 + 10 * i)) / 100
        ret_svc.monitoring_visit_record(
            actor=cw,
            return_case=rc,
            slot=slot,
            visited_on=today,
            economic_score=min(score, Decimal(1)),
            social_score=Decimal("0.55"),
            psychosocial_score=Decimal("0.60"),
        )
    # Move the last progress into the past: a few returns are stuck.
    ReturnCase.objects.filter(pk=rc.pk).update(
        progressed_at=now - datetime.timedelta(days=rng.choice([2, 5, 9, 30, 45]))
    )


@transaction.atomic
def add_cases_demo(world: dict, *, seed: int) -> None:
    """Add AGM's fund manager, a fund and ~150 cases in every stage."""
    rng = random.Random(seed)
    orgs, users = world["orgs"], world["users"]
    cw, sup, fm = users["agm.caseworker"], users["agm.supervisor"], _fund_manager(orgs)
    today, now = timezone.localdate(), timezone.now()
    fund = fund_svc.fund_create(
        actor=fm,
        name=f"Emergency fund {today.year}",
        currency="EUR",
        period_start=today.replace(month=1, day=1),
        period_end=today.replace(month=12, day=31),
        budget=Decimal("60000.00"),
        fund_manager_threshold=Decimal("500.00"),
    )
    referrals = _referrals(rng, orgs, users, 10)
    cases = [
        case_svc.case_open_from_referral(
            actor=cw,
            referral=r,
            supervisor=sup,
            case_type=CaseType.VICTIM_OF_TRAFFICKING
            if r.service.startswith("anti")
            else CaseType.VOLUNTARY_RETURN,
        )
        for r in referrals[:6]
    ]  # the other referrals wait in the incoming list
    people = list(Person.objects.filter(organisation=orgs["AGM"], cases__isnull=True).order_by("pk")[:2000])
    for person in rng.sample(people, min(CASES - len(cases), len(people))):
        case_type = rng.choices(list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values()))[0]
        if person.is_child:
            case_type = CaseType.UNACCOMPANIED_OR_SEPARATED_CHILD
        cases.append(case_svc.case_open(actor=cw, person=person, case_type=case_type, supervisor=sup))
    for case in cases:
        _populate(rng, case, cw, sup, fm, fund, today, now)
    # Spread the opening dates over the past year and make some actions overdue.
    for case in cases:
        Case.objects.filter(pk=case.pk).update(opened_at=now - datetime.timedelta(days=rng.randint(1, 360)))
    for action in Action.objects.filter(case__in=cases, done_at__isnull=True):
        Action.objects.filter(pk=action.pk).update(
            due_on=today + datetime.timedelta(days=rng.randint(-20, 20))
        )


def _populate(rng, case, cw, sup, fm, fund, today, now):
    if rng.random() < 0.85:
        plan_svc.assessment_record(
            actor=cw,
            case=case,
            assessed_on=today,
            rating=rng.choice(["low", "medium", "high"]),
            rating_reason="Weighed the factors below with the person.",
            factors=[
                ("individual", "risk", "No money and no documents"),
                ("household", "protective", "Sister in contact by phone"),
                ("structural", "risk", "Irregular status"),
            ],
        )
    if rng.random() < 0.75:
        goal = plan_svc.goal_add(actor=cw, case=case, description=rng.choice(GOALS))
        for _ in range(rng.randint(1, 3)):
            plan_svc.action_add(
                actor=cw,
                case=case,
                goal=goal,
                description=rng.choice(ACTIONS),
                owner=cw,
                due_on=today + datetime.timedelta(days=rng.randint(1, 20)),
            )
        if rng.random() < 0.7:
            plan_svc.plan_submit(actor=cw, case=case)
            if rng.random() < 0.7:
                plan_svc.plan_approve(actor=sup, case=case)
    if rng.random() < 0.3:
        plan_svc.action_add(
            actor=cw,
            case=case,
            description="Reminder: follow-up call",
            owner=cw,
            due_on=today + datetime.timedelta(days=3),
        )
    for _ in range(rng.randint(0, 6)):
        kind = rng.choice(ServiceKind.values)
        cost = (
            Decimal(rng.randint(10, 400))
            if kind in ("shelter", "food_and_nfi", "medical_care", "cash")
            else None
        )
        plan_svc.service_record(
            actor=cw,
            case=case,
            kind=kind,
            provider=PROVIDERS[kind],
            delivered_on=today - datetime.timedelta(days=rng.randint(0, 200)),
            cost=cost,
            currency="EUR" if cost else "",
        )
    if case.type == CaseType.VICTIM_OF_TRAFFICKING and rng.random() < 0.9:
        _identify(rng, cw, case, today)
    if case.type == CaseType.VOLUNTARY_RETURN or (
        case.type == CaseType.VICTIM_OF_TRAFFICKING and rng.random() < 0.3
    ):
        _return(rng, cw, case, today, now)
    if rng.random() < 0.25:
        amount = Decimal(rng.choice([80, 150, 250, 400, 650, 900]))
        request = fund_svc.fund_request_create(
            actor=cw,
            case=case,
            fund=fund,
            amount=amount,
            purpose=rng.choice(["Rent deposit", "Medicine", "Travel to return", "Reintegration grant"]),
            justification="No other source of support.",
        )
        outcome = rng.random()
        if outcome < 0.7:
            fund_svc.fund_request_decide(actor=sup, request=request, approve=True)
            if request.needs_fund_manager and outcome < 0.5:
                fund_svc.fund_request_decide(actor=fm, request=request, approve=True)
        elif outcome < 0.8:
            fund_svc.fund_request_decide(
                actor=sup, request=request, approve=False, reason="Covered by the shelter."
            )
    closing = rng.random()
    if (
        closing < 0.15
        and not case.fund_requests.filter(status__in=["pending", "awaiting_fund_manager"]).exists()
    ):
        case_svc.case_close_request(
            actor=cw,
            case=case,
            closure_status=rng.choice(["closed", "closed_referred"]),
            reason="Goals of the plan reached.",
        )
        if closing < 0.11:
            case_svc.case_close_approve(actor=sup, case=case)
    elif closing < 0.3:
        case_svc.case_update(
            actor=cw, case=case, case_type=case.type, caseworker=cw, supervisor=sup, status="follow_up"
        )

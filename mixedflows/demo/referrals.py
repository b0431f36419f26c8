"""Demo service directory and referrals: the four agencies' offers, a few hundred referrals in every status.

Referrals follow the demo's data-sharing agreements (AGM <-> RPO, AGM <-> RCS), carry a legal basis, and come
with the grant the receiving agency would have had (revoked where the referral was declined, withdrawn or
consent was withdrawn). Everything is bulk-written and audited as one batch.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from mixedflows.core.audit import AuditAction, audit_record, batch_digest
from mixedflows.core.models import LegalBasis
from mixedflows.core.selectors import agreement_between
from mixedflows.people.models import AccessGrant, Encounter, Guardianship, Person
from mixedflows.people.services.guardians import active_guardian, guardian_appoint
from mixedflows.referrals.models import Referral, ReferralStep, ServiceOffer
from mixedflows.referrals.services import due_at_for, referral_send
from mixedflows.screening.codes import Procedure as P
from mixedflows.screening.codes import Urgency
from mixedflows.screening.models import Screening

# agency -> [(service, site names, contact, capacity, languages)]
# organisation -> (service, site names, contact, capacity, languages)
OFFERS: dict[str, list[tuple[str, list[str], str, int | None, list[str]]]] = {
    "AGM": [
        (
            P.ANTI_TRAFFICKING,
            ["Porto Sereno landing point", "Marsa Nuova landing point"],
            "Counter-trafficking desk",
            60,
            ["eng", "fra", "tir", "ara"],
        ),
        (P.SHELTER, ["Valle Chiara reception centre"], "Shelter coordinator", 25, ["eng", "ita", "ara"]),
        (P.PSYCHOSOCIAL_SUPPORT, ["Porto Sereno landing point"], "MHPSS team", 80, ["eng", "ara", "som"]),
        (P.ASSISTED_VOLUNTARY_RETURN, ["Rome office"], "AVRR unit", 40, ["eng", "fra", "ara"]),
    ],
    "RPO": [
        (
            P.ASYLUM,
            ["Porto Sereno landing point", "Marsa Nuova landing point", "Hal Ferh open centre"],
            "Protection desk",
            None,
            ["eng", "fra", "ara", "tir", "som"],
        ),
        (
            P.CHILD_PROTECTION,
            ["Porto Sereno landing point", "Valle Chiara reception centre"],
            "Child protection unit",
            30,
            ["eng", "tir", "ara"],
        ),
        (P.LEGAL_AID, ["Rome office"], "Legal counselling", 50, ["eng", "ita", "fra"]),
        # Victim-of-trafficking identification is a joint procedure of the two agencies.
        (
            P.ANTI_TRAFFICKING,
            ["Porto Sereno landing point"],
            "Joint identification team",
            20,
            ["eng", "tir", "ara"],
        ),
        (
            P.GBV_SERVICES,
            ["Valle Chiara reception centre"],
            "Women's safe space",
            20,
            ["eng", "ara", "tir", "fra"],
        ),
    ],
    "RCS": [
        (
            P.MEDICAL_CARE,
            ["Porto Sereno landing point", "Marsa Nuova landing point"],
            "First aid post",
            None,
            ["ita", "eng", "ara"],
        ),
        (
            P.FAMILY_TRACING,
            ["Porto Sereno landing point"],
            "Restoring family links",
            100,
            ["eng", "ara", "som"],
        ),
        (
            P.PSYCHOSOCIAL_SUPPORT,
            ["Valle Chiara reception centre"],
            "Psychosocial volunteers",
            60,
            ["ita", "eng"],
        ),
    ],
    "CBS": [
        (
            P.CONSULAR_ASSISTANCE,
            ["Borgo Fermo detention centre"],
            "Liaison with consulates",
            None,
            ["ita", "eng"],
        ),
    ],
}
SENDERS = {"AGM": "agm.protection", "RPO": "rpo.protection", "RCS": "rcs.registration"}
RECEIVERS = {"AGM": "agm.caseworker", "RPO": "rpo.protection", "RCS": "rcs.registration"}
S = Referral.Status


def add_referrals_demo(world: dict, *, seed: int, per_person: float = 0.8, days: int = 90) -> int:
    """Publish the offers, then refer about `per_person` of the people met in the last `days` days: screened
    people to a procedure their screening recommended, with its urgency. Call it after the screening demo."""
    rng = random.Random(seed)
    offers = _offers(world)
    count = _referrals(world, offers, rng=rng, per_person=per_person, days=days)
    return count + _night_landing_girl(world, offers)


def _night_landing_girl(world: dict, offers: dict) -> int:
    """JOURNEYS.md: the girl from last night's boat goes to child protection with her guardian's consent."""
    girl = (
        Person.objects.filter(
            groups__label__startswith="Night landing", sex="F", organisation__short_name="AGM"
        )
        .order_by("date_of_birth")
        .last()
    )
    if girl is None or not girl.is_child or girl.referrals.filter(service=P.CHILD_PROTECTION).exists():
        return 0
    if active_guardian(girl) is None:
        guardian_appoint(
            actor=world["users"]["agm.protection"],
            person=girl,
            guardian_name="Chiara Russo",
            guardian_organisation="Municipal social services, Porto Sereno",
            appointed_by="Juvenile court of Porto Sereno",
            appointed_on=timezone.localdate(),
            reference="Decree 114/2026",
        )
    referral_send(
        actor=world["users"]["agm.protection"],
        person=girl,
        to_organisation=world["orgs"]["RPO"],
        service=P.CHILD_PROTECTION,
        service_offer=offers[("RPO", P.CHILD_PROTECTION)][0],
        urgency=Urgency.IMMEDIATE,
        legal_basis=LegalBasis.GUARDIAN_CONSENT,
        consent_given_by="Chiara Russo, appointed guardian (municipal social services), not the travelling companion",
        consent_obtained_at=timezone.now() - datetime.timedelta(hours=2),
        note="Travelling with an unrelated adult who holds her passport; owes the smuggler.",
    )
    return 1


@transaction.atomic
def _offers(world: dict) -> dict:
    by_org_service: dict[tuple[str, str], list[ServiceOffer]] = {}
    for short, rows in OFFERS.items():
        org = world["orgs"][short]
        for service, site_names, contact, capacity, languages in rows:
            for name in site_names:
                offer, _ = ServiceOffer.objects.get_or_create(
                    organisation=org,
                    service=service,
                    site=world["sites"][name],
                    defaults={"contact": contact, "capacity": capacity, "languages": languages},
                )
                by_org_service.setdefault((short, service), []).append(offer)
    audit_record(
        actor="demo",
        action=AuditAction.BULK_CREATE,
        object_type="service_offer",
        detail={"records": sum(len(v) for v in by_org_service.values())},
    )
    return by_org_service


@transaction.atomic
def _referrals(world: dict, offers: dict, *, rng: random.Random, per_person: float, days: int) -> int:
    now = timezone.now()
    orgs, users = world["orgs"], world["users"]
    routes = []  # (sender, receiver, agreed field groups, services the receiver offers)
    for sender in SENDERS:
        for receiver in SENDERS:
            agreement = agreement_between(orgs[sender], orgs[receiver]) if sender != receiver else None
            services = [service for (org, service) in offers if org == receiver]
            if agreement and services:
                routes.append((sender, receiver, sorted(agreement.field_groups), services))
    recent = (
        Encounter.objects.filter(
            occurred_at__gte=now - datetime.timedelta(days=days), organisation__short_name__in=list(SENDERS)
        )
        .order_by("occurred_at")
        .values_list("person_id", "organisation__short_name", "site_id", "occurred_at")
    )
    # A child is referred with the appointed guardian's consent where one is recorded, else under a mandate.
    children = set(
        Person.objects.filter(date_of_birth__gt=now.date() - datetime.timedelta(days=18 * 365)).values_list(
            "pk", flat=True
        )
    )
    guarded = set(Guardianship.objects.values_list("person_id", flat=True))
    screened: dict[int, Screening] = {}  # person -> latest completed screening by the person's own agency
    for completed in Screening.objects.filter(status=Screening.Status.COMPLETED).order_by("completed_at"):
        screened[completed.person_id] = completed
    referrals, steps, grants = [], [], []
    seen = set()
    for person_id, sender, site_id, met_at in recent:
        if person_id in seen or rng.random() > per_person:
            continue
        seen.add(person_id)
        screening = screened.get(person_id)
        if screening is not None:  # refer to a procedure the screening recommended, where an agency offers it
            recommended = [
                (r, p) for r in routes if r[0] == sender for p in screening.procedures if p in r[3]
            ]
            if not recommended:
                continue
            (_, receiver, groups, _), service = rng.choice(recommended)
            urgency, since = screening.urgency, screening.completed_at or met_at
        else:
            choices = [r for r in routes if r[0] == sender]
            if not choices or (sender == "AGM" and rng.random() < 0.7):  # AGM screens before it refers
                continue
            _, receiver, groups, services = rng.choice(choices)
            service = rng.choice(services)
            urgency, since = rng.choices(list(Urgency.values), weights=[2, 3, 5])[0], met_at
        offer = rng.choice(offers[(receiver, service)])
        sent_at = min(
            since + datetime.timedelta(hours=rng.uniform(1, 48)), now - datetime.timedelta(minutes=30)
        )
        due_at = due_at_for(urgency, sent_at)
        basis = rng.choices(
            [LegalBasis.CONSENT, LegalBasis.GUARDIAN_CONSENT, LegalBasis.VITAL_INTEREST, LegalBasis.MANDATE],
            weights=[70, 10, 10, 10],
        )[0]
        if person_id in children:
            basis = LegalBasis.GUARDIAN_CONSENT if person_id in guarded else LegalBasis.MANDATE
        elif basis == LegalBasis.GUARDIAN_CONSENT:
            basis = LegalBasis.CONSENT
        by, to_user = users[SENDERS[sender]], users[RECEIVERS[receiver]]
        referral = Referral(
            person_id=person_id,
            from_organisation=orgs[sender],
            to_organisation=orgs[receiver],
            service=service,
            screening=screening,
            service_offer=offer,
            site_id=site_id,
            urgency=urgency,
            legal_basis=basis,
            consent_given_by={
                LegalBasis.CONSENT: "The person",
                LegalBasis.GUARDIAN_CONSENT: "Appointed guardian",
            }.get(basis, ""),
            consent_obtained_by=by if basis in (LegalBasis.CONSENT, LegalBasis.GUARDIAN_CONSENT) else None,
            consent_obtained_at=sent_at - datetime.timedelta(minutes=15)
            if basis in (LegalBasis.CONSENT, LegalBasis.GUARDIAN_CONSENT)
            else None,
            basis_detail={
                LegalBasis.VITAL_INTEREST: "Urgent medical need, person unable to consent",
                LegalBasis.MANDATE: "Statutory mandate of the receiving agency",
            }.get(basis, ""),
            field_groups=groups,
            due_at=due_at,
            created_by=by,
            created_at=sent_at,
        )
        path = _path(rng, sent_at, due_at, now)
        referral.status = path[-1][0] if path else S.SENT
        referral.status_reason = path[-1][2] if path else ""
        if referral.status == S.WITHDRAWN and rng.random() < 0.3:
            referral.consent_withdrawn_at = path[-1][1]
            referral.status_reason = path[-1][2] = "Consent withdrawn"
        revoked = path[-1][1] if referral.status in (S.DECLINED, S.WITHDRAWN) else None
        grant = AccessGrant(
            person_id=person_id,
            organisation=orgs[receiver],
            field_groups=groups,
            legal_basis=basis,
            source_type="referral",
            source_id=str(referral.uuid),
            granted_at=sent_at,
            granted_by=by,
            revoked_at=revoked,
        )
        referral.grant = grant
        referrals.append(referral)
        grants.append(grant)
        steps.append(
            ReferralStep(referral=referral, status=S.SENT, at=sent_at, by=by, organisation=orgs[sender])
        )
        for status, at, reason in path:
            side = orgs[sender] if status == S.WITHDRAWN else orgs[receiver]
            steps.append(
                ReferralStep(
                    referral=referral,
                    status=status,
                    at=at,
                    reason=reason,
                    organisation=side,
                    by=by if status == S.WITHDRAWN else to_user,
                )
            )
    AccessGrant.objects.bulk_create(grants, batch_size=2000)
    Referral.objects.bulk_create(referrals, batch_size=2000)
    ReferralStep.objects.bulk_create(steps, batch_size=2000)
    audit_record(
        actor="demo",
        action=AuditAction.BULK_CREATE,
        object_type="referral",
        detail={"records": len(referrals), "batch_sha256": batch_digest(r.uuid for r in referrals)},
    )
    return len(referrals)


def _path(rng: random.Random, sent_at, due_at, now) -> list[list]:
    """What happened after sending: most are answered before the due date, some are late, some still waiting."""
    horizon = (now - sent_at).total_seconds()
    answer_by = (due_at - sent_at).total_seconds() * rng.uniform(0.2, 1.6)
    if (
        answer_by > horizon or rng.random() < 0.05
    ):  # not answered yet: waiting, acknowledged or not (overdue once past due_at)
        if rng.random() < 0.5:
            return [
                [S.ACKNOWLEDGED, sent_at + datetime.timedelta(seconds=horizon * rng.uniform(0.05, 0.5)), ""]
            ]
        return []
    at = sent_at + datetime.timedelta(seconds=answer_by)
    path = (
        [[S.ACKNOWLEDGED, sent_at + datetime.timedelta(seconds=answer_by * 0.3), ""]]
        if rng.random() < 0.6
        else []
    )
    roll = rng.random()
    if roll < 0.12:
        return [
            *path,
            [
                S.DECLINED,
                at,
                rng.choice(
                    ["No capacity this month", "Outside our mandate", "Already assisted by our agency"]
                ),
            ],
        ]
    if roll < 0.2:
        return [*path, [S.WITHDRAWN, at, "Person moved on to another site"]]
    path.append([S.ACCEPTED, at, ""])
    done_at = at + datetime.timedelta(days=rng.uniform(2, 20))
    if done_at < now and rng.random() < 0.7:
        path.append([S.COMPLETED, done_at, ""])
    return path

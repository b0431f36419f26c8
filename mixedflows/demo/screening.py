"""Invented screenings: about 60% of AGM's people, answered believably, evaluated by the instrument's own rules.

Last night's landing stays unscreened, so the demo can walk through screening the girl of fifteen.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from mixedflows.core.audit import AuditAction, audit_record, batch_digest
from mixedflows.people.models import Encounter, Guardianship, Person
from mixedflows.screening.models import Screening
from mixedflows.screening.services import apply_outcome, current_instrument

SHARE = 0.6
FLEEING = {"ERI", "SDN", "SOM", "SYR", "AFG", "SSD", "YEM", "COD", "MLI", "BFA"}


def _answers(rng: random.Random, person: Person) -> dict:
    age = person.age
    child, woman = age is not None and age < 18, person.sex == "F"
    fleeing = person.nationality in FLEEING
    reasons = (
        (["persecution"] if fleeing and rng.random() < 0.5 else [])
        + (["conflict"] if fleeing and rng.random() < 0.4 else [])
        + (["work"] if rng.random() < (0.2 if fleeing else 0.7) else [])
        + (["environment"] if rng.random() < 0.08 else [])
    )
    controls = []
    if rng.random() < (0.25 if child or woman else 0.08):
        controls = rng.sample(
            [
                "debt_bondage",
                "withheld_documents",
                "restricted_movement",
                "threats",
                "forced_work",
                "earnings_taken",
                "physical_abuse",
            ],
            k=rng.choice([1, 2, 2, 3]),
        )
    paid = rng.random() < 0.8
    answers = {
        "information_given": "yes",
        "legal_basis": "consent_guardian" if child else rng.choice(["consent_person"] * 8 + ["mandate"]),
        "legal_basis_reason": "",
        "interpreter_language": (person.languages or [""])[0],
        "same_sex_interviewer_offered": "yes" if rng.random() < 0.85 else "no",
        "reasons_for_leaving": reasons or ["other"],
        "fear_of_return": "yes" if fleeing and rng.random() < 0.7 else "no",
        "refugee_status_held": "yes" if fleeing and rng.random() < 0.05 else "no",
        "stateless": "yes" if rng.random() < 0.02 else "no",
        "deceived": "yes" if controls and rng.random() < 0.6 else "no",
        "control_methods": controls,
        "paid_smuggler": "yes" if paid else "no",
        "amount_paid": rng.choice([800, 1200, 1500, 2000, 2500, 3000, 4500]) if paid else "",
        "payment_place": rng.choice(["Tripoli", "Khartoum", "Agadez", "Sabha", "Zuwara"]) if paid else "",
        "owes_smuggler": "yes" if paid and rng.random() < 0.15 else "no",
        "travels_with": rng.choice(["parents"] * 5 + ["relatives"] * 2 + ["alone", "unrelated_adult"])
        if child
        else "",
        "gbv_disclosed": (
            "yes" if rng.random() < (0.12 if woman else 0.02) else rng.choice(["no"] * 6 + ["declined"])
        ),
        "medical_needs": "yes" if rng.random() < 0.12 else "no",
        "injuries": "yes" if rng.random() < 0.05 else "no",
        "psychological_distress": "yes" if rng.random() < 0.1 else "no",
        "pregnancy": (
            rng.choice(["pregnant", "lactating"] + ["none"] * 8) if woman and 16 <= (age or 0) <= 45 else ""
        ),
        "disability": "yes" if rng.random() < 0.04 else "no",
        "detained": "no",
        "stranded": "yes" if rng.random() < 0.04 else "no",
        "purpose": "work" if "work" in reasons and not fleeing else "neither",
    }
    if answers["legal_basis"] == "mandate":
        answers["legal_basis_reason"] = (
            "Registration under the agency's mandate; decided by the site supervisor"
        )
    return answers


GUARDIANS = ["Giulia Ferri", "Marco Bellini", "Sara Conti", "Luca Greco", "Anna Rinaldi"]


@transaction.atomic
def add_screening_demo(world: dict, *, seed: int) -> int:
    """Screen about 60% of AGM's people (not last night's boat); returns how many screenings were made."""
    rng = random.Random(seed)
    agm, officer = world["orgs"]["AGM"], world["users"]["agm.protection"]
    instrument = current_instrument()
    recent = timezone.now() - datetime.timedelta(days=2)
    people = list(Person.objects.filter(organisation=agm, created_at__lt=recent).order_by("pk"))
    latest = {
        pid: (eid, sid, at)
        for pid, eid, sid, at in Encounter.objects.filter(organisation=agm)
        .order_by("occurred_at")
        .values_list("person_id", "pk", "site_id", "occurred_at")
    }
    screenings = []
    for person in people:
        if rng.random() >= SHARE or person.pk not in latest:
            continue
        encounter_id, site_id, at = latest[person.pk]
        screening = Screening(
            organisation=agm,
            person=person,
            instrument=instrument,
            encounter_id=encounter_id,
            site_id=site_id,
            status=Screening.Status.COMPLETED,
            answers=_answers(rng, person),
            performed_by=officer,
            started_at=at + datetime.timedelta(hours=rng.randint(1, 20)),
        )
        screening.completed_at = screening.started_at + datetime.timedelta(minutes=rng.randint(8, 35))
        apply_outcome(screening, person)
        screenings.append(screening)
    Screening.objects.bulk_create(screenings, batch_size=1000)
    # A child's consent is the appointed guardian's: each child screened so has one recorded.
    Guardianship.objects.bulk_create(
        Guardianship(
            person=s.person,
            organisation=agm,
            created_by=officer,
            guardian_name=rng.choice(GUARDIANS),
            guardian_organisation="Municipal social services, Porto Sereno",
            appointed_by="Juvenile court of Porto Sereno",
            appointed_on=s.started_at.date(),
        )
        for s in screenings
        if s.answers.get("legal_basis") == "consent_guardian"
    )
    audit_record(
        actor="demo",
        action=AuditAction.IMPORT,
        object_type="screening",
        organisation=agm,
        detail={"created": len(screenings), "batch_digest": batch_digest(s.uuid for s in screenings)},
    )
    return len(screenings)

"""Invented training of officials at AGM: a three-day workshop on identifying vulnerable migrants for 32 officials of
five institutions in Italy and Malta, with attendance, pre- and post-tests and certificates; then a one-day cascade
given by two of its participants to 18 more officials, and a border management course planned.

Everything goes through the training services (the audit trail is what real use would leave). The names are
invented; no one's data is real.
"""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from mixedflows.core.models import Membership, User
from mixedflows.core.roles import Role
from mixedflows.demo.world import DEMO_PASSWORD
from mixedflows.training.models import Event
from mixedflows.training.services.certificates import certificate_issue
from mixedflows.training.services.courses import course_save, event_save, trainer_add
from mixedflows.training.services.participants import participants_import
from mixedflows.training.services.records import attendance_record, scores_record

INSTITUTIONS = [
    ("Ministero dell'Interno, Dipartimento Libertà civili", "ministry", "ITA", "Prefecture officer"),
    ("Polizia di Stato, Ufficio Immigrazione", "police", "ITA", "Inspector"),
    ("Guardia Costiera", "coast_guard", "ITA", "Petty officer"),
    ("Azienda Sanitaria Provinciale di Agrigento", "health", "ITA", "Nurse"),
    ("Malta Police Force, Immigration Police", "border_guard", "MLT", "Sergeant"),
]
GIVEN_F = [
    "Giulia",
    "Francesca",
    "Chiara",
    "Sara",
    "Elena",
    "Marta",
    "Anna",
    "Roberta",
    "Maria",
    "Claire",
    "Rita",
]
GIVEN_M = [
    "Marco",
    "Luca",
    "Andrea",
    "Paolo",
    "Davide",
    "Stefano",
    "Matteo",
    "Joseph",
    "Mark",
    "Karl",
    "Nicola",
]
FAMILY = [
    "Rossi", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno",
    "Gallo", "Conti", "De Luca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti", "Borg",
    "Camilleri", "Vella", "Farrugia", "Zammit", "Galea", "Grech", "Attard", "Micallef",
]  # fmt: skip


def _trainer(world) -> User:
    user = User.objects.filter(username="agm.trainer").first()
    if user is None:
        user = User.objects.create_user(
            "agm.trainer", "", DEMO_PASSWORD, first_name="Trainer", last_name="AGM"
        )
        Membership.objects.create(user=user, organisation=world["orgs"]["AGM"], role=Role.TRAINER)
        user = User.objects.get(pk=user.pk)
    return user


def _officials(rng: random.Random, n: int, taken: set[str]) -> list[dict]:
    rows: list[dict] = []
    while len(rows) < n:
        institution, kind, country, position = INSTITUTIONS[len(rows) % len(INSTITUTIONS)]
        female = rng.random() < 0.45
        name = f"{rng.choice(GIVEN_F if female else GIVEN_M)} {rng.choice(FAMILY)}"
        if name in taken:
            continue
        taken.add(name)
        rows.append(
            {
                "name": name,
                "sex": "F" if female else "M",
                "institution": institution,
                "institution_type": kind,
                "country": country,
                "position": position,
                "email": f"{name.lower().replace(' ', '.').replace("'", '')}@example.org",
            }
        )
    return rows


def _scores(rng: random.Random, participants, *, missing_post: int) -> dict:
    scores = {}
    for i, participant in enumerate(participants):
        pre = max(10, min(90, round(rng.gauss(48, 12))))
        post = None if i < missing_post else max(0, min(100, pre + round(rng.gauss(22, 9))))
        scores[participant] = (pre, post)
    return scores


@transaction.atomic
def add_training_demo(world: dict, *, seed: int) -> int:
    """Returns the number of officials enrolled (deterministic for a seed)."""
    rng = random.Random(seed + 13)
    trainer = _trainer(world)
    today = timezone.localdate()
    vulnerable = course_save(
        actor=trainer,
        title="Identifying vulnerable migrants at disembarkation",
        topic="vulnerable_migrants",
        modules=[
            "Mixed flows and who arrives",
            "Indicators of trafficking and exploitation",
            "Unaccompanied and separated children",
            "Talking to survivors: do no harm",
            "Referral: who does what (standard operating procedures)",
        ],
        languages=["ita", "eng"],
        description="For officials at landing points: spot who needs protection, and refer them.",
    )
    borders = course_save(
        actor=trainer,
        title="Protection-sensitive border management",
        topic="border_management",
        modules=["International law at the border", "Access to asylum", "Search and rescue duties"],
        languages=["eng", "fra"],
    )
    start = today - datetime.timedelta(days=95)
    workshop = event_save(
        actor=trainer,
        course=vulnerable,
        title="Workshop for officials at landing points, Agrigento",
        place="Agrigento",
        country="ITA",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=2),
        format=Event.Format.IN_PERSON,
        language="ita",
        organiser="AGM with the Prefecture of Agrigento",
        funding="Protection at sea arrivals (demo donor)",
    )
    trainer_add(actor=trainer, event=workshop, name="Trainer AGM")
    taken: set[str] = set()
    participants = participants_import(actor=trainer, event=workshop, rows=_officials(rng, 32, taken))
    days = workshop.days
    absent = {(participants[3].pk, days[2]), (participants[11].pk, days[1]), (participants[20].pk, days[0])}
    attendance_record(
        actor=trainer,
        event=workshop,
        present={day: {p.pk for p in participants if (p.pk, day) not in absent} for day in days},
    )
    scores_record(
        actor=trainer,
        event=workshop,
        scores=_scores(rng, participants, missing_post=2),
        pre_test_on=days[0],
        post_test_on=days[-1],
    )
    for participant in participants:
        if not any(pk == participant.pk for pk, _day in absent):
            certificate_issue(actor=trainer, participant=participant)

    cascade_day = today - datetime.timedelta(days=30)
    cascade = event_save(
        actor=trainer,
        course=vulnerable,
        title="Cascade session, Lampedusa hotspot staff",
        place="Lampedusa",
        country="ITA",
        starts_on=cascade_day,
        ends_on=cascade_day,
        format=Event.Format.IN_PERSON,
        language="ita",
        organiser="Polizia di Stato with AGM",
        funding="Protection at sea arrivals (demo donor)",
    )
    for alumnus in (participants[1], participants[6]):  # two of the workshop's police inspectors
        trainer_add(actor=trainer, event=cascade, trained_as=alumnus)
    reached = participants_import(actor=trainer, event=cascade, rows=_officials(rng, 18, taken))
    attendance_record(actor=trainer, event=cascade, present={cascade_day: {p.pk for p in reached}})
    scores_record(
        actor=trainer,
        event=cascade,
        scores=_scores(rng, reached, missing_post=0),
        pre_test_on=cascade_day,
        post_test_on=cascade_day,
    )
    planned = today + datetime.timedelta(days=40)
    event_save(
        actor=trainer,
        course=borders,
        title="Online course for border officials",
        place="Online",
        country="MLT",
        starts_on=planned,
        ends_on=planned + datetime.timedelta(days=1),
        format=Event.Format.ONLINE,
        language="eng",
        organiser="AGM",
    )
    return len(participants) + len(reached)

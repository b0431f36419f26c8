"""Data-subject requests in the demo (issue 16, item 11): one of each kind at AGM, for the login agm.dpo.

Five invented people ask: an access request received two days ago, a correction in progress, a restriction
answered (the record can no longer be referred), an erasure refused while the person's case is open, and an
objection received forty days ago and now overdue.
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from mixedflows.cases.services.cases import case_open
from mixedflows.core.models import Membership, Site, User
from mixedflows.core.roles import Role
from mixedflows.dataprotection.services.subjects import (
    subject_request_answer,
    subject_request_open,
    subject_request_start,
)
from mixedflows.demo.world import DEMO_PASSWORD
from mixedflows.people.services import EncounterContext, PersonInput, person_register

# Invented people (no real person's data).
_PEOPLE: list[tuple[str, dict[str, Any]]] = [
    ("access", {"given_name": "Hawa", "family_name": "Kamara", "sex": "F", "age": 27, "nationality": "GIN"}),
    (
        "correction",
        {"given_name": "Yonas", "family_name": "Gebre", "sex": "M", "age": 31, "nationality": "ERI"},
    ),
    (
        "restriction",
        {"given_name": "Fatou", "family_name": "Diallo", "sex": "F", "age": 24, "nationality": "SEN"},
    ),
    (
        "erasure",
        {"given_name": "Karim", "family_name": "Haddad", "sex": "M", "age": 38, "nationality": "SYR"},
    ),
    (
        "objection",
        {"given_name": "Amadou", "family_name": "Sow", "sex": "M", "age": 45, "nationality": "MLI"},
    ),
]


def _officer(world) -> User:
    user = User.objects.filter(username="agm.dpo").first()
    if user is None:
        user = User.objects.create_user("agm.dpo", "", DEMO_PASSWORD, first_name="Dpo", last_name="AGM")
        Membership.objects.create(
            user=user, organisation=world["orgs"]["AGM"], role=Role.DATA_PROTECTION_OFFICER
        )
        user = User.objects.get(pk=user.pk)
    return user


@transaction.atomic
def add_dataprotection_demo(world: dict, *, seed: int) -> int:
    """Returns the number of requests recorded (one per kind)."""
    dpo = _officer(world)
    registrar = world["users"]["agm.registration"]
    supervisor = world["users"]["agm.supervisor"]
    site = Site.objects.usable_by(registrar).order_by("name").first()
    today = timezone.localdate()
    people = {}
    for kind, fields in _PEOPLE:
        context = EncounterContext(
            site=site,
            occurred_at=timezone.now() - datetime.timedelta(days=60),
            kind="sea_rescue",
            departure_country="LBY",
        )
        people[kind] = person_register(actor=registrar, data=PersonInput(**fields), context=context)
    case_open(actor=supervisor, person=people["erasure"], case_type="stranded_migrant", supervisor=supervisor)

    def _open(kind: str, days_ago: int, channel: str, language: str = "en"):
        return subject_request_open(
            actor=dpo,
            person=people[kind],
            kind=kind,
            received_on=today - datetime.timedelta(days=days_ago),
            channel=channel,
            language=language,
        )

    _open("access", 2, "in_person", language="fr")
    subject_request_start(actor=dpo, request=_open("correction", 6, "writing"))
    subject_request_answer(
        actor=dpo,
        request=_open("restriction", 12, "representative"),
        status="answered",
        answer="Processing of your record is restricted: it will not be shared with other agencies.",
    )
    erasure = _open("erasure", 9, "phone", language="ar")
    subject_request_answer(
        actor=dpo,
        request=erasure,
        status="refused",
        answer="Your case is still open: your record is kept while we assist you. Ask again once it is closed.",
    )
    _open("objection", 40, "writing")
    return len(_PEOPLE)

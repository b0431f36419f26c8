"""Alpha Agency's breach register, for the cross-agency test (tests/test_cross_agency.py)."""

import datetime

from django.utils import timezone

from mixedflows.dataprotection.services import breach_record
from mixedflows.dataprotection.services.subjects import subject_request_open


def objects(world, register):
    person = register(given_name="Mariam")
    breach = breach_record(
        actor=world.ada,
        title="Registration laptop stolen",
        discovered_at=timezone.now() - datetime.timedelta(hours=5),
        risk="high",
        affected_counts={"person": 40},
        registration_numbers=[person.registration_number],
    )
    access = subject_request_open(
        actor=world.ada,
        person=person,
        kind="access",
        received_on=timezone.localdate(),
        channel="in_person",
    )
    return {"breach": breach, "person": person, "access": access}


URLS = {
    "dataprotection:breach": ("get", "ada", lambda o: {"uuid": o["breach"].uuid}),
    "dataprotection:subject_request_new": ("get", "ada", lambda o: {"uuid": o["person"].uuid}),
    "dataprotection:subject_request": ("get", "ada", lambda o: {"uuid": o["access"].uuid}),
    "dataprotection:subject_request_start": ("post", "ada", lambda o: {"uuid": o["access"].uuid}),
    "dataprotection:subject_request_export": (
        "get",
        "ada",
        lambda o: {"uuid": o["access"].uuid, "fmt": "json"},
    ),
}
LIST_URLS = {"dataprotection:breaches", "dataprotection:retention", "dataprotection:subject_requests"}

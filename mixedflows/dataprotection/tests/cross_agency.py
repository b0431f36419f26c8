"""Alpha Agency's breach register, for the cross-agency test (tests/test_cross_agency.py)."""

import datetime

from django.utils import timezone

from mixedflows.dataprotection.services import breach_record


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
    return {"breach": breach}


URLS = {
    "dataprotection:breach": ("get", "ada", lambda o: {"uuid": o["breach"].uuid}),
}
LIST_URLS = {"dataprotection:breaches", "dataprotection:retention"}

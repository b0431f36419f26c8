"""Alpha's facility, visits and the people Dina met, for the cross-agency test (tests/test_cross_agency.py)."""

import datetime

from django.utils import timezone

from mixedflows.detention.services.people import person_met_register
from mixedflows.detention.services.recommendations import recommendation_add
from mixedflows.detention.services.visits import finding_add
from mixedflows.detention.tests.conftest import add_monitors, make_facility, make_visit
from mixedflows.people.services import PersonInput


def objects(world, register):
    add_monitors(world)
    facility = make_facility(world)
    visit = make_visit(world, facility, days_ago=30)
    later = make_visit(world, facility)
    finding = finding_add(
        actor=world.dina, visit=visit, severity="urgent", text="Families in one cell", items=[]
    )
    recommendation = recommendation_add(
        actor=world.dina,
        visit=visit,
        text="Move families to a separate room",
        addressed_to="Centre director",
        due_on=timezone.localdate() + datetime.timedelta(days=30),
        finding=finding,
    )
    met = person_met_register(
        actor=world.dina,
        visit=later,
        data=PersonInput(given_name="Yonas", sex="M", age=16),
        reasons=["unaccompanied_child"],
    )
    return {
        "facility": facility,
        "visit": visit,
        "later": later,
        "recommendation": recommendation,
        "met": met,
    }


def _facility(o):
    return {"uuid": o["facility"].uuid}


def _visit(o):
    return {"uuid": o["visit"].uuid}


URLS = {
    "detention:facility": ("get", "dina", _facility),
    "detention:facility_edit": ("get", "dina", _facility),
    "detention:visit_new": ("get", "dina", _facility),
    "detention:visit": ("get", "dina", _visit),
    "detention:checklist": ("get", "dina", _visit),
    "detention:visit_project": ("post", "dina", _visit),
    "detention:finding_add": ("post", "dina", _visit),
    "detention:recommendation_add": ("post", "dina", _visit),
    "detention:person_met_register": ("post", "dina", _visit),
    "detention:person_met_find": ("post", "dina", _visit),
    "detention:visit_report": ("get", "dina", _visit),
    "detention:recommendation": ("get", "dina", lambda o: {"uuid": o["recommendation"].uuid}),
    "detention:detention_end": ("post", "dina", lambda o: {"uuid": o["met"].detention.uuid}),
    "detention:person_panel": ("get", "dina", lambda o: {"uuid": o["met"].person.uuid}),
}
# The JSON API (tests/test_api_cross_agency.py): operation id -> (owner, path parameters, body).
API = {
    "detention_facility_read": ("dina", _facility, None),
    "detention_visits": ("dina", _facility, None),
    "detention_visit_read": ("dina", _visit, None),
    "detention_people_met": ("dina", lambda o: {"uuid": o["later"].uuid}, None),
    "detention_recommendation_read": ("dina", lambda o: {"uuid": o["recommendation"].uuid}, None),
    "detention_recommendation_status": (
        "dina",
        lambda o: {"uuid": o["recommendation"].uuid},
        lambda o: {
            "to_status": "accepted",
            "reason": "The director agreed in writing",
            "letter_on": None,
            "visit": str(o["later"].uuid),
        },
    ),
}
API_LISTS = {"detention_facilities"}
# The agency's own facilities, alerts and figures only (tested in test_views.py).
LIST_URLS = {"detention:dashboard", "detention:facility_new", "detention:reports", "detention:children_csv"}

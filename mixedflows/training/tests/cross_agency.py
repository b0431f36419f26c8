"""Alpha's course, event and participants, for the cross-agency tests (tests/test_cross_agency.py and the API's)."""

from mixedflows.training.services.participants import participants_import
from mixedflows.training.services.records import attendance_record
from mixedflows.training.tests.conftest import add_trainers, make_course, make_event, rows


def objects(world, register):
    add_trainers(world)
    course = make_course(world)
    event = make_event(world, course)
    participants = participants_import(actor=world.tina, event=event, rows=rows(3))
    attendance_record(
        actor=world.tina, event=event, present={day: {p.pk for p in participants} for day in event.days}
    )
    return {"course": course, "event": event, "participant": participants[0]}


def _course(o):
    return {"uuid": o["course"].uuid}


def _event(o):
    return {"uuid": o["event"].uuid}


URLS = {
    "training:course": ("get", "tina", _course),
    "training:course_edit": ("get", "tina", _course),
    "training:event_new": ("get", "tina", _course),
    "training:event": ("get", "tina", _event),
    "training:event_edit": ("get", "tina", _event),
    "training:trainer_new": ("post", "tina", _event),
    "training:participants_import": ("get", "tina", _event),
    "training:participant_new": ("get", "tina", _event),
    "training:attendance": ("get", "tina", _event),
    "training:scores": ("get", "tina", _event),
    "training:certificate": ("get", "tina", lambda o: {"uuid": o["participant"].uuid}),
}
# The JSON API (tests/test_api_cross_agency.py): operation id -> (owner, path parameters, body).
API = {
    "training_event_read": ("tina", _event, None),
    "training_participants": ("tina", _event, None),
}
API_LISTS = {"training_events"}
# The agency's own courses, events and figures only (tested in test_views.py); the certificate check is public
# and shows no agency's data but a course title and a date (test_views.py).
LIST_URLS = {
    "training:dashboard",
    "training:course_new",
    "training:template_xlsx",
    "training:template_csv",
    "training:reports",
    "training:reports_xlsx",
    "training:verify",
}

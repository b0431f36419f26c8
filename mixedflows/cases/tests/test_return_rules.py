"""Issue 10, item 13: the return page asks what the person's age calls for, keeps the journey in order, and
schedules monitoring at 3, 6 and 12 months after arrival, one visit per slot."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from mixedflows.cases.models import MonitoringVisit, ReturnCase
from mixedflows.cases.models.returns import slot_due_on
from mixedflows.cases.services import returns as ret
from mixedflows.cases.tests.page import page
from mixedflows.core.models import AuditEvent

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def days_ago(n: int) -> datetime.date:
    return TODAY() - datetime.timedelta(days=n)


def _informed(casework, case, *, on=None):
    return ret.return_start(
        actor=casework.carla, case=case, destination_country="ERI", informed_on=on or TODAY()
    )


def _ready_to_travel(casework, case, *, on):
    rc = _informed(casework, case, on=on)
    rc = ret.return_decision(actor=casework.carla, return_case=rc, decision_on=on, capacity_confirmed=True)
    return ret.return_pre_departure(
        actor=casework.carla,
        return_case=rc,
        counselling_on=on,
        fit_to_travel_on=on,
        travel_documents_on=on,
        booking_reference="MS-880",
    )


def _monitored(casework, case, *, arrived_days_ago: int):
    rc = _ready_to_travel(casework, case, on=days_ago(arrived_days_ago + 2))
    arrival = timezone.now() - datetime.timedelta(days=arrived_days_ago)
    rc = ret.return_travel(
        actor=casework.carla,
        return_case=rc,
        departed_at=arrival - datetime.timedelta(hours=8),
        arrived_at=arrival,
    )
    rc = ret.return_reception(
        actor=casework.carla, return_case=rc, received_on=timezone.localdate(arrival), received_by="Partner"
    )
    return ret.return_reintegration_plan(
        actor=casework.carla, return_case=rc, economic="Shop", social="Family", psychosocial="Counselling"
    )


def _changes(rc) -> int:
    return AuditEvent.objects.filter(object_type="return", object_id=str(rc.uuid), action="change").count()


# --- Best interests: a child's question, never an adult's ---------------------------------------------------


def test_an_adults_decision_asks_capacity_and_no_best_interests(client, casework, open_case):
    case = open_case()  # Amanuel, 30
    _informed(casework, case)
    client.force_login(casework.carla)
    shown = page(client.get(reverse("cases:return", args=[case.uuid])))
    assert "capacity_confirmed" in shown.fields
    assert not {"guardian", "best_interests_on", "best_interests_supports_return"} & shown.fields
    assert "Best-interests" not in shown.text and "guardian" not in shown.text.lower()


def test_a_childs_decision_asks_guardian_and_best_interests_not_capacity(
    client, casework, register, open_case
):
    child = register(given_name="Yonas", sex="M", age=15)
    case = open_case(person=child, case_type="unaccompanied_or_separated_child")
    rc = _informed(casework, case)
    client.force_login(casework.carla)
    url = reverse("cases:return", args=[case.uuid])
    shown = page(client.get(url))
    assert {"guardian", "best_interests_on", "best_interests_supports_return"} <= shown.fields
    assert {"guardian", "best_interests_on"} <= shown.required and "capacity_confirmed" not in shown.fields
    assert 'name="best_interests_on" value=' not in client.get(url).content.decode()  # no date assumed
    # A best-interests decision that does not support the return stops it, with the reason on the page.
    refused = page(
        client.post(
            url, {"decision_on": TODAY(), "guardian": "M. Rossi, Comune", "best_interests_on": TODAY()}
        )
    )
    assert "A child returns only after a best-interests decision that supports it." in refused.text
    assert ReturnCase.objects.get(pk=rc.pk).stage == "informed" and _changes(rc) == 0
    response = client.post(
        url,
        {
            "decision_on": TODAY(),
            "guardian": "M. Rossi, Comune",
            "best_interests_on": days_ago(2),
            "best_interests_supports_return": "on",
        },
    )
    assert response.status_code == 302
    decided = page(client.get(url)).text
    assert f"with the guardian M. Rossi, Comune · best-interests decision {days_ago(2):%Y-%m-%d}" in decided


def test_best_interests_are_refused_for_an_adult_and_required_properly_for_a_child(
    casework, register, open_case
):
    adult = _informed(casework, open_case())
    with pytest.raises(ValidationError) as error:
        ret.return_decision(
            actor=casework.carla,
            return_case=adult,
            decision_on=TODAY(),
            capacity_confirmed=True,
            guardian="Someone",
            best_interests_on=TODAY(),
            best_interests_supports_return=True,
        )
    assert "this person is an adult" in error.value.message_dict["best_interests_on"][0]
    assert ReturnCase.objects.get(pk=adult.pk).guardian == "" and _changes(adult) == 0

    child = register(given_name="Yonas", sex="M", age=15)
    rc = _informed(casework, open_case(person=child, case_type="unaccompanied_or_separated_child"))
    with pytest.raises(ValidationError) as error:
        ret.return_decision(
            actor=casework.carla,
            return_case=rc,
            decision_on=days_ago(1),
            guardian="M. Rossi, Comune",
            best_interests_on=TODAY(),  # after the decision it was to inform
            best_interests_supports_return=True,
        )
    assert error.value.message_dict == {
        "best_interests_on": ["The best-interests decision comes before the decision to return."]
    }


# --- The journey in order --------------------------------------------------------------------------------


def _travel(client, case, departed, arrived):
    return client.post(
        reverse("cases:return", args=[case.uuid]),
        {"departed_at": f"{departed:%Y-%m-%dT%H:%M}", "arrived_at": f"{arrived:%Y-%m-%dT%H:%M}"},
    )


def test_an_arrival_before_the_departure_is_refused_and_nothing_is_written(client, casework, open_case):
    case = open_case()
    rc = _ready_to_travel(casework, case, on=days_ago(3))
    before = _changes(rc)
    client.force_login(casework.carla)
    now = timezone.localtime().replace(second=0, microsecond=0)
    shown = page(_travel(client, case, now - datetime.timedelta(hours=2), now - datetime.timedelta(hours=10)))
    assert "must come after the departure" in shown.text
    # Both times left as the clock showed them ("now" and "now") are no journey either.
    same = page(_travel(client, case, now - datetime.timedelta(hours=2), now - datetime.timedelta(hours=2)))
    assert "must come after the departure" in same.text
    rc.refresh_from_db()
    assert rc.stage == "pre_departure" and rc.departed_at is None and rc.arrived_at is None
    assert _changes(rc) == before


def test_the_travel_times_start_empty(client, casework, open_case):
    case = open_case()
    _ready_to_travel(casework, case, on=days_ago(3))
    client.force_login(casework.carla)
    response = client.get(reverse("cases:return", args=[case.uuid]))
    assert {"departed_at", "arrived_at"} <= page(response).required
    html = response.content.decode()
    assert 'name="departed_at" value=' not in html and 'name="arrived_at" value=' not in html


def test_a_departure_before_the_pre_departure_steps_is_refused(client, casework, open_case):
    case = open_case()
    rc = _ready_to_travel(casework, case, on=TODAY())
    client.force_login(casework.carla)
    now = timezone.localtime()
    shown = page(
        _travel(client, case, now - datetime.timedelta(days=2), now - datetime.timedelta(days=1, hours=20))
    )
    assert "The departure is before the pre-departure steps were done" in shown.text
    assert ReturnCase.objects.get(pk=rc.pk).stage == "pre_departure"


# --- Monitoring at 3, 6 and 12 months ----------------------------------------------------------------------


def test_due_dates_count_calendar_months_from_the_arrival():
    assert slot_due_on(datetime.date(2026, 1, 15), 3) == datetime.date(2026, 4, 15)
    assert slot_due_on(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
    assert slot_due_on(datetime.date(2026, 11, 30), 12) == datetime.date(2027, 11, 30)


def _visit(client, case, slot, **fields):
    data = {
        "slot": slot,
        "visited_on": TODAY(),
        "economic_score": "0.40",
        "social_score": "0.50",
        "psychosocial_score": "0.60",
        **fields,
    }
    return client.post(reverse("cases:return", args=[case.uuid]), data)


def test_visits_are_scheduled_at_3_6_and_12_months_and_recorded_once_per_slot(client, casework, open_case):
    case = open_case()
    rc = _monitored(casework, case, arrived_days_ago=100)
    arrived = timezone.localdate(rc.arrived_at)
    client.force_login(casework.carla)
    url = reverse("cases:return", args=[case.uuid])
    shown = page(client.get(url))
    for months in (3, 6, 12):
        assert f"{months} months after arrival {slot_due_on(arrived, months):%Y-%m-%d} not yet" in shown.text
    assert shown.options("slot") == ["", "3", "6", "12"] and shown.shown("slot") == "3"

    assert _visit(client, case, 3).status_code == 302
    shown = page(client.get(url))
    assert f"3 months after arrival {slot_due_on(arrived, 3):%Y-%m-%d} {TODAY():%Y-%m-%d} 0.40" in shown.text
    assert shown.options("slot") == ["", "6", "12"] and shown.shown("slot") == "6"

    # The same slot again (a second tab, a double click): a clear error, one visit.
    again = page(_visit(client, case, 3, economic_score="0.90"))
    assert "The visit 3 months after arrival is already recorded." in again.text
    assert list(MonitoringVisit.objects.filter(return_case=rc).values_list("slot", "economic_score")) == [
        (3, Decimal("0.40"))
    ]
    # A visit before the arrival is refused too.
    early = page(
        _visit(client, case, 6, visited_on=timezone.localdate(rc.arrived_at) - datetime.timedelta(days=1))
    )
    assert "A monitoring visit comes after the arrival." in early.text

    for slot in (6, 12):
        assert _visit(client, case, slot).status_code == 302
    done = page(client.get(url))
    assert "The three monitoring visits are recorded." in done.text and "slot" not in done.fields


def test_the_database_refuses_a_second_visit_for_a_slot(casework, open_case):
    rc = _monitored(casework, open_case(), arrived_days_ago=100)
    fields = {
        "return_case": rc,
        "slot": 6,
        "visited_on": TODAY(),
        "economic_score": Decimal("0.5"),
        "social_score": Decimal("0.5"),
        "psychosocial_score": Decimal("0.5"),
        "visited_by": casework.carla,
    }
    MonitoringVisit.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        MonitoringVisit.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        MonitoringVisit.objects.create(**{**fields, "slot": 9})

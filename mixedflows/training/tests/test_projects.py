"""Training events tagged with a project (issue 13, item 1): officials trained are counted for the project's
indicators from the participants who attended, never typed in; another agency's project is refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mixedflows.cooperation.tests.conftest import add_coordinators, make_project
from mixedflows.core import project_selectors
from mixedflows.core.models import AuditEvent
from mixedflows.core.services.projects import indicator_add, project_create
from mixedflows.training.models import Event
from mixedflows.training.services.participants import participants_import
from mixedflows.training.services.records import attendance_record
from mixedflows.training.tests.conftest import make_course, make_event, rows

TODAY = timezone.localdate()


@pytest.fixture
def setup(trainers):
    world = add_coordinators(trainers)
    world.project = make_project(world, starts_on=TODAY - datetime.timedelta(days=90))
    world.other = make_project(world, code="OTH", title="Another project of Alpha")
    world.course = make_course(world)
    return world


def _held(world, *, project, officials, present, days_ago=10, title="Workshop"):
    """An event of `officials` (rows) where the first `present` of them attended the first day."""
    event = make_event(world, world.course, days_ago=days_ago, title=title, project=project)
    enrolled = participants_import(actor=world.tina, event=event, rows=officials)
    attendance_record(
        actor=world.tina, event=event, present={event.days[0]: {p.pk for p in enrolled[:present]}}
    )
    return event


def _beta_project(world):
    """A project Beta implements, Alpha not a partner."""
    return project_create(
        actor=world.cole, code="BETA", title="Beta's project", starts_on=TODAY, ends_on=TODAY
    )


def _indicator(world, counter, disaggregations, code="4.1"):
    return indicator_add(
        actor=world.cora,
        project=world.project,
        code=code,
        wording="Officials trained, by institution and sex",
        unit="officials",
        counter=counter,
        disaggregations=disaggregations,
    )


def _value(world, indicator, user=None):
    return project_selectors.indicator_value(
        user=user or world.tina, indicator=indicator, start=world.project.starts_on, end=TODAY
    )


def test_officials_trained_by_institution_and_sex_count_only_attended_participants_of_tagged_events(setup):
    # Tagged: 10 officials enrolled (2 of each of the five institutions, alternately women and men), 6 attended.
    _held(setup, project=setup.project, officials=rows(10), present=6)
    # Not counted: an untagged event and another project's event, everyone present.
    _held(setup, project=None, officials=rows(5, start=20), present=5, title="Untagged")
    _held(setup, project=setup.other, officials=rows(5, start=30), present=5, title="Other project")
    indicator = _indicator(setup, "training.participants", ["institution", "sex"])

    value = _value(setup, indicator)

    assert value.breakdown.total == 6
    # rows(10)[:6]: Officials 01-06 at Ministry of Interior (F), National Guard (M), Coast Guard (F),
    # Ministry of Social Affairs (M), Police nationale (F), Ministry of Interior (M).
    assert dict(value.breakdown.by["institution"]) == {
        "Ministry of Interior": 2,
        "National Guard": 1,
        "Coast Guard": 1,
        "Ministry of Social Affairs": 1,
        "Police nationale": 1,
    }
    assert dict(value.breakdown.by["sex"]) == {"Female": 3, "Male": 3}
    assert value.breakdown.cross[("Ministry of Interior", "Female")] == 1
    assert value.breakdown.cross[("Ministry of Interior", "Male")] == 1


def test_an_official_trained_twice_for_the_project_counts_once_and_events_are_counted(setup):
    _held(setup, project=setup.project, officials=rows(4), present=4, days_ago=30, title="First")
    _held(setup, project=setup.project, officials=rows(4), present=2, days_ago=5, title="Second")
    trained = _value(setup, _indicator(setup, "training.participants", ["country"]))
    assert trained.breakdown.total == 4 and dict(trained.breakdown.by["country"]) == {"TUN": 4}
    events = _value(setup, _indicator(setup, "training.events", ["country", "training_topic"], code="4.2"))
    assert events.breakdown.total == 2
    assert dict(events.breakdown.by["training_topic"]) == {"Counter-trafficking": 2}


def test_another_agencys_trainer_counts_none_of_it(setup):
    _held(setup, project=setup.project, officials=rows(3), present=3)
    indicator = _indicator(setup, "training.participants", ["sex"])
    setup.project.partner_organisations.add(setup.beta)
    assert (
        _value(setup, indicator, user=setup.tom).breakdown.total == 0
    )  # a partner counts only its own records


def test_an_event_cannot_be_tagged_with_a_project_the_agency_is_not_part_of(setup):
    beta_project = _beta_project(setup)
    before = Event.objects.count()
    with pytest.raises(ValidationError) as refused:
        make_event(setup, setup.course, project=beta_project)
    assert refused.value.message_dict == {"project": ["Your agency is not part of this project."]}
    assert Event.objects.count() == before


def test_the_event_form_offers_the_agencys_projects_and_refuses_another(client, setup):
    client.force_login(setup.tina)
    url = reverse("training:event_new", args=[setup.course.uuid])
    page = client.get(url).content.decode()
    assert "PSA Protection at sea arrivals" in page
    start = TODAY - datetime.timedelta(days=3)
    data = {
        "title": "Workshop",
        "place": "Tunis",
        "country": "TUN",
        "starts_on": start.isoformat(),
        "ends_on": start.isoformat(),
        "format": "in_person",
        "organiser": "Alpha",
    }
    beta_project = _beta_project(setup)
    audits = AuditEvent.objects.filter(object_type="training_event").count()
    response = client.post(url, {**data, "project": str(beta_project.uuid)})
    assert "Your agency is not part of this project." in response.content.decode()
    assert not Event.objects.filter(title="Workshop").exists()
    assert AuditEvent.objects.filter(object_type="training_event").count() == audits

    response = client.post(url, {**data, "project": str(setup.project.uuid)})
    event = Event.objects.get(title="Workshop")
    assert response.status_code == 302 and event.project == setup.project
    page = client.get(reverse("training:event", args=[event.uuid])).content.decode()
    assert "PSA Protection at sea arrivals" in page


def test_the_api_gives_each_event_its_project(client, setup):
    from mixedflows.integrations.services import token_create

    tagged = make_event(setup, setup.course, days_ago=5, title="Tagged", project=setup.project)
    make_event(setup, setup.course, days_ago=6, title="Untagged")
    secret = token_create(actor=setup.tina, name="t", scopes=["training:read"], expires_days=1).secret
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    listed = client.get("/api/v1/training/events", **headers).json()["results"]
    assert {e["title"]: e["project"] and e["project"]["code"] for e in listed} == {
        "Tagged": "PSA",
        "Untagged": None,
    }
    one = client.get(f"/api/v1/training/events/{tagged.uuid}", **headers).json()
    assert one["project"] == {
        "id": str(setup.project.uuid),
        "code": "PSA",
        "title": "Protection at sea arrivals",
    }

"""The project register (issue 13, item 1): projects seen by their implementing and partner agencies, indicators
computed by the counters apps register (core.indicators), activities tagged with a project."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mixedflows.core import indicators
from mixedflows.core import project_selectors as selectors
from mixedflows.core.models import AuditEvent
from mixedflows.core.project_models import Indicator, Project
from mixedflows.core.services.projects import activity_tag_project, indicator_add, project_create

TODAY = datetime.date(2026, 6, 30)


def _project(world, **values):
    return project_create(
        actor=world.cora,
        **{
            "code": "PSA-2026",
            "title": "Protection at sea arrivals",
            "starts_on": datetime.date(2026, 1, 1),
            "ends_on": datetime.date(2026, 12, 31),
            "donors": ["European Union"],
            "partner_organisations": [world.beta],
            "countries": ["ita", "MLT"],
            "budget": Decimal("250000"),
            "currency": "eur",
            **values,
        },
    )


def _completed_screening(world, person, *, project, user=None, on=None):
    from mixedflows.screening.models import Instrument, Screening

    user = user or world.alice
    at = timezone.make_aware(datetime.datetime.combine(on or datetime.date(2026, 3, 2), datetime.time(10)))
    return Screening.objects.create(
        organisation=user.organisation,
        person=person,
        site=world.quay,
        instrument=Instrument.objects.first(),
        status=Screening.Status.COMPLETED,
        performed_by=user,
        completed_at=at,
        project=project,
    )


def test_a_project_is_seen_by_its_implementing_and_partner_agencies_only(coord):
    project = _project(coord)
    assert (
        project.organisation == coord.alpha
        and project.countries == ["ITA", "MLT"]
        and project.currency == "EUR"
    )
    assert list(selectors.projects_visible(user=coord.alice)) == [project]
    assert list(selectors.projects_visible(user=coord.bob)) == [project]  # partner
    assert list(selectors.projects_visible(user=coord.gus)) == []
    with pytest.raises(Project.DoesNotExist):
        selectors.project_for(user=coord.gus, uuid=project.uuid)
    assert AuditEvent.objects.filter(
        object_type="project", object_id=str(project.uuid), action="create"
    ).exists()


def test_bad_projects_are_refused_with_the_field_named(coord):
    with pytest.raises(ValidationError) as error:
        _project(coord, ends_on=datetime.date(2025, 1, 1), countries=["ZZZ"], currency="euro")
    assert set(error.value.message_dict) == {"ends_on", "countries", "currency"}
    _project(coord)
    with pytest.raises(ValidationError, match="already has a project with this code"):
        _project(coord)
    with pytest.raises(PermissionDenied):
        project_create(
            actor=coord.alice, code="X", title="X", starts_on=TODAY, ends_on=TODAY
        )  # a protection officer does not keep the register
    assert Project.objects.count() == 1


def test_an_indicator_names_a_registered_counter_and_only_its_dimensions(coord):
    project = _project(coord)
    keys = {c.key for c in indicators.counters()}
    assert {"screening.completed", "cases.assisted", "cases.fund_grants", "detention.visits"} <= keys
    with pytest.raises(ValidationError, match="No counter"):
        indicator_add(
            actor=coord.cora, project=project, code="1.1", wording="x", unit="x", counter="nope.nothing"
        )
    with pytest.raises(ValidationError, match="cannot be disaggregated by Institution"):
        indicator_add(
            actor=coord.cora,
            project=project,
            code="1.1",
            wording="People screened",
            unit="people",
            counter="screening.completed",
            disaggregations=["sex", "institution"],
        )
    with pytest.raises(PermissionDenied):  # a partner does not change the implementing agency's framework
        indicator_add(
            actor=coord.cole,
            project=project,
            code="1.1",
            wording="x",
            unit="x",
            counter="screening.completed",
        )
    assert not Indicator.objects.exists()


def test_an_indicator_is_computed_from_the_tagged_records_of_the_period(coord, register):
    project = _project(coord)
    other = _project(coord, code="OTHER")
    indicator = indicator_add(
        actor=coord.cora,
        project=project,
        code="1.1",
        wording="People screened at disembarkation",
        unit="people",
        counter="screening.completed",
        disaggregations=["sex", "age_band"],
        target=Decimal("10"),
    )
    women = [register(given_name=f"W{n}", sex="F", age=25, nationality="ERI") for n in range(3)]
    boy = register(given_name="Boy", sex="M", age=15, nationality="SDN")
    for person in [*women, boy]:
        _completed_screening(coord, person, project=project)
    _completed_screening(coord, register(given_name="Late", sex="M", age=30), project=project, on=TODAY)
    _completed_screening(coord, register(given_name="Elsewhere", sex="M", age=30), project=other)
    _completed_screening(coord, register(given_name="Untagged", sex="F", age=30), project=None)

    value = selectors.indicator_value(
        user=coord.alice, indicator=indicator, start=datetime.date(2026, 1, 1), end=datetime.date(2026, 3, 31)
    )
    assert value.breakdown.total == 4
    assert value.breakdown.by["sex"] == [("Female", 3), ("Male", 1)]
    assert value.breakdown.by["age_band"] == [("18-59", 3), ("5-17", 1)]
    assert value.breakdown.cross == {("Female", "18-59"): 3, ("Male", "5-17"): 1}
    assert value.progress == 40
    # The partner agency sees the project, but counts only what it may see: none of Alpha's screenings.
    assert (
        selectors.indicator_value(
            user=coord.bob, indicator=indicator, start=TODAY.replace(month=1), end=TODAY
        ).breakdown.total
        == 0
    )


def test_an_indicator_query_on_another_agencys_project_is_refused(coord):
    project = _project(coord)
    indicator = indicator_add(
        actor=coord.cora, project=project, code="1.1", wording="x", unit="x", counter="screening.completed"
    )
    with pytest.raises(PermissionDenied, match="not part of"):
        selectors.indicator_value(user=coord.gus, indicator=indicator, start=TODAY, end=TODAY)
    with pytest.raises(PermissionDenied):
        selectors.project_values(user=coord.gus, project=project, start=TODAY, end=TODAY)
    with pytest.raises(Indicator.DoesNotExist):
        selectors.indicator_for(user=coord.gus, uuid=indicator.uuid)


def test_an_activity_is_tagged_only_by_its_agency_and_with_a_project_it_is_part_of(coord, register):
    project = _project(coord, partner_organisations=[])
    theirs = _completed_screening(
        coord, register(user=coord.bob, given_name="B"), project=None, user=coord.bob
    )
    with pytest.raises(ValidationError, match="not part of this project"):
        activity_tag_project(actor=coord.bob, activity=theirs, project=project)
    mine = _completed_screening(coord, register(given_name="A"), project=None)
    with pytest.raises(PermissionDenied):
        activity_tag_project(actor=coord.bob, activity=mine, project=None)
    activity_tag_project(actor=coord.alice, activity=mine, project=project)
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.project == project and theirs.project is None
    event = AuditEvent.objects.get(object_type="screening_screening", object_id=str(mine.uuid))
    assert event.fields == ["project"]


def test_cases_grants_and_visits_count_towards_a_project(coord, register):
    from mixedflows.cases.services.cases import case_open
    from mixedflows.cases.tests.conftest import add_casework_users
    from mixedflows.detention.tests.conftest import add_monitors, make_facility, make_visit

    add_casework_users(coord)
    add_monitors(coord)
    project = _project(coord)
    today = timezone.localdate()
    person = register(given_name="Amanuel", sex="M", nationality="ERI", age=30)
    case = case_open(actor=coord.carla, person=person, case_type="stranded_migrant", supervisor=coord.adam)
    activity_tag_project(actor=coord.carla, activity=case, project=project)
    visit = make_visit(coord, make_facility(coord))
    activity_tag_project(actor=coord.dina, activity=visit, project=project)

    def total(key, user, dims=()):
        counter = indicators.counter(key)
        rows = indicators.run(counter, project=project, start=today, end=today, user=user)
        return indicators.tally(counter, rows, list(dims))

    assert total("cases.assisted", coord.carla, ["nationality"]).by["nationality"] == [("ERI", 1)]
    assert total("cases.assisted", coord.cody).total == 0
    assert total("detention.visits", coord.dina, ["country"]).by["country"] == [("LBY", 1)]
    assert total("cases.fund_grants", coord.carla).total == 0

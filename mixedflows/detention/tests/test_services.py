"""Visits, recommendations and the people met, through the services; bad input changes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from mixedflows.core.models import AuditEvent
from mixedflows.detention.checklists import ChecklistError
from mixedflows.detention.models import (
    ChecklistVersion,
    DetentionLimit,
    Recommendation,
    RecommendationStep,
    Visit,
)
from mixedflows.detention.selectors import alerts_for, detention_lengths, recommendations_to_check
from mixedflows.detention.services.checklists import checklists_load
from mixedflows.detention.services.people import detention_end, person_met_find, person_met_register
from mixedflows.detention.services.recommendations import recommendation_add, recommendation_status_change
from mixedflows.detention.services.visits import checklist_save
from mixedflows.detention.tests.conftest import make_visit
from mixedflows.people.models import Encounter, Person
from mixedflows.people.services import PersonInput


def _recommend(world, visit, text="Separate families from unrelated men"):
    return recommendation_add(
        actor=world.dina,
        visit=visit,
        text=text,
        addressed_to="Centre director",
        due_on=timezone.localdate(visit.started_at) + datetime.timedelta(days=30),
    )


def test_a_visit_that_ends_before_it_starts_is_refused_and_nothing_is_written(monitors, facility):
    events = AuditEvent.objects.count()
    start = timezone.now() - datetime.timedelta(hours=5)
    with pytest.raises(ValidationError) as error:
        make_visit(monitors, facility, started_at=start, ended_at=start - datetime.timedelta(hours=1))
    assert "ends before it starts" in str(error.value.message_dict["ended_at"])
    assert Visit.objects.count() == 0 and AuditEvent.objects.count() == events


def test_a_headcount_that_does_not_add_up_is_refused(monitors, facility):
    with pytest.raises(ValidationError) as error:
        make_visit(monitors, facility, observed_total=150)  # 120 + 20 + 12 + 8 = 160
    assert "does not add up" in error.value.message_dict["observed_total"][0]
    assert "160" in error.value.message_dict["observed_total"][0]
    with pytest.raises(ValidationError) as error:
        make_visit(monitors, facility, nationalities={"observed": {"ERI": 100, "SDN": 90}})
    assert "more than the total of 160" in error.value.message_dict["observed_nationalities"][0]
    assert Visit.objects.count() == 0


def test_children_counted_cannot_be_recorded_as_no_children(monitors, facility):
    with pytest.raises(ValidationError) as error:
        make_visit(monitors, facility, children_with_families="no_children")
    assert "20 children" in error.value.message_dict["children_with_families"][0]


def test_the_next_visit_opens_with_open_recommendations_and_closes_one_with_a_reason(monitors, facility):
    first = make_visit(monitors, facility, days_ago=60)
    kept, closed = _recommend(monitors, first), _recommend(monitors, first, "Give women separate quarters")
    second = make_visit(monitors, facility)
    assert set(recommendations_to_check(user=monitors.dina, visit=second)) == {kept, closed}
    assert list(recommendations_to_check(user=monitors.dina, visit=first)) == []

    recommendation_status_change(
        actor=monitors.dina,
        recommendation=closed,
        to_status="implemented",
        reason="A women's wing opened",
        visit=second,
    )
    closed.refresh_from_db()
    assert closed.status == Recommendation.Status.IMPLEMENTED
    assert list(recommendations_to_check(user=monitors.dina, visit=second)) == [kept]
    history = [(s.from_status, s.to_status, s.reason) for s in closed.steps.all()]
    assert history == [("", "open", "Made at the visit."), ("open", "implemented", "A women's wing opened")]


def test_a_recommendation_closed_without_a_reason_is_refused(monitors, facility):
    first = make_visit(monitors, facility, days_ago=10)
    rec = _recommend(monitors, first)
    second = make_visit(monitors, facility)
    steps = RecommendationStep.objects.count()
    with pytest.raises(ValidationError) as error:
        recommendation_status_change(
            actor=monitors.dina, recommendation=rec, to_status="dropped", reason="  ", visit=second
        )
    assert "Give the reason" in error.value.message_dict["reason"][0]
    rec.refresh_from_db()
    assert rec.status == "open" and RecommendationStep.objects.count() == steps


def test_a_status_changes_only_at_a_later_visit_or_by_a_dated_letter(monitors, facility):
    first = make_visit(monitors, facility, days_ago=10)
    rec = _recommend(monitors, first)
    with pytest.raises(ValidationError) as error:
        recommendation_status_change(
            actor=monitors.dina, recommendation=rec, to_status="accepted", reason="Said yes", visit=first
        )
    assert "later visit" in error.value.message_dict["source"][0]
    with pytest.raises(ValidationError) as error:
        recommendation_status_change(
            actor=monitors.dina,
            recommendation=rec,
            to_status="accepted",
            reason="Said yes",
            letter_on=timezone.localdate() - datetime.timedelta(days=30),
        )
    assert "letter_on" in error.value.message_dict
    step = recommendation_status_change(
        actor=monitors.dina,
        recommendation=rec,
        to_status="accepted",
        reason="Letter of the director",
        letter_on=timezone.localdate(),
    )
    assert step.source == "letter" and step.from_status == "open"


def test_another_agency_cannot_change_a_recommendation(monitors, facility):
    rec = _recommend(monitors, make_visit(monitors, facility, days_ago=3))
    with pytest.raises(PermissionDenied):
        recommendation_status_change(
            actor=monitors.dan,
            recommendation=rec,
            to_status="dropped",
            reason="x",
            letter_on=timezone.localdate(),
        )


def test_a_checklist_rating_outside_the_version_changes_nothing(monitors, facility):
    visit = make_visit(monitors, facility)
    with pytest.raises(ValidationError):
        checklist_save(
            actor=monitors.dina,
            visit=visit,
            ratings={"sanitation": ("not_met", "Two toilets"), "made_up": ("met", "")},
        )
    assert visit.ratings.count() == 0
    assert checklist_save(
        actor=monitors.dina, visit=visit, ratings={"sanitation": ("not_met", "Two toilets for 160")}
    ) == ["sanitation"]


def test_a_checklist_version_changed_after_use_is_refused(monitors, facility, tmp_path):
    make_visit(monitors, facility)
    loaded = ChecklistVersion.objects.get(code="conditions", version="1")
    changed = loaded.definition | {"title": "Edited after use"}
    import yaml

    (tmp_path / "conditions-1.yaml").write_text(yaml.safe_dump(changed))
    with pytest.raises(ChecklistError) as error:
        checklists_load(directory=tmp_path)
    assert "used in 1 visit" in str(error.value) and "new version" in str(error.value)
    loaded.refresh_from_db()
    assert loaded.title == "Conditions of immigration detention"
    assert ChecklistVersion.objects.count() == 1


def test_a_boy_recorded_as_an_adult_is_registered_from_the_visit_with_a_detention_intake(monitors, facility):
    visit = make_visit(monitors, facility)
    met = person_met_register(
        actor=monitors.dina,
        visit=visit,
        data=PersonInput(given_name="Yonas", family_name="Tekle", sex="M", age=16, nationality="ERI"),
        reasons=["unaccompanied_child", "age_disputed"],
        age_recorded=19,
        age_disputed=True,
        detained_since=timezone.localdate() - datetime.timedelta(days=40),
    )
    person = Person.objects.get(pk=met.person.pk)
    assert (person.age_declared, met.detention.age_recorded, person.age_disputed) == (16, 19, True)
    encounter = met.encounter
    assert (encounter.kind, encounter.site, encounter.detained) == (
        Encounter.Kind.DETENTION_INTAKE,
        monitors.harbour,
        True,
    )
    [alert] = alerts_for(user=monitors.dina)
    assert alert.child and alert.days == 40


def test_a_person_found_again_gets_a_new_intake_and_keeps_one_detention(monitors, facility, register):
    first = make_visit(monitors, facility, days_ago=20)
    person = register(user=monitors.dina, site=monitors.harbour, given_name="Abdi", sex="M", age=44)
    person_met_find(
        actor=monitors.dina, visit=first, person=person, reasons=["medical"], note="Diabetes, no insulin"
    )
    second = make_visit(monitors, facility)
    again = person_met_find(actor=monitors.dina, visit=second, person=person, reasons=["medical"])
    assert person.encounters.filter(kind="detention_intake").count() == 2
    assert again.detention.meetings.count() == 2
    with pytest.raises(ValidationError):
        person_met_find(actor=monitors.dina, visit=second, person=person, reasons=[])
    bob_person = register(user=monitors.bob, given_name="Other", age=30)
    with pytest.raises(PermissionDenied):
        person_met_find(actor=monitors.dina, visit=second, person=bob_person, reasons=[])


def test_length_of_detention_against_the_legal_maximum(monitors, facility, register):
    DetentionLimit.objects.create(country="LBY", max_days=90, warn_days=14)
    visit = make_visit(monitors, facility)
    today = timezone.localdate()
    near = person_met_register(
        actor=monitors.dina,
        visit=visit,
        data=PersonInput(given_name="Near", sex="M", age=30),
        reasons=[],
        detained_since=today - datetime.timedelta(days=80),
    )
    person_met_register(
        actor=monitors.dina,
        visit=visit,
        data=PersonInput(given_name="Fresh", sex="M", age=30),
        reasons=[],
        detained_since=today - datetime.timedelta(days=5),
    )
    over = person_met_register(
        actor=monitors.dina,
        visit=visit,
        data=PersonInput(given_name="Over", sex="F", age=30),
        reasons=[],
        detained_since=today - datetime.timedelta(days=95),
    )
    alerts = {a.detention.person.given_name: a for a in alerts_for(user=monitors.dina)}
    assert set(alerts) == {"Near", "Over"}
    assert alerts["Near"].near_limit and alerts["Near"].days_left == 10
    assert alerts["Over"].over_limit
    assert alerts_for(user=monitors.dan) == []

    with pytest.raises(ValidationError):
        detention_end(actor=monitors.dina, detention=over.detention, ended_on=today, end="transferred")
    detention_end(
        actor=monitors.dina,
        detention=over.detention,
        ended_on=today,
        end="transferred",
        transferred_to="Tripoli centre",
    )
    assert {a.detention.person.given_name for a in alerts_for(user=monitors.dina)} == {"Near"}
    assert len(detention_lengths(user=monitors.dina)) == 2
    assert near.detention.days(today) == 80

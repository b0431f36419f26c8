"""Opening cases (directly and by taking over a referral), changing and closing them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mixedflows.cases.models import Case, CaseStatus
from mixedflows.cases.services import cases as svc
from mixedflows.cases.services.plan import goal_add
from mixedflows.cases.tests.conftest import make_referral
from mixedflows.core.models import AuditEvent
from mixedflows.people.models import Person
from mixedflows.referrals.models import Referral


def test_taking_over_a_referral_accepts_it_and_copies_only_the_granted_fields(casework, register):
    referral = make_referral(casework, register, phone="+39 333 1234567")
    case = svc.case_open_from_referral(
        actor=casework.carla, referral=referral, case_type="victim_of_trafficking", supervisor=casework.adam
    )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.ACCEPTED
    assert referral.steps.get().by == casework.carla
    person = case.person
    assert person.organisation == casework.alpha and person.registration_number.startswith("ALP-")
    assert (
        person.pk != referral.person.pk
        and case.source_person == referral.person
        and case.referral == referral
    )
    assert (person.given_name, person.nationality, person.sex) == ("Hiwet", "ERI", "F")
    assert person.phone == ""  # contact was not granted
    created = AuditEvent.objects.get(object_type="person", object_id=str(person.uuid), action="create")
    assert created.detail["referral"] == str(referral.uuid) and "phone" not in created.fields
    assert AuditEvent.objects.filter(object_type="case", object_id=str(case.uuid), action="create").exists()


def test_a_referral_cannot_be_taken_over_twice_or_by_another_agency(casework, register):
    referral = make_referral(casework, register)
    with pytest.raises(PermissionDenied):
        svc.case_open_from_referral(
            actor=casework.cody, referral=referral, case_type="victim_of_trafficking", supervisor=casework.bea
        )
    svc.case_open_from_referral(
        actor=casework.carla, referral=referral, case_type="victim_of_trafficking", supervisor=casework.adam
    )
    people = Person.objects.count()
    with pytest.raises(ValidationError):
        svc.case_open_from_referral(
            actor=casework.carla,
            referral=referral,
            case_type="victim_of_trafficking",
            supervisor=casework.adam,
        )
    assert Person.objects.count() == people and Case.objects.count() == 1


def test_a_failed_take_over_changes_nothing(casework, register):
    referral = make_referral(casework, register)
    with pytest.raises(ValidationError):  # the supervisor must be a supervisor of Alpha
        svc.case_open_from_referral(
            actor=casework.carla,
            referral=referral,
            case_type="victim_of_trafficking",
            supervisor=casework.bea,
        )
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SENT
    assert not Person.objects.filter(organisation=casework.alpha).exists() and not Case.objects.exists()


def test_a_household_case_lists_its_members(casework, register, open_case):
    mother = register(given_name="Saba", sex="F", age=34)
    son = register(given_name="Dawit", sex="M", age=9)
    case = open_case(person=mother, members=[(son, "son")])
    assert [(m.person, m.relationship) for m in case.members.all()] == [(son, "son")]


def test_a_direct_case_needs_the_agencys_own_record(casework, register):
    bobs_person = register(user=casework.bob, given_name="Other")
    with pytest.raises(PermissionDenied):
        svc.case_open(
            actor=casework.carla, person=bobs_person, case_type="stranded_migrant", supervisor=casework.adam
        )


def test_closure_needs_another_persons_approval_and_a_closed_case_is_read_only(casework, open_case):
    case = open_case()
    with pytest.raises(ValidationError):
        svc.case_close_request(actor=casework.carla, case=case, closure_status="closed", reason=" ")
    svc.case_close_request(actor=casework.adam, case=case, closure_status="closed", reason="Back with family")
    with pytest.raises(ValidationError, match="Nobody approves"):
        svc.case_close_approve(actor=casework.adam, case=case)
    with pytest.raises(PermissionDenied):
        svc.case_close_approve(actor=casework.carla, case=case)  # a caseworker is not a supervisor
    case = svc.case_close_approve(actor=casework.sam, case=case)
    assert case.status == CaseStatus.CLOSED and case.closure_approved_by == casework.sam
    with pytest.raises(ValidationError, match="closed"):
        goal_add(actor=casework.carla, case=case, description="More help")
    with pytest.raises(ValidationError, match="closed"):
        svc.case_update(
            actor=casework.carla,
            case=case,
            case_type="stranded_migrant",
            caseworker=casework.carla,
            supervisor=casework.adam,
            status="open",
        )
    svc.case_reopen(actor=casework.carla, case=case)
    assert goal_add(actor=casework.carla, case=case, description="More help")


def test_update_refuses_closing_without_approval_and_unknown_people(casework, open_case):
    case = open_case()
    with pytest.raises(ValidationError):
        svc.case_update(
            actor=casework.carla,
            case=case,
            case_type="stranded_migrant",
            caseworker=casework.carla,
            supervisor=casework.adam,
            status="closed",
        )
    with pytest.raises(ValidationError):
        svc.case_update(
            actor=casework.carla,
            case=case,
            case_type="stranded_migrant",
            caseworker=casework.cody,
            supervisor=casework.adam,
            status="open",
        )
    assert svc.case_update(
        actor=casework.carla,
        case=case,
        case_type="stranded_migrant",
        caseworker=casework.carla,
        supervisor=casework.sam,
        status="follow_up",
    ) == ["status", "supervisor"]

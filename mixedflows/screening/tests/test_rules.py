"""The first instrument's rules: every category, several at once, none, and the explanation."""

import pytest

from mixedflows.screening.codes import Procedure, ProfileCategory, Urgency
from mixedflows.screening.instruments import instrument_files
from mixedflows.screening.rules import Facts, evaluate

DEFINITION = next(f.definition for f in instrument_files() if f.code == "protection" and f.version == "1")


def outcome(age=30, **answers):
    return evaluate(DEFINITION, Facts(answers=answers, person={"age": age}))


CASES = [
    (ProfileCategory.ASYLUM_SEEKER, {"fear_of_return": "yes"}, 30),
    (ProfileCategory.ASYLUM_SEEKER, {"reasons_for_leaving": ["conflict"]}, 30),
    (ProfileCategory.REFUGEE, {"refugee_status_held": "yes"}, 30),
    (ProfileCategory.PRESUMED_VICTIM_OF_TRAFFICKING, {"control_methods": ["earnings_taken"]}, 30),
    # A debt to the smuggler also makes a smuggled migrant: two categories at once.
    (ProfileCategory.PRESUMED_VICTIM_OF_TRAFFICKING, {"deceived": "yes", "owes_smuggler": "yes"}, 30),
    (ProfileCategory.SMUGGLED_MIGRANT, {"paid_smuggler": "yes", "amount_paid": 1200}, 30),
    (ProfileCategory.STRANDED_MIGRANT, {"stranded": "yes"}, 30),
    (ProfileCategory.UNACCOMPANIED_CHILD, {"travels_with": "alone"}, 12),
    (ProfileCategory.UNACCOMPANIED_CHILD, {"travels_with": "unrelated_adult"}, 17),
    (ProfileCategory.SEPARATED_CHILD, {"travels_with": "relatives"}, 9),
    (ProfileCategory.GBV_SURVIVOR, {"gbv_disclosed": "yes"}, 30),
    (ProfileCategory.MEDICAL_NEEDS, {"medical_needs": "yes"}, 30),
    (ProfileCategory.MEDICAL_NEEDS, {"injuries": "yes"}, 30),
    (ProfileCategory.PSYCHOLOGICAL_DISTRESS, {"psychological_distress": "yes"}, 30),
    (ProfileCategory.PREGNANT_OR_LACTATING, {"pregnancy": "lactating"}, 30),
    (ProfileCategory.OLDER_PERSON, {}, 60),
    (ProfileCategory.PERSON_WITH_DISABILITY, {"disability": "yes"}, 30),
    (ProfileCategory.DETAINED_MIGRANT, {"detained": "yes"}, 30),
    (ProfileCategory.MIGRANT_WORKER, {"purpose": "work"}, 30),
    (ProfileCategory.MIGRANT_WORKER, {"reasons_for_leaving": ["work"]}, 30),
    (ProfileCategory.CROSS_BORDER_TRADER, {"purpose": "cross_border_trade"}, 30),
    (ProfileCategory.ENVIRONMENTAL_MIGRANT, {"reasons_for_leaving": ["environment"]}, 30),
    (ProfileCategory.STATELESS_PERSON, {"stateless": "yes"}, 30),
]


@pytest.mark.parametrize(
    ("category", "answers", "age"), CASES, ids=[f"{c[0].value}-{i}" for i, c in enumerate(CASES)]
)
def test_each_category_has_a_rule_that_finds_it(category, answers, age):
    result = outcome(age=age, **answers)
    also = {ProfileCategory.SMUGGLED_MIGRANT.value} if answers.get("owes_smuggler") else set()
    assert set(result.categories) == {category.value} | also
    assert [item["categories"] for item in result.explanation if category.value in item["categories"]]


def test_every_profile_category_is_covered_by_the_cases():
    assert {c.value for c, _, _ in CASES} == set(ProfileCategory.values)


def test_an_adult_with_no_need_is_in_no_category_and_normal_urgency():
    result = outcome(
        age=34,
        information_given="yes",
        legal_basis="consent_person",
        fear_of_return="no",
        paid_smuggler="no",
        purpose="neither",
        gbv_disclosed="no",
        control_methods=[],
    )
    assert result.categories == [] and result.procedures == [] and result.explanation == []
    assert result.urgency == Urgency.NORMAL


def test_the_girl_of_fifteen_who_travels_alone_owes_the_smuggler_and_has_no_passport():
    result = outcome(
        age=15,
        travels_with="alone",
        paid_smuggler="yes",
        owes_smuggler="yes",
        amount_paid=3000,
        control_methods=["debt_bondage", "withheld_documents"],
    )
    assert set(result.categories) == {
        ProfileCategory.UNACCOMPANIED_CHILD,
        ProfileCategory.PRESUMED_VICTIM_OF_TRAFFICKING,
        ProfileCategory.SMUGGLED_MIGRANT,
    }
    assert result.urgency == Urgency.IMMEDIATE
    assert {Procedure.CHILD_PROTECTION, Procedure.ANTI_TRAFFICKING} <= set(result.procedures)
    why = {item["rule"]: item for item in result.explanation}
    trafficking = why["presumed_victim_of_trafficking"]["answers"]
    assert [a["question"] for a in trafficking] == ["control_methods"]
    assert trafficking[0]["answer"] == ["debt_bondage", "withheld_documents"]
    child = [a["question"] for a in why["unaccompanied_child"]["answers"]]
    assert child == ["person.age", "travels_with"]


def test_the_same_answers_make_no_child_category_for_an_adult_or_an_unknown_age():
    for age in (18, None):
        result = outcome(age=age, travels_with="alone")
        assert ProfileCategory.UNACCOMPANIED_CHILD not in result.categories


def test_urgency_is_the_highest_of_the_rules_that_hold():
    assert outcome(refugee_status_held="yes").urgency == Urgency.NORMAL
    assert outcome(refugee_status_held="yes", detained="yes").urgency == Urgency.HIGH
    assert outcome(detained="yes", injuries="yes").urgency == Urgency.IMMEDIATE


def test_fear_of_return_keeps_a_worker_out_of_the_migrant_worker_category():
    result = outcome(reasons_for_leaving=["work", "persecution"], fear_of_return="yes")
    assert ProfileCategory.MIGRANT_WORKER not in result.categories
    assert ProfileCategory.ASYLUM_SEEKER in result.categories


def test_a_procedure_recommended_by_two_rules_appears_once():
    result = outcome(medical_needs="yes", injuries="yes", disability="yes")
    assert result.procedures.count(Procedure.MEDICAL_CARE) == 1
    assert len(result.explanation) == 3

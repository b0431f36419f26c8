"""An agency running Primero exchanges referrals with one running mixedflows: our case or referred person as
a Primero case, and a Primero referral taken in as the receiving agency's own record, once."""

import datetime

import pytest
from django.utils import timezone

from mixedflows.core.models import FieldGroup
from mixedflows.integrations import primero
from mixedflows.people.models import AccessGrant, Person

PRIMERO_CASE = {
    "case_id_display": "5f2a1c9",
    "name_first": "Aster",
    "name_middle": "Haile",
    "name_last": "Gebru",
    "name_other": "Astier",
    "sex": "female",
    "age": 16,
    "nationality": ["ER"],
    "unhcr_id_no": "UNHCR-551-22",
    "telephone_current": "",
}


def primero_referral(world, **changes):
    return {
        "referral_id": "primero-ref-0042",
        "from_agency": "Child Protection NGO (Primero)",
        "service": "child_protection",
        "consent": True,
        "site": str(world.quay.uuid),
        "received_at": timezone.now().isoformat(),
        "case": PRIMERO_CASE,
        **changes,
    }


def test_a_primero_referral_becomes_our_own_record_once(world, token, post_json):
    headers = token(world.alice)
    first = post_json("/api/v1/primero/referrals", primero_referral(world), headers)
    assert first.status_code == 201, first.content
    person = Person.objects.get()
    assert (person.given_name, person.fathers_name, person.family_name, person.sex) == (
        "Aster",
        "Haile",
        "Gebru",
        "F",
    )
    assert person.nationality == "ERI" and person.age_declared == 16 and person.organisation == world.alpha
    assert person.documents.get().number == "UNHCR-551-22"
    again = post_json("/api/v1/primero/referrals", primero_referral(world), headers)
    assert again.status_code == 201 and again.json()["id"] == first.json()["id"]
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        ({"consent": False}, "consent_missing", "consent"),
        ({"case": {**PRIMERO_CASE, "sex": "f"}}, "invalid", "case.sex"),
        ({"case": {**PRIMERO_CASE, "nationality": ["Atlantis"]}}, "invalid", "case.nationality"),
        ({"case": {**PRIMERO_CASE, "date_of_birth": "2009-13-40"}}, "invalid", "case.date_of_birth"),
        ({"case": {"sex": "male"}}, "invalid", "case.name_first"),
        ({"service": "spa_weekend"}, "invalid", "service"),
    ],
)
def test_a_primero_referral_we_cannot_take_is_refused_naming_the_field(
    world, token, post_json, changes, code, field
):
    response = post_json("/api/v1/primero/referrals", primero_referral(world, **changes), token(world.alice))
    assert response.status_code == 422 and response.json()["code"] == code
    assert field in response.json()["errors"]
    assert not Person.objects.exists()


def test_a_referred_person_leaves_as_a_primero_case_with_only_the_granted_groups(
    client, world, register, token
):
    person = register(
        given_name="Senait",
        fathers_name="Tesfay",
        family_name="Kidane",
        sex="F",
        age=15,
        nationality="ERI",
        phone="+393331234567",
        documents=[{"kind": "passport", "number": "E7654321"}],
    )
    from mixedflows.referrals.models import Referral

    grant = AccessGrant.objects.create(
        person=person,
        organisation=world.beta,
        field_groups=[FieldGroup.IDENTITY],
        legal_basis="consent",
        source_type="referral",
        source_id="x",
        granted_by=world.alice,
    )
    referral = Referral.objects.create(
        person=person,
        from_organisation=world.alpha,
        to_organisation=world.beta,
        service="shelter",
        legal_basis="consent",
        consent_given_by="the person",
        field_groups=[FieldGroup.IDENTITY],
        grant=grant,
        due_at=timezone.now() + datetime.timedelta(days=1),
        created_by=world.alice,
    )
    theirs = client.get(f"/api/v1/referrals/{referral.uuid}/primero", **token(world.bob)).json()
    assert (
        theirs["name_first"] == "Senait"
        and theirs["name_middle"] == "Tesfay"
        and theirs["name_last"] == "Kidane"
    )
    assert theirs["sex"] == "female" and theirs["age"] == 15 and theirs["nationality"] == ["ERI"]
    assert "telephone_current" not in theirs and "other_id_no" not in theirs
    ours = client.get(f"/api/v1/referrals/{referral.uuid}/primero", **token(world.alice)).json()
    assert ours["telephone_current"] == "+393331234567" and ours["other_id_no"] == "E7654321"


def test_the_mapping_round_trips_what_both_sides_hold():
    taken = primero.person_from_primero(PRIMERO_CASE)
    exported = primero.case_to_primero(
        {
            "registration_number": "ALP-1",
            "organisation": "ALP",
            "given_name": taken.given_name,
            "fathers_name": taken.fathers_name,
            "grandfathers_name": "",
            "family_name": taken.family_name,
            "name_original_script": "",
            "aliases": taken.aliases,
            "sex": taken.sex,
            "date_of_birth": None,
            "dob_precision": "",
            "age_declared": taken.age,
            "age_assessed": None,
            "nationality": taken.nationality,
            "other_nationalities": [],
            "documents": taken.documents,
        }
    )
    for name in ("name_first", "name_middle", "name_last", "name_other", "sex", "age", "unhcr_id_no"):
        assert exported[name] == PRIMERO_CASE[name], name

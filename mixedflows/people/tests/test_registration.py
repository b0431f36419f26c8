"""Registering people: the service, the arrival grid row by row, and bad input that changes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from mixedflows.core.models import AuditEvent
from mixedflows.people.models import DobPrecision, Encounter, Person
from mixedflows.people.services import (
    EncounterContext,
    PersonInput,
    arrival_open,
    encounter_add,
    person_register,
)

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def boat(world):
    return arrival_open(
        actor=world.alice,
        label="Boat 7",
        context=EncounterContext(
            site=world.quay, occurred_at=timezone.now(), kind="sea_rescue", departure_country="LBY"
        ),
    )


def row(**fields):
    return {
        "intake_key": fields.pop("intake_key", "k" + str(len(fields)) + str(sorted(fields.items()))[:40]),
        "given_name": "",
        "fathers_name": "",
        "grandfathers_name": "",
        "family_name": "",
        "name_original_script": "",
        "sex": "unknown",
        "dob_or_age": "",
        "nationality": "",
        "language": "",
        "document_number": "",
        **fields,
    }


def test_a_row_is_saved_with_names_in_both_scripts(client, world, boat):
    client.force_login(world.alice)
    response = client.post(
        reverse("people:group_row", args=[boat.uuid]),
        row(
            given_name="Senait",
            fathers_name="Tesfaye",
            name_original_script="ሰናይት ተስፋዬ",
            sex="F",
            dob_or_age="2009-03",
            nationality="Eritrea",
            language="tir",
            intake_key="row-1",
        ),
        **HTMX,
    )
    assert response.status_code == 200
    person = Person.objects.get(intake_key="row-1")
    assert (person.given_name, person.name_original_script, person.nationality) == (
        "Senait",
        "ሰናይት ተስፋዬ",
        "ERI",
    )
    assert person.languages == ["tir"]
    assert person.dob_precision == DobPrecision.MONTH
    assert person.groups.get() == boat
    assert person.encounters.get().site == world.quay
    assert "saved" in response.content.decode() and person.registration_number in response.content.decode()


def test_the_same_row_sent_twice_after_a_dropped_connection_is_saved_once(client, world, boat):
    client.force_login(world.alice)
    url = reverse("people:group_row", args=[boat.uuid])
    data = row(given_name="Yonas", sex="M", dob_or_age="16", intake_key="resent")
    assert client.post(url, data, **HTMX).status_code == 200
    assert client.post(url, data, **HTMX).status_code == 200
    assert Person.objects.filter(given_name="Yonas").count() == 1
    assert boat.members.count() == 1


def test_a_bad_row_shows_its_errors_by_label_and_keeps_what_was_typed(client, world, boat):
    client.force_login(world.alice)
    url = reverse("people:group_row", args=[boat.uuid])
    client.post(url, row(given_name="Good", intake_key="good"), **HTMX)
    future = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    response = client.post(
        url, row(given_name="Hawa", dob_or_age=future, nationality="XYZ", intake_key="bad"), **HTMX
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Date of birth or age: The date of birth is in the future." in html
    assert "Nationality: Unknown country code" in html
    assert "doborage" not in html
    assert 'value="Hawa"' in html  # what was typed stays in the entry row
    assert list(Person.objects.values_list("given_name", flat=True)) == ["Good"]


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"dob_or_age": "next year"}, "is not a date"),
        ({"dob_or_age": "2010-02-30"}, "not a real date"),
        ({"dob_or_age": "130"}, "An age is between 0 and 110"),
        ({"nationality": "Atlantis"}, "Unknown country code"),
        ({"language": "klingonese"}, "Language: Unknown language code"),
        ({"given_name": ""}, "Enter at least one name"),
    ],
)
def test_bad_rows_save_nothing(client, world, boat, fields, message):
    client.force_login(world.alice)
    before = AuditEvent.objects.count()
    response = client.post(
        reverse("people:group_row", args=[boat.uuid]), row(**{"given_name": "Amina", **fields}), **HTMX
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Person.objects.exists()
    assert AuditEvent.objects.count() == before


def test_dob_in_the_future_is_refused_by_the_service(world, register):
    with pytest.raises(ValidationError) as error:
        register(given_name="Future", date_of_birth=timezone.localdate() + datetime.timedelta(days=1))
    assert "date_of_birth" in error.value.message_dict
    assert not Person.objects.exists()


def test_unknown_country_code_is_refused(world, register):
    with pytest.raises(ValidationError) as error:
        register(given_name="Nobody", nationality="ZZZ")
    assert "nationality" in error.value.message_dict
    assert not Person.objects.exists()


def test_an_encounter_at_a_site_where_the_agency_does_not_work_is_refused(world, register):
    """Alpha does not work at the North post (only Beta does)."""
    with pytest.raises(ValidationError) as error:
        register(given_name="Omar", site=world.north)
    assert "does not work at North post" in error.value.message_dict["site"][0]
    person = register(given_name="Omar")
    with pytest.raises(ValidationError):
        encounter_add(
            actor=world.alice,
            person=person,
            context=EncounterContext(site=world.north, occurred_at=timezone.now(), kind="land_border"),
        )
    assert person.encounters.count() == 1


def test_the_encounter_form_refuses_another_agencys_site(client, world, register):
    person = register(given_name="Omar")
    client.force_login(world.alice)
    response = client.post(
        reverse("people:encounter_new", args=[person.uuid]),
        {"site": world.north.pk, "occurred_at": "2026-01-02T10:00", "kind": "land_border"},
    )
    assert response.status_code == 200
    assert "does not work at North post" in response.content.decode()
    assert person.encounters.count() == 1


def test_encounters_many_per_person_with_all_their_facts(world, register):
    person = register(given_name="Dawit")
    encounter_add(
        actor=world.alice,
        person=person,
        context=EncounterContext(
            site=world.quay,
            occurred_at=timezone.now() - datetime.timedelta(days=3),
            kind="detention_intake",
            departure_country="LBY",
            previous_place="Zuwara",
            intended_destination="Germany",
            transport_mode="boat",
            detained=True,
        ),
    )
    assert person.encounters.count() == 2
    detained = person.encounters.get(kind="detention_intake")
    assert (detained.previous_place, detained.intended_destination, detained.detained) == (
        "Zuwara",
        "Germany",
        True,
    )


def test_a_forged_post_for_another_agencys_person_saves_nothing(client, world, register):
    """Bob (Beta) posts the edit, age and encounter forms of Alpha's person by hand."""
    person = register(given_name="Senait", family_name="Tesfaye")
    client.force_login(world.bob)
    edit = client.post(reverse("people:edit", args=[person.uuid]), {"given_name": "Forged", "sex": "F"})
    age = client.post(reverse("people:age", args=[person.uuid]), {"age_assessed": "30"})
    enc = client.post(
        reverse("people:encounter_new", args=[person.uuid]),
        {"site": world.quay.pk, "occurred_at": "2026-01-02T10:00", "kind": "other"},
    )
    assert (edit.status_code, age.status_code, enc.status_code) == (404, 404, 404)
    person.refresh_from_db()
    assert (person.given_name, person.age_assessed, person.encounters.count()) == ("Senait", None, 1)


def test_a_forged_row_into_another_agencys_boat_saves_nothing(client, world, boat):
    client.force_login(world.bob)
    response = client.post(reverse("people:group_row", args=[boat.uuid]), row(given_name="Forged"), **HTMX)
    assert response.status_code == 404
    assert not Person.objects.exists()


def test_the_service_refuses_another_agencys_group(world, boat):
    context = EncounterContext(site=world.quay, occurred_at=timezone.now(), kind="sea_rescue")
    with pytest.raises(PermissionDenied):
        person_register(actor=world.bob, data=PersonInput(given_name="X"), context=context, group=boat)
    assert not Person.objects.exists()


# --- Date of birth precision -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "precision", "shown"),
    [
        ("1990-05-17", DobPrecision.EXACT, "1990-05-17"),
        ("1990-05", DobPrecision.MONTH, "May 1990"),
        ("1990", DobPrecision.YEAR, "1990"),
    ],
)
def test_dob_keeps_its_precision(client, world, boat, typed, precision, shown):
    client.force_login(world.alice)
    client.post(
        reverse("people:group_row", args=[boat.uuid]),
        row(given_name="Ali", dob_or_age=typed, intake_key=typed),
        **HTMX,
    )
    person = Person.objects.get(intake_key=typed)
    assert person.dob_precision == precision
    assert person.date_of_birth_display == shown
    page = client.get(reverse("people:detail", args=[person.uuid])).content.decode()
    assert shown in page


def test_an_estimated_first_of_january_is_never_shown_as_a_birthday(client, world, register):
    person = register(given_name="Abdi", age=16)
    assert person.dob_precision == DobPrecision.ESTIMATED
    assert (person.date_of_birth.month, person.date_of_birth.day) == (1, 1)
    assert person.age_declared == 16
    client.force_login(world.alice)
    page = client.get(reverse("people:detail", args=[person.uuid])).content.decode()
    assert f"about {person.date_of_birth.year} (estimated)" in page
    assert person.date_of_birth.isoformat() not in page
    assert "-01-01" not in page
    search = client.post(reverse("people:search"), {"q": person.registration_number}).content.decode()
    assert person.date_of_birth.isoformat() not in search


def test_the_edit_form_shows_an_estimated_age_as_an_age(client, world, register):
    person = register(given_name="Abdi", age=16)
    client.force_login(world.alice)
    page = client.get(reverse("people:edit", args=[person.uuid])).content.decode()
    assert 'value="16"' in page


# --- Audit of create, change, view ------------------------------------------------------------------------


def test_create_change_and_view_are_audited_without_values(client, world, register):
    person = register(given_name="Mariam", family_name="Haddad", nationality="SYR")
    client.force_login(world.alice)
    client.get(reverse("people:detail", args=[person.uuid]))
    client.post(
        reverse("people:edit", args=[person.uuid]),
        {"given_name": "Maryam", "family_name": "Haddad", "sex": "M", "nationality": "SYR", "aliases": ""},
    )
    events = AuditEvent.objects.filter(object_type="person", object_id=str(person.uuid)).order_by("id")
    assert [e.action for e in events] == ["create", "view", "change"]
    assert events[2].fields == ["given_name"]
    assert all(e.actor_label == "alice" and e.organisation == world.alpha for e in events)
    for event in events:
        text = str(event.fields) + str(event.detail)
        assert "Mariam" not in text and "Maryam" not in text and "Haddad" not in text


def test_the_audit_trail_is_shown_to_a_supervisor_not_to_an_officer(client, world, register):
    person = register(given_name="Mariam")
    client.force_login(world.adam)
    page = client.get(reverse("people:detail", args=[person.uuid])).content.decode()
    assert reverse("people:audit", args=[person.uuid]) in page
    trail = client.get(reverse("people:audit", args=[person.uuid])).content.decode()
    assert "alice" in trail and "create" in trail and "view" in trail
    client.force_login(world.alice)
    assert (
        reverse("people:audit", args=[person.uuid])
        not in client.get(reverse("people:detail", args=[person.uuid])).content.decode()
    )
    assert client.get(reverse("people:audit", args=[person.uuid])).status_code == 403


def test_encounter_kinds_cover_the_arrival_routes():
    assert {"sea_rescue", "sea_interception", "land_border", "air_arrival", "detention_intake"} <= set(
        Encounter.Kind.values
    )


def test_an_edit_that_fails_on_the_other_names_keeps_nothing(client, world, register, monkeypatch):
    """The edit page's change is one transaction: a nationality changed without its aliases is never kept."""
    import mixedflows.people.services as people_services

    person = register(given_name="Mariam", family_name="Haddad", nationality="SYR")

    def broken_keys(*args, **kwargs):
        raise RuntimeError("the name index is unavailable")

    client.force_login(world.alice)
    monkeypatch.setattr(people_services, "refresh_name_keys", broken_keys)
    with pytest.raises(RuntimeError):
        client.post(
            reverse("people:edit", args=[person.uuid]),
            {
                "given_name": "Mariam",
                "family_name": "Haddad",
                "sex": "F",
                "nationality": "ERI",
                "aliases": "Mariam Hadad",
            },
        )
    person.refresh_from_db()
    assert person.nationality == "SYR" and not person.aliases.exists()
    assert not AuditEvent.objects.filter(object_id=str(person.uuid), action="change").exists()

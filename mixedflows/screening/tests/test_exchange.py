"""ODK Collect finds the person in the agency's entity list; the reviewer's rejection on the server is obeyed."""

import csv
import io
import shutil

import pytest
from django.urls import reverse

from mixedflows.core.models import AuditEvent
from mixedflows.screening.instruments import newest_instrument_file
from mixedflows.screening.models import Screening
from mixedflows.screening.submissions import ImportFailed, screenings_import
from mixedflows.screening.tests.submission_files import central, kobo
from mixedflows.screening.xlsform import xlsform_check, xlsform_workbook


@pytest.fixture
def girl(register):
    return register(given_name="Senait", fathers_name="Tesfaye", sex="F", age=15, guardian=True)


def test_the_form_chooses_the_person_from_the_entity_list_and_passes_odk_validate():
    xform = xlsform_check(xlsform_workbook(newest_instrument_file()), validate=bool(shutil.which("java")))
    assert 'id="people"' in xform and "jr://file-csv/people.csv" in xform
    assert "instance('people')/root/item[name= /data/person ]/registration_number" in xform


def test_the_site_entity_list_has_only_what_finding_a_person_needs(client, world, girl, register):
    register(user=world.bob, given_name="Yonas")  # Beta's person at the same site: not in Alpha's list
    client.force_login(world.alice)
    assert "people.csv for Quay landing point" in client.get(reverse("screening:queue")).content.decode()
    assert client.get(reverse("screening:people_entities", args=[world.quay.uuid])).status_code == 405
    response = client.post(reverse("screening:people_entities", args=[world.quay.uuid]))
    assert response["Content-Disposition"] == 'attachment; filename="people.csv"'
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert rows == [
        {
            "name": str(girl.uuid),
            "label": f"Senait Tesfaye · {girl.registration_number}",
            "registration_number": girl.registration_number,
            "sex": "F",
            "age": "15",  # the skip logic asks the child section of children only
            "age_band": "0-17",
        }
    ]
    event = AuditEvent.objects.get(action="export", object_type="site")
    assert event.detail == {"format": "odk-entity-list", "rows": 1}
    client.force_login(world.bob)  # the North post is Beta's alone
    assert client.post(reverse("screening:people_entities", args=[world.north.uuid])).status_code == 200
    client.force_login(world.alice)
    assert client.post(reverse("screening:people_entities", args=[world.north.uuid])).status_code == 404


def test_a_person_chosen_from_the_list_a_typed_number_and_an_entity_alone_all_import(world, girl, register):
    boy = register(given_name="Dawit", sex="M", age=16, guardian=True)
    man = register(given_name="Yonas", sex="M", age=40)
    from_list = central(girl)
    typed = kobo(boy, typed=True)
    entity_only = central(man)
    entity_only["registration_number"] = None  # an older form without the calculate
    result = screenings_import(actor=world.alice, submissions=[from_list, typed, entity_only])
    assert result.created == 3
    assert set(Screening.objects.values_list("person__given_name", flat=True)) == {"Senait", "Dawit", "Yonas"}


def test_an_unknown_entity_is_refused(world, girl):
    stale = central(girl, instance="uuid:stale")
    stale["registration_number"] = None
    stale["person"] = "8d1c4f0e-0000-4000-8000-000000000000"
    with pytest.raises(ImportFailed, match="submission stale: registration_number: missing"):
        screenings_import(actor=world.alice, submissions=[stale])


def test_a_submission_rejected_in_central_or_not_approved_in_kobo_is_not_imported(world, girl, register):
    boy = register(given_name="Dawit", sex="M", age=16, guardian=True)
    result = screenings_import(
        actor=world.alice,
        submissions=[
            central(girl, instance="uuid:no-central", review="rejected"),
            kobo(boy, instance="no-kobo", review="rejected"),
            kobo(boy, instance="fine", review="approved"),
        ],
    )
    assert (result.created, len(result.refused)) == (1, 2)
    assert {p.submission for p in result.refused} == {"no-central", "no-kobo"}
    assert "rejected by a reviewer" in result.refused[0].message
    assert Screening.objects.get().submission_id == "fine"


def test_a_submission_rejected_after_import_flags_its_screening_for_review(client, world, girl):
    screenings_import(actor=world.alice, submissions=[central(girl, instance="uuid:first")])
    screening = Screening.objects.get()
    assert screening.rejected_at_source_at is None
    result = screenings_import(
        actor=world.alice, submissions=[central(girl, instance="uuid:first", review="rejected")]
    )
    screening.refresh_from_db()
    assert result.flagged == 1 and screening.rejected_at_source_at is not None
    assert screening.answers  # kept, never silently: flagged, audited, shown
    event = AuditEvent.objects.filter(object_type="screening", object_id=str(screening.uuid)).latest("pk")
    assert event.fields == ["rejected_at_source_at"]
    client.force_login(world.alice)
    page = client.get(reverse("screening:screening", args=[screening.uuid])).content.decode()
    assert "rejected this submission after it was imported" in page

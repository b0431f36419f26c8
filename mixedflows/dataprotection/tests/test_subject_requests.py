"""A person's data-subject requests (issue 16, item 11): each with its legal deadline and its answer; access gives
everything held and who it was shared with, in the person's language; restriction stops new sharing; erasure is
refused, with the reason, when the agency must keep the record."""

import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from mixedflows.cases.services.cases import case_open
from mixedflows.core.models import AuditEvent, DataSharingAgreement, FieldGroup, Membership, User
from mixedflows.core.roles import Role
from mixedflows.dataprotection.models import SubjectRequest
from mixedflows.dataprotection.services.subjects import subject_request_answer, subject_request_open
from mixedflows.people.models import Person
from mixedflows.people.services import PersonInput, person_update
from mixedflows.referrals.services import referral_send

TODAY = timezone.localdate


@pytest.fixture
def dpo(world):
    user = User.objects.create_user("dora", password="a-long-test-password")
    Membership.objects.create(user=user, organisation=world.alpha, role=Role.DATA_PROTECTION_OFFICER)
    return User.objects.get(pk=user.pk)


@pytest.fixture
def agreement(world):
    return DataSharingAgreement.objects.create(
        from_organisation=world.alpha,
        to_organisation=world.beta,
        field_groups=[FieldGroup.IDENTITY, FieldGroup.ENCOUNTERS],
        signed_on=datetime.date(2026, 1, 1),
    )


def _send(world, person):
    return referral_send(
        actor=world.alice,
        person=person,
        to_organisation=world.beta,
        service="shelter",
        legal_basis="consent",
        consent_given_by="the person",
        consent_obtained_at=timezone.now() - datetime.timedelta(minutes=5),
    )


def _open(dpo, person, kind="access", **kwargs):
    values = {"received_on": TODAY(), "channel": "in_person", **kwargs}
    return subject_request_open(actor=dpo, person=person, kind=kind, **values)


def test_the_deadline_is_thirty_days_from_receipt_and_the_overdue_lead_the_list(client, world, register, dpo):
    mariam = register(given_name="Mariam")
    recent = _open(dpo, mariam, received_on=TODAY() - datetime.timedelta(days=2))
    late = _open(dpo, mariam, kind="erasure", received_on=TODAY() - datetime.timedelta(days=40))
    assert recent.deadline == recent.received_on + datetime.timedelta(days=30)
    assert recent.days_left == 28 and not recent.overdue
    assert late.overdue and late.overdue_by == 10
    client.force_login(dpo)
    page = client.get(reverse("dataprotection:subject_requests")).content.decode()
    assert "overdue by 10 days" in page and "28 days left" in page
    assert page.index("overdue by 10 days") < page.index("28 days left")  # the overdue come first
    assert mariam.registration_number in page and "Mariam" not in page  # registration numbers, never names


def test_a_request_opened_from_the_person_page_is_recorded_and_audited_without_personal_data(
    client, world, register, dpo
):
    mariam = register(given_name="Mariam", family_name="Haile")
    client.force_login(dpo)
    response = client.post(
        reverse("dataprotection:subject_request_new", args=[mariam.uuid]),
        {"kind": "restriction", "received_on": TODAY().isoformat(), "channel": "writing", "language": "fr"},
        follow=True,
    )
    assert "Request recorded" in response.content.decode()
    request = SubjectRequest.objects.get()
    assert (request.person, request.kind, request.language) == (mariam, "restriction", "fr")
    event = AuditEvent.objects.get(object_type="subject_request", action="create")
    assert "Mariam" not in json.dumps(event.detail) and "Haile" not in json.dumps(event.detail)


def test_the_access_export_holds_the_person_and_who_it_was_shared_with_and_no_one_else(
    client, world, register, dpo, agreement
):
    mariam = register(given_name="Mariam", family_name="Haile", phone="+393331234567")
    register(given_name="Senait", family_name="Tesfaye")
    _send(world, mariam)
    request = _open(dpo, mariam)
    client.force_login(dpo)
    response = client.get(reverse("dataprotection:subject_request_export", args=[request.uuid, "json"]))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "attachment" in response["Content-Disposition"]
    assert "Mariam" not in response["Content-Disposition"]
    text = response.content.decode()
    data = json.loads(text)
    sections = {s["key"]: s for s in data["sections"]}
    assert ["Given name", "Mariam"] in sections["identity"]["rows"]
    assert ["Family name", "Haile"] in sections["identity"]["rows"]
    shared = sections["sharing"]["rows"]
    assert len(shared) == 1 and shared[0][0] == "Beta Agency" and "identity" in shared[0][1]
    assert shared[0][2] == "Informed consent of the person"
    assert sections["referrals"]["rows"][0][1] == "Beta Agency"
    assert sections["encounters"]["rows"][0][2] == "Quay landing point"
    assert "Senait" not in text and "Tesfaye" not in text
    event = AuditEvent.objects.get(object_type="subject_request", action="export")
    assert "Mariam" not in json.dumps(event.detail)
    book = client.get(reverse("dataprotection:subject_request_export", args=[request.uuid, "xlsx"]))
    sheets = load_workbook(io.BytesIO(book.content)).sheetnames
    assert "Who your data was shared with" in sheets


def test_export_headings_are_in_french_when_the_person_asked_for_french(client, world, register, dpo):
    request = _open(dpo, register(given_name="Mariam"), language="fr")
    client.force_login(dpo)
    data = json.loads(
        client.get(reverse("dataprotection:subject_request_export", args=[request.uuid, "json"])).content
    )
    headings = [s["heading"] for s in data["sections"]]
    assert "Qui vous êtes" in headings and "Avec qui vos données ont été partagées" in headings
    assert "Who you are" not in headings


def test_erasure_is_refused_with_the_reason_while_a_case_is_open_and_nothing_changes(
    client, world, register, dpo
):
    mariam = register(given_name="Mariam")
    case_open(actor=world.adam, person=mariam, case_type="stranded_migrant", supervisor=world.adam)
    request = _open(dpo, mariam, kind="erasure")
    client.force_login(dpo)
    page = client.get(reverse("dataprotection:subject_request", args=[request.uuid])).content.decode()
    assert "open case" in page
    response = client.post(
        reverse("dataprotection:subject_request", args=[request.uuid]),
        {"status": "answered", "answer": "Your data was erased."},
    )
    assert response.status_code == 422 and "open case" in response.content.decode()
    mariam.refresh_from_db()
    request.refresh_from_db()
    assert mariam.given_name == "Mariam" and request.status == "received"
    assert not AuditEvent.objects.filter(action="erase").exists()


def test_erasure_without_a_hold_removes_the_identity_in_one_audited_event(world, register, dpo):
    mariam = register(given_name="Mariam", phone="+393331234567")
    request = subject_request_answer(
        actor=dpo, request=_open(dpo, mariam, kind="erasure"), status="answered", answer="Erased."
    )
    mariam.refresh_from_db()
    assert request.status == "answered" and mariam.given_name == "" and mariam.phone == ""
    assert mariam.registration_number.startswith("ANON-")
    event = AuditEvent.objects.get(action="erase")
    assert event.detail["reason"] == "subject_request" and "Mariam" not in json.dumps(event.detail)


def test_an_answered_restriction_blocks_a_new_referral(world, register, dpo, agreement):
    mariam = register(given_name="Mariam")
    subject_request_answer(
        actor=dpo, request=_open(dpo, mariam, kind="restriction"), status="answered", answer="Restricted."
    )
    mariam.refresh_from_db()
    assert mariam.restricted_at is not None
    with pytest.raises(ValidationError, match="restricted"):
        _send(world, mariam)
    assert not mariam.referrals.exists() and not mariam.grants.exists()


def test_a_correction_records_the_names_of_the_fields_corrected_never_their_values(world, register, dpo):
    mariam = register(given_name="Mariam", family_name="Hale")
    request = _open(dpo, mariam, kind="correction")
    with pytest.raises(ValidationError, match="Nothing of the person's record was corrected"):
        subject_request_answer(actor=dpo, request=request, status="answered", answer="Corrected.")
    person_update(
        actor=world.alice,
        person=mariam,
        data=PersonInput(given_name="Mariam", family_name="Haile", sex="M"),
    )
    request = subject_request_answer(actor=dpo, request=request, status="answered", answer="Corrected.")
    assert request.corrected_fields == ["family_name"]
    assert "Haile" not in json.dumps(AuditEvent.objects.filter(object_type="subject_request").last().detail)


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "portability"}, "kind"),
        ({"deadline": TODAY() - datetime.timedelta(days=5)}, "deadline"),
        ({"received_on": TODAY() + datetime.timedelta(days=1)}, "received_on"),
    ],
)
def test_bad_input_on_opening_gives_a_clear_error_and_writes_nothing(world, register, dpo, kwargs, field):
    mariam = register(given_name="Mariam")
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as error:
        _open(dpo, mariam, **{"kind": "access", **kwargs})
    assert field in error.value.message_dict
    assert not SubjectRequest.objects.exists() and AuditEvent.objects.count() == before


def test_an_answer_without_text_is_refused_on_the_page_and_nothing_is_written(client, world, register, dpo):
    request = _open(dpo, register(given_name="Mariam"), kind="objection")
    before = AuditEvent.objects.count()
    client.force_login(dpo)
    response = client.post(
        reverse("dataprotection:subject_request", args=[request.uuid]), {"status": "refused", "answer": " "}
    )
    assert response.status_code == 422 and "Write the answer the person receives" in response.content.decode()
    request.refresh_from_db()
    assert request.status == "received" and AuditEvent.objects.count() == before


def test_another_agency_gets_404_and_a_person_of_another_agency_cannot_be_named(client, world, register, dpo):
    request = _open(dpo, register(given_name="Mariam"))
    client.force_login(world.beth)  # Beta's administrator: handles Beta's requests, not Alpha's
    for url in (
        reverse("dataprotection:subject_request", args=[request.uuid]),
        reverse("dataprotection:subject_request_export", args=[request.uuid, "json"]),
        reverse("dataprotection:subject_request_new", args=[request.person.uuid]),
    ):
        assert client.get(url).status_code == 404
    response = client.post(
        reverse("dataprotection:subject_requests"),
        {
            "registration_number": request.person.registration_number,
            "kind": "access",
            "received_on": TODAY().isoformat(),
            "channel": "in_person",
            "language": "en",
        },
    )
    assert response.status_code == 422 and "No record of this agency" in response.content.decode()
    assert SubjectRequest.objects.count() == 1 and Person.objects.count() == 1

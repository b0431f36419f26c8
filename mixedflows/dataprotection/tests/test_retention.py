"""Retention periods per record type and the anonymisation job (issue 16, item 12): identity goes, statistics
stay (sex, age band, nationality, dates by month), and one audited proof counts what was removed, by type."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mixedflows.core.models import AuditEvent
from mixedflows.dataprotection.models import RetentionPeriod, RetentionRun
from mixedflows.people.models import Alias, Document, Encounter, Person


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _three_years_ago(person):
    then = timezone.now() - datetime.timedelta(days=3 * 365)
    Person.objects.filter(pk=person.pk).update(created_at=then)
    Encounter.objects.filter(person=person).update(occurred_at=then.replace(day=17, hour=23, minute=40))


@pytest.fixture
def mariam(register):
    """Mariam arrived three years ago, 18 then, with her passport and a phone number."""
    person = register(
        given_name="Mariam",
        family_name="Tesfaye",
        sex="F",
        nationality="ERI",
        date_of_birth=timezone.localdate() - datetime.timedelta(days=22 * 365),
        phone="+393331234567",
        aliases=["Miriam Tesfay"],
        documents=[{"kind": "passport", "number": "A4295771", "issuing_country": "ERI"}],
    )
    _three_years_ago(person)
    return person


def test_the_job_removes_identity_keeps_statistics_and_proves_what_it_removed(
    client, world, register, mariam
):
    yonas = register(given_name="Yonas", sex="M", nationality="ERI", phone="+393339999999")
    client.force_login(world.ada)
    saved = client.post(
        reverse("dataprotection:retention"),
        {"action": "save", "months_person": "24", "months_document": "12"},
        follow=True,
    )
    assert "Retention periods saved." in saved.content.decode()
    assert 'name="months_person" value="24"' in saved.content.decode()

    ran = client.post(reverse("dataprotection:retention"), {"action": "run"}, follow=True)
    assert ran.status_code == 200

    mariam.refresh_from_db()
    assert (mariam.given_name, mariam.family_name, mariam.phone, mariam.date_of_birth) == ("", "", "", None)
    assert "Mariam" not in mariam.registration_number
    assert (
        not Document.objects.filter(person=mariam).exists()
        and not Alias.objects.filter(person=mariam).exists()
    )
    # Statistics stay: sex, nationality, the age band at arrival (18-24: counted 18-59 by the flow statistics),
    # and the dates by month.
    assert (mariam.sex, mariam.nationality, mariam.age_declared, mariam.anonymised.age_band) == (
        "F",
        "ERI",
        18,
        "18-24",
    )
    encounter = mariam.encounters.get()
    assert (encounter.occurred_at.day, encounter.occurred_at.hour, encounter.occurred_at.minute) == (1, 0, 0)
    assert mariam.created_at.day == 1
    # Yonas arrived today: nothing of his is due.
    yonas.refresh_from_db()
    assert yonas.given_name == "Yonas" and yonas.phone == "+393339999999"

    run = RetentionRun.objects.get()
    assert run.counts["person records anonymised"] == 1
    assert run.counts["people.document"] == 1 and run.counts["phone numbers removed"] == 1
    event = AuditEvent.objects.get(action="erase", object_type="retention_run")
    assert event.detail["reason"] == "retention"
    assert event.detail["removed"] == run.counts
    assert "Mariam" not in str(event.detail) and "A4295771" not in str(event.detail)

    page = client.get(reverse("dataprotection:retention")).content.decode()
    assert "person records anonymised: <strong>1</strong>" in page
    assert "people.document: <strong>1</strong>" in page
    assert "aliases removed: <strong>1</strong>" in page and "guardians" not in page  # no zero counts

    # Run again: nothing more is due, and nothing is counted twice.
    client.post(reverse("dataprotection:retention"), {"action": "run"})
    assert RetentionRun.objects.order_by("created_at").last().counts == {}


def test_a_shorter_period_for_documents_removes_them_and_keeps_the_person(client, world, mariam):
    Person.objects.filter(pk=mariam.pk).update(created_at=timezone.now() - datetime.timedelta(days=400))
    Encounter.objects.filter(person=mariam).update(occurred_at=timezone.now() - datetime.timedelta(days=400))
    client.force_login(world.ada)
    client.post(
        reverse("dataprotection:retention"),
        {"action": "save", "months_person": "60", "months_document": "12"},
    )
    client.post(reverse("dataprotection:retention"), {"action": "run"})
    mariam.refresh_from_db()
    assert mariam.given_name == "Mariam" and mariam.phone
    assert not Document.objects.filter(person=mariam).exists()
    assert RetentionRun.objects.get().counts == {"people.document": 1}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"months_person": "0"}, "greater than or equal to 1"),
        ({"months_person": "many"}, "Enter a whole number."),
        ({"months_person": "12", "months_document": "36"}, "Longer than the person record"),
    ],
)
def test_a_bad_period_is_a_clear_message_and_nothing_is_written(client, world, data, message):
    client.force_login(world.ada)
    response = client.post(reverse("dataprotection:retention"), {"action": "save", **data})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not RetentionPeriod.objects.exists()
    assert not AuditEvent.objects.filter(object_type="retention_periods").exists()


def test_only_data_protection_roles_set_periods_or_run_the_job(client, world, mariam):
    for user in (world.alice, world.adam):
        client.force_login(user)
        assert client.get(reverse("dataprotection:retention")).status_code == 403
        assert client.post(reverse("dataprotection:retention"), {"action": "run"}).status_code == 403
    mariam.refresh_from_db()
    assert mariam.given_name == "Mariam"


def test_each_agency_applies_only_its_own_periods(client, world, register, mariam):
    bobs = register(user=world.bob, given_name="Selam")
    _three_years_ago(bobs)
    client.force_login(world.ada)
    client.post(reverse("dataprotection:retention"), {"action": "save", "months_person": "24"})
    client.force_login(world.beth)
    client.post(reverse("dataprotection:retention"), {"action": "run"})  # Beta has set no period
    bobs.refresh_from_db()
    mariam.refresh_from_db()
    assert bobs.given_name == "Selam" and mariam.given_name == "Mariam"

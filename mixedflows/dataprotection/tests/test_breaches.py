"""The breach register (issue 16, item 13): what happened, when, who was affected, the notifications owed
with their deadlines (72 h to the supervisory authority) and when they were made."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mixedflows.core.models import AuditEvent
from mixedflows.dataprotection.models import Breach, BreachNotification


def _when(dt: datetime.datetime) -> str:
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def form(world):
    now = timezone.now().replace(second=0, microsecond=0)
    return {
        "title": "Registration laptop stolen from the quay tent",
        "description": "Unencrypted export on the desktop.",
        "occurred_at": _when(now - datetime.timedelta(hours=30)),
        "discovered_at": _when(now - datetime.timedelta(hours=10)),
        "risk": "high",
        "count_person": "212",
        "count_document": "180",
        "count_screening": "",
        "people": "",
    }


def test_an_administrator_records_a_breach_and_sees_what_is_owed_by_when(client, world, register, form):
    mariam = register(given_name="Mariam")
    client.force_login(world.ada)
    response = client.post(
        reverse("dataprotection:breaches"), {**form, "people": mariam.registration_number}, follow=True
    )
    page = response.content.decode()
    assert "Breach recorded" in page
    assert "Registration laptop stolen from the quay tent" in page
    assert "Person records" in page and "212" in page and "Identity documents" in page and "180" in page
    assert mariam.registration_number in page and "Mariam" not in page  # registration numbers, never names
    breach = Breach.objects.get()
    owed = {n.recipient: n for n in breach.notifications.all()}
    # High risk: the supervisory authority within 72 hours of the discovery, and the people themselves.
    assert set(owed) == {"supervisory_authority", "data_subjects"}
    assert owed["supervisory_authority"].due_at == breach.discovered_at + datetime.timedelta(hours=72)
    assert "Supervisory authority" in page and "The people concerned" in page
    assert timezone.localtime(owed["supervisory_authority"].due_at).strftime("%Y-%m-%d %H:%M") in page
    event = AuditEvent.objects.get(object_type="breach", action="create")
    assert event.detail["affected"] == {"document": 180, "person": 212}
    assert "Unencrypted" not in str(event.detail)  # the description stays out of the trail


def test_a_notification_made_late_says_so_and_one_overdue_shows(client, world, form):
    now = timezone.now().replace(second=0, microsecond=0)
    client.force_login(world.ada)
    client.post(
        reverse("dataprotection:breaches"),
        {**form, "discovered_at": _when(now - datetime.timedelta(hours=100)), "occurred_at": ""},
    )
    breach = Breach.objects.get()
    authority = breach.notifications.get(recipient="supervisory_authority")
    url = reverse("dataprotection:breach", kwargs={"uuid": breach.uuid})
    assert "overdue" in client.get(url).content.decode()
    assert "overdue" in client.get(reverse("dataprotection:breaches")).content.decode()

    made = client.post(
        url,
        {
            "notification": authority.uuid,
            "made_at": _when(now - datetime.timedelta(hours=2)),
            "reference": "GPDP 4411",
        },
        follow=True,
    )
    page = made.content.decode()
    assert "Notification recorded." in page and "GPDP 4411" in page
    assert "late" in page  # 98 h after the discovery, 26 h past the 72 h
    assert AuditEvent.objects.filter(object_type="breach", action="notify").get().detail == {
        "recipient": "supervisory_authority",
        "late": True,
    }


def test_a_breach_unlikely_to_harm_owes_no_notification_and_extra_recipients_are_owed_in_a_day(
    client, world, form
):
    client.force_login(world.ada)
    client.post(
        reverse("dataprotection:breaches"), {**form, "risk": "unlikely", "notify": ["partner_agencies"]}
    )
    breach = Breach.objects.get()
    (partner,) = breach.notifications.all()
    assert partner.recipient == "partner_agencies"
    assert partner.due_at == breach.discovered_at + datetime.timedelta(hours=24)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": " "}, "This field is required"),
        ({"discovered_at": "2999-01-01T10:00"}, "The discovery cannot be in the future."),
        ({"occurred_at": "2999-01-01T10:00", "discovered_at": "2026-01-01T10:00"}, "cannot occur after"),
        ({"count_person": "-3"}, "greater than or equal to 0"),
        ({"people": "ALP-NOSUCH-1"}, "No record of this agency has the registration number ALP-NOSUCH-1."),
        ({"risk": "catastrophic"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_a_clear_message_and_nothing_is_written(client, world, form, change, message):
    client.force_login(world.ada)
    response = client.post(reverse("dataprotection:breaches"), {**form, **change})
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Breach.objects.exists() and not BreachNotification.objects.exists()
    assert not AuditEvent.objects.filter(object_type="breach").exists()


def test_another_agencys_person_cannot_be_named_in_a_breach(client, world, register, form):
    bobs = register(user=world.bob, given_name="Yonas")
    client.force_login(world.ada)
    response = client.post(reverse("dataprotection:breaches"), {**form, "people": bobs.registration_number})
    assert response.status_code == 422 and not Breach.objects.exists()


def test_recording_a_notification_twice_or_in_the_future_is_refused(client, world, form):
    client.force_login(world.ada)
    client.post(reverse("dataprotection:breaches"), form)
    breach = Breach.objects.get()
    authority = breach.notifications.get(recipient="supervisory_authority")
    url = reverse("dataprotection:breach", kwargs={"uuid": breach.uuid})
    future = client.post(url, {"notification": authority.uuid, "made_at": "2999-01-01T10:00"})
    assert future.status_code == 422 and "cannot be made in the future" in future.content.decode()
    before = client.post(url, {"notification": authority.uuid, "made_at": "2000-01-01T10:00"})
    assert "before the breach was discovered" in before.content.decode()
    authority.refresh_from_db()
    assert authority.made_at is None


def test_only_data_protection_roles_keep_the_register(client, world, form):
    for user, status in ((world.alice, 403), (world.adam, 403), (world.ada, 200)):
        client.force_login(user)
        assert client.get(reverse("dataprotection:breaches")).status_code == status, user.username

"""Nobody above the rules: the platform administrator manages organisations and sites, never an agency's
staff or personal records; personal data is deleted only by the erasure services, as an audited event."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse

from mixedflows.core.audit import audit_verify
from mixedflows.core.deletion import PersonalDataDeletionRefused, personal_data_erasure
from mixedflows.core.models import AuditEvent, Membership, User
from mixedflows.core.roles import Role
from mixedflows.core.services import membership_set, user_create, user_end_sessions, user_set_active
from mixedflows.people.models import Encounter, Person


@pytest.fixture
def root(db):
    return User.objects.create_superuser("root", "", "a-long-test-password")


def test_the_platform_administrator_cannot_give_anyone_a_membership(client, world, root):
    client.force_login(root)
    assert client.get("/platform-admin/core/user/add/").status_code == 403
    change = f"/platform-admin/core/user/{world.alice.pk}/change/"
    page = client.get(change)
    assert page.status_code == 200 and b"memberships-TOTAL_FORMS" not in page.content
    response = client.post(
        change,
        {
            "username": "alice",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-organisation": world.alpha.pk,
            "memberships-0-role": Role.SUPERVISOR,
        },
    )
    assert response.status_code == 403
    assert set(Membership.objects.filter(user=world.alice).values_list("role", flat=True)) == {
        Role.REGISTRATION_OFFICER,
        Role.PROTECTION_OFFICER,
    }
    with pytest.raises(Exception, match="own organisation"):
        user_create(
            actor=root,
            username="mole",
            password="a-long-test-password",
            roles=["supervisor"],
            organisation=world.alpha,
        )
    assert not User.objects.filter(username="mole").exists()


def test_the_platform_administrator_cannot_reset_a_staff_password(client, world, root):
    client.force_login(root)
    form = {"password1": "taken-over-1234", "password2": "taken-over-1234"}
    for url in [
        f"/platform-admin/core/user/{world.alice.pk}/password/",
        f"/platform-admin/core/user/{world.alice.pk}/password/change/",
    ]:
        response = client.post(url, form, follow=True)
        assert b'name="password1"' not in response.content
    world.alice.refresh_from_db()
    assert world.alice.check_password("a-long-test-password")


def test_the_platform_administrator_reads_and_deletes_no_person(client, world, register, root):
    person = register(given_name="Mariam", fathers_name="Tesfay")
    client.force_login(root)
    for url in [
        "/platform-admin/people/person/",
        f"/platform-admin/people/person/{person.pk}/change/",
        f"/platform-admin/people/person/{person.pk}/delete/",
    ]:
        assert client.get(url).status_code == 404, url
    assert (
        client.post(f"/platform-admin/people/person/{person.pk}/delete/", {"post": "yes"}).status_code == 404
    )
    assert Person.objects.filter(pk=person.pk).exists()
    index = client.get("/platform-admin/").content.decode()
    assert "Mariam" not in index and "Persons" not in index


def test_every_page_of_the_admin_site_is_in_the_audit_trail(client, world, root):
    client.force_login(root)
    client.get("/platform-admin/core/organisation/")
    client.post(
        f"/platform-admin/core/organisation/{world.alpha.pk}/change/",
        {
            "name": "Alpha Agency",
            "short_name": "ALP",
            "kind": world.alpha.kind,
            "mandate": "Protection",
            "country": "",
        },
    )
    events = list(AuditEvent.objects.filter(actor=root).values_list("action", "object_type", "fields"))
    assert ("view", "admin:core.organisation", []) in events
    assert ("change", "admin:core.organisation", ["mandate"]) in events
    assert audit_verify().ok


def test_deleting_a_person_outside_the_erasure_services_is_refused(world, register):
    person = register(given_name="Mariam")
    for delete in [
        person.delete,
        Person.objects.filter(pk=person.pk).delete,
        Encounter.objects.filter(person=person).delete,
        world.alpha.people.all().delete,
    ]:
        with pytest.raises(PersonalDataDeletionRefused), transaction.atomic():
            delete()
    assert Person.objects.filter(pk=person.pk).exists() and Encounter.objects.filter(person=person).exists()


def test_an_erasure_is_one_audited_event_that_says_what_was_removed(world, register):
    person = register(given_name="Mariam")
    with personal_data_erasure(
        actor=world.adam, reason="data-subject request", object_type="person", object_id=person.uuid
    ):
        person.delete()
    assert not Person.objects.filter(pk=person.pk).exists()
    event = AuditEvent.objects.get(action="erase")
    assert event.object_id == str(person.uuid) and event.actor == world.adam
    assert event.detail == {
        "reason": "data-subject request",
        "removed": {"people.encounter": 1, "people.person": 1},
    }
    assert audit_verify().ok


# --- An agency administrator manages its own staff, through audited services -------------------------


def test_ada_changes_alices_roles_and_alices_sessions_end(world):
    alice = Client()
    alice.force_login(world.alice)
    assert alice.get(reverse("people:search")).status_code == 200
    ada = Client()
    ada.force_login(world.ada)
    response = ada.post(
        reverse("core:user", args=[world.alice.uuid]),
        {"action": "roles", "roles": [Role.REGISTRATION_OFFICER]},
    )
    assert response.status_code == 302
    assert set(Membership.objects.filter(user=world.alice).values_list("role", flat=True)) == {
        Role.REGISTRATION_OFFICER
    }
    assert alice.get(reverse("people:search")).status_code == 302  # signed out: back to the login page
    event = AuditEvent.objects.filter(object_id=str(world.alice.uuid), action="change").get()
    assert event.actor == world.ada and event.detail["roles_removed"] == [Role.PROTECTION_OFFICER]


def test_disabling_an_account_ends_its_sessions_and_is_audited(world):
    alice = Client()
    alice.force_login(world.alice)
    user_set_active(actor=world.ada, user=world.alice, active=False)
    assert alice.get(reverse("home")).status_code == 302
    assert AuditEvent.objects.filter(action="disable", object_id=str(world.alice.uuid)).exists()


def test_an_administrator_ends_a_users_sessions(world):
    alice = Client()
    alice.force_login(world.alice)
    user_end_sessions(actor=world.ada, user=world.alice)
    assert alice.get(reverse("home")).status_code == 302
    assert AuditEvent.objects.filter(action="end_sessions", actor=world.ada).exists()
    alice.force_login(User.objects.get(pk=world.alice.pk))
    assert alice.get(reverse("home")).status_code == 200


def test_no_one_manages_another_agencys_staff_or_their_own_access(client, world):
    client.force_login(world.beth)
    assert client.get(reverse("core:user", args=[world.alice.uuid])).status_code == 404
    with pytest.raises(Exception, match="another organisation"):
        membership_set(actor=world.beth, user=world.alice, roles=[Role.SUPERVISOR])
    with pytest.raises(Exception, match="your own access"):
        user_set_active(actor=world.ada, user=world.ada, active=False)
    with pytest.raises(Exception, match="core.manage_users"):
        user_end_sessions(actor=world.adam, user=world.alice)


def test_the_first_administrator_of_an_agency_is_added_on_the_server(world, monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "a-long-test-password")
    call_command("users", "add-admin", "--organisation", "bet", "--username", "beatrice")
    user = User.objects.get(username="beatrice")
    assert user.organisation == world.beta and user.roles == {Role.AGENCY_ADMINISTRATOR}
    assert AuditEvent.objects.filter(action="create", object_id=str(user.uuid), actor=None).exists()

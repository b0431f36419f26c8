"""The emergency switch (issue 16, item 13): a suspended user, or every user of a suspended agency, is
signed out at once, cannot sign in and has their API tokens refused, until access is restored with a reason."""

import pytest
from django.urls import reverse

from mixedflows.core.models import AccessSuspension, AuditEvent, Membership, User
from mixedflows.core.roles import Role
from mixedflows.integrations.services import token_create

PASSWORD = "a-long-test-password"


def _bearer(user):
    secret = token_create(actor=user, name="sync", scopes=["read"], expires_days=30).secret
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def _sign_in(client, username):
    return client.post(reverse("login"), {"username": username, "password": PASSWORD})


@pytest.fixture
def dora(world):
    """Dora is Alpha Agency's data protection officer."""
    user = User.objects.create_user("dora", password=PASSWORD)
    Membership.objects.create(user=user, organisation=world.alpha, role=Role.DATA_PROTECTION_OFFICER)
    return User.objects.get(pk=user.pk)


def test_a_suspended_user_is_signed_out_refused_at_sign_in_and_through_the_api(client, world, dora):
    from django.test import Client

    alice_browser = Client()
    alice_browser.force_login(world.alice)
    assert alice_browser.get(reverse("people:groups")).status_code == 200
    api = _bearer(world.alice)
    assert client.get("/api/v1/groups", **api).status_code == 200

    client.force_login(dora)
    page = client.get(reverse("core:access"))
    assert page.status_code == 200 and "alice" in page.content.decode()
    response = client.post(
        reverse("core:access"), {"user": world.alice.uuid, "reason": "Laptop stolen at the quay"}, follow=True
    )
    assert "Access of alice suspended" in response.content.decode()
    assert "Laptop stolen at the quay" in response.content.decode()

    # Her open session is over at the next click, the right password is refused, and so is her token.
    assert alice_browser.get(reverse("people:groups")).status_code == 302
    refused = _sign_in(Client(), "alice")
    assert refused.status_code == 403
    assert "Access of this account is suspended" in refused.content.decode()
    assert Client().get("/api/v1/groups", **api).status_code == 401
    # Her colleagues work on.
    other = Client()
    other.force_login(world.adam)
    assert other.get(reverse("people:groups")).status_code == 200

    actions = list(
        AuditEvent.objects.filter(object_id=str(world.alice.uuid)).values_list("action", flat=True)
    )
    assert "access_suspend" in actions and "sign_in_refused" in actions
    assert AuditEvent.objects.filter(action="access_suspend").get().actor == dora


def test_restoring_needs_a_reason_and_the_old_session_stays_over(client, world, dora):
    from django.test import Client

    alice_browser = Client()
    alice_browser.force_login(world.alice)
    client.force_login(dora)
    client.post(reverse("core:access"), {"user": world.alice.uuid, "reason": "Laptop stolen at the quay"})
    suspension = AccessSuspension.objects.get()
    url = reverse("core:access_restore", kwargs={"uuid": suspension.uuid})

    empty = client.post(url, {"lift_reason": "  "})
    assert empty.status_code == 422
    assert "This field is required" in empty.content.decode()
    suspension.refresh_from_db()
    assert suspension.in_force and not AuditEvent.objects.filter(action="access_restore").exists()

    restored = client.post(url, {"lift_reason": "Laptop found, password changed"}, follow=True)
    assert "Access restored." in restored.content.decode()
    assert "Laptop found, password changed" in restored.content.decode()
    assert _sign_in(Client(), "alice").status_code == 302
    # The session open when she was suspended does not come back.
    assert alice_browser.get(reverse("people:groups")).status_code == 302
    assert AuditEvent.objects.filter(action="access_restore", object_id=str(world.alice.uuid)).exists()


def test_bad_input_on_the_switch_is_a_clear_message_and_nothing_is_written(client, world, dora):
    client.force_login(dora)
    no_reason = client.post(reverse("core:access"), {"user": world.alice.uuid, "reason": "x"})
    assert no_reason.status_code == 422
    assert "Say why, in a few words" in no_reason.content.decode()
    nobody = client.post(reverse("core:access"), {"reason": "A breach at the quay"})
    assert "Choose a staff member" in nobody.content.decode()
    # Another agency's staff and one's own account are not on the list, and cannot be posted.
    foreign = client.post(reverse("core:access"), {"user": world.beth.uuid, "reason": "A breach at the quay"})
    assert foreign.status_code == 422
    myself = client.post(reverse("core:access"), {"user": dora.uuid, "reason": "A breach at the quay"})
    assert myself.status_code == 422
    assert not AccessSuspension.objects.exists()
    assert not AuditEvent.objects.filter(action="access_suspend").exists()


def test_only_the_roles_that_may_suspend_see_the_switch(client, world):
    for user, status in ((world.alice, 403), (world.adam, 403), (world.ada, 200)):
        client.force_login(user)
        assert client.get(reverse("core:access")).status_code == status, user.username


def test_the_whole_agency_is_suspended_and_only_the_platform_administrator_restores_it(client, world):
    from django.test import Client

    bob_browser = Client()
    bob_browser.force_login(world.bob)
    api = _bearer(world.bea)
    root = User.objects.create_superuser("root", "", PASSWORD)
    client.force_login(root)
    page = client.post(
        reverse("core:organisations"),
        {"action": "suspend", "organisation": world.beta.uuid, "reason": "Database copied by an intruder"},
        follow=True,
    )
    assert "Access of Beta Agency suspended." in page.content.decode()

    assert bob_browser.get(reverse("people:groups")).status_code == 302
    assert _sign_in(Client(), "beth").status_code == 403
    assert Client().get("/api/v1/groups", **api).status_code == 401
    alpha = Client()
    alpha.force_login(world.alice)
    assert alpha.get(reverse("people:groups")).status_code == 200

    suspension = AccessSuspension.objects.get()
    assert suspension.user is None and suspension.organisation == world.beta
    restored = client.post(
        reverse("core:organisations"),
        {"action": "restore", "organisation": world.beta.uuid, "reason": "Server rebuilt, keys rotated"},
        follow=True,
    )
    assert "Access of Beta Agency restored." in restored.content.decode()
    assert _sign_in(Client(), "beth").status_code == 302
    assert list(
        AuditEvent.objects.filter(object_id=str(world.beta.uuid)).values_list("action", flat=True)
    ) == ["access_suspend", "access_restore"]


def test_an_agency_suspends_itself_and_cannot_lift_it_from_inside(client, world):
    client.force_login(world.ada)
    response = client.post(
        reverse("core:access"), {"whole_agency": "on", "reason": "Ransomware on the office server"}
    )
    assert response.status_code == 302 and response.url == reverse("login")
    assert client.get(reverse("core:access")).status_code == 302  # Ada is signed out too
    assert _sign_in(client, "ada").status_code == 403
    assert AccessSuspension.objects.in_force().filter(organisation=world.alpha, user=None).exists()

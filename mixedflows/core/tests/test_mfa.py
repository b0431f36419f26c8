"""Two-factor sign-in: TOTP and recovery codes for every role that sees sensitive groups, approves money,
exports or administers; asked again before an export, a consent override or a change to it."""

import datetime
import time

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mixedflows.core.audit import audit_verify
from mixedflows.core.mfa import MFA_VERIFIED_AT, mfa_required
from mixedflows.core.models import AuditEvent, Membership, User
from mixedflows.core.roles import Role

PASSWORD = "a-long-test-password"


def _code(device, step_ahead=0):
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits)
    totp.time = time.time() + step_ahead * device.step
    return f"{totp.token():06d}"


def _after_a_moment(user):
    """django-otp makes the next try wait a second after a wrong code (doubling): the person takes longer."""
    earlier = timezone.now() - datetime.timedelta(minutes=1)
    TOTPDevice.objects.filter(user=user).update(throttling_failure_timestamp=earlier)
    StaticDevice.objects.filter(user=user).update(throttling_failure_timestamp=earlier)


def _enrol(client, username):
    client.post(reverse("login"), {"username": username, "password": PASSWORD})
    client.get(reverse("mfa_setup"))
    device = TOTPDevice.objects.get(user__username=username, confirmed=False)
    return device, client.post(reverse("mfa_setup"), {"code": _code(device), "next": "/"})


def test_a_supervisor_sets_up_an_authenticator_before_reaching_any_page(world):
    client = Client()
    assert client.post(reverse("login"), {"username": "adam", "password": PASSWORD}).status_code == 302
    for url in [reverse("home"), reverse("people:search"), reverse("core:sites")]:
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("mfa_setup")), url
    page = client.get(reverse("mfa_setup")).content.decode()
    assert 'id="totp-secret"' in page and "data:image/svg+xml" in page
    device = TOTPDevice.objects.get(user=world.adam, confirmed=False)
    wrong = client.post(reverse("mfa_setup"), {"code": "000000" if _code(device) != "000000" else "111111"})
    assert "That code is not right" in wrong.content.decode()
    assert client.get(reverse("home")).status_code == 302
    _after_a_moment(world.adam)
    done = client.post(reverse("mfa_setup"), {"code": _code(device), "next": "/"})
    codes = StaticToken.objects.filter(device__user=world.adam).values_list("token", flat=True)
    assert len(codes) == 10 and all(code in done.content.decode() for code in codes)
    assert client.get(reverse("home")).status_code == 200
    assert AuditEvent.objects.filter(action="mfa_enrol", object_id=str(world.adam.uuid)).exists()


def test_the_next_sign_in_asks_for_the_code_and_a_recovery_code_works_once(world):
    _enrol(Client(), "adam")
    device = TOTPDevice.objects.get(user=world.adam, confirmed=True)
    client = Client()
    client.post(reverse("login"), {"username": "adam", "password": PASSWORD})
    response = client.get(reverse("people:search"))
    assert response["Location"] == f"{reverse('mfa_verify')}?next=%2Fpeople%2F"
    assert "not right" in client.post(reverse("mfa_verify"), {"code": "12345"}).content.decode()
    _after_a_moment(world.adam)
    ok = client.post(reverse("mfa_verify"), {"code": _code(device, step_ahead=1), "next": "/people/"})
    assert ok.status_code == 302 and ok["Location"] == "/people/"
    assert client.get(reverse("people:search")).status_code == 200

    recovery = StaticToken.objects.filter(device__user=world.adam).first().token
    for expected in (302, 200):  # the first use signs in; the same code a second time does not
        other = Client()
        other.post(reverse("login"), {"username": "adam", "password": PASSWORD})
        assert other.post(reverse("mfa_verify"), {"code": recovery.upper()}).status_code == expected
        _after_a_moment(world.adam)
    actions = list(AuditEvent.objects.filter(object_id=str(world.adam.uuid)).values_list("action", flat=True))
    assert actions.count("mfa_failed") == 2 and actions.count("mfa_verified") == 2
    assert audit_verify().ok


def test_a_far_away_redirect_after_the_code_is_refused(world):
    _enrol(Client(), "adam")
    client = Client()
    client.post(reverse("login"), {"username": "adam", "password": PASSWORD})
    device = TOTPDevice.objects.get(user=world.adam, confirmed=True)
    response = client.post(reverse("mfa_verify"), {"code": _code(device, 1), "next": "https://evil.example/"})
    assert response["Location"] == reverse("home")


def test_which_roles_need_a_second_factor(world):
    needs = {}
    for role in Role:
        user = User.objects.create_user(f"u-{role}", password=PASSWORD)
        Membership.objects.create(user=user, organisation=world.alpha, role=role)
        needs[role] = mfa_required(User.objects.get(pk=user.pk))
    assert {role for role, needed in needs.items() if not needed} == {
        Role.REGISTRATION_OFFICER,
        Role.TRAINER,
        Role.OUTREACH_OFFICER,
        Role.COORDINATION_OFFICER,  # projects, forums and procedures: no personal record
    }
    assert mfa_required(User.objects.create_superuser("root", "", PASSWORD))


def test_a_registration_officer_signs_in_with_the_password_alone(world):
    reggie = User.objects.create_user("reggie", password=PASSWORD)
    Membership.objects.create(user=reggie, organisation=world.alpha, role=Role.REGISTRATION_OFFICER)
    client = Client()
    client.post(reverse("login"), {"username": "reggie", "password": PASSWORD})
    assert client.get(reverse("people:search")).status_code == 200


def _stale(client):
    session = client.session
    session[MFA_VERIFIED_AT] = int(time.time()) - 3600
    session.save()


def test_an_export_asks_for_the_code_again_after_a_few_minutes(client, world):
    _enrol(Client(), "adam")
    client.force_login(world.adam)
    _stale(client)
    response = client.post(reverse("cases:export_htcds"), HTTP_REFERER="http://testserver/cases/")
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('mfa_verify')}?next=http%3A%2F%2Ftestserver%2Fcases%2F&again=1"
    assert not AuditEvent.objects.filter(action="export").exists()
    client.force_login(world.adam)  # a fresh code
    assert client.post(reverse("cases:export_htcds")).status_code == 200


def test_renewing_recovery_codes_asks_for_the_code_again(client, world):
    _enrol(Client(), "adam")
    client.force_login(world.adam)
    _stale(client)
    assert client.post(reverse("mfa_setup"), {"action": "renew"})["Location"].startswith(
        reverse("mfa_verify")
    )
    client.force_login(world.adam)
    old = set(StaticToken.objects.filter(device__user=world.adam).values_list("token", flat=True))
    client.post(reverse("mfa_setup"), {"action": "renew"})
    new = set(StaticToken.objects.filter(device__user=world.adam).values_list("token", flat=True))
    assert len(new) == 10 and not old & new
    assert AuditEvent.objects.filter(action="mfa_change", object_id=str(world.adam.uuid)).exists()


def test_an_administrator_resets_a_lost_phone_and_the_user_enrols_again(client, world):
    _enrol(Client(), "adam")
    adam = Client()
    adam.force_login(world.adam)
    client.force_login(world.ada)
    client.post(reverse("core:user", args=[world.adam.uuid]), {"action": "mfa_reset"})
    assert not TOTPDevice.objects.filter(user=world.adam).exists()
    assert adam.get(reverse("home")).status_code == 302  # signed out
    assert AuditEvent.objects.filter(action="mfa_reset", actor=world.ada).exists()
    _, done = _enrol(Client(), "adam")
    assert done.status_code == 200 and "Your recovery codes" in done.content.decode()


@pytest.mark.parametrize("username", ["adam", "ada"])
def test_force_login_stands_for_a_whole_sign_in_in_tests(client, world, username):
    client.force_login(getattr(world, username))
    assert client.get(reverse("home")).status_code == 200

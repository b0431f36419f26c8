"""Security settings a user never sees but relies on: CSP, login lockout, idle sign-out, deployment checks."""

import datetime
import json
import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from mixedflows.core.audit import audit_verify
from mixedflows.core.models import AuditEvent, Membership, SignInThrottle, User
from mixedflows.core.roles import Role
from mixedflows.core.throttle import client_address, username_key
from mixedflows.people.services import EncounterContext, arrival_open

SCRIPT = re.compile(r"<script\b([^>]*)>", re.IGNORECASE)
NONCE = re.compile(r"""nonce=["']([^"']+)["']""")


def _pages(world, register):
    group = arrival_open(
        actor=world.alice,
        label="Boat",
        context=EncounterContext(site=world.quay, occurred_at=timezone.now(), kind="sea_rescue"),
    )
    person = register(given_name="Senait", group=group)
    return [
        reverse("home"),
        reverse("people:search"),
        reverse("people:arrival_new"),
        reverse("people:groups"),
        reverse("people:group", args=[group.uuid]),
        reverse("people:detail", args=[person.uuid]),
        reverse("people:edit", args=[person.uuid]),
        reverse("core:sites"),
    ]


def test_every_page_sends_a_csp_with_a_nonce_and_no_inline_script_without_it(client, world, register):
    client.force_login(world.alice)
    for url in _pages(world, register):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response.headers["Content-Security-Policy"]
        assert (
            "default-src 'self'" in policy
            and "object-src 'none'" in policy
            and "frame-ancestors 'none'" in policy
        )
        header_nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
        html = response.content.decode()
        scripts = SCRIPT.findall(html)
        assert scripts, url
        for attributes in scripts:
            match = NONCE.search(attributes)
            assert match and match.group(1) == header_nonce, (
                f"{url}: script without the page's nonce: {attributes}"
            )
            assert "src=" in attributes, f"{url}: inline script"
        assert not re.search(r"\son[a-z]+=", html), f"{url}: inline event handler"
        assert not re.search(r"\sstyle=", html), f"{url}: style attribute (blocked by the CSP)"
        assert "https://" not in "".join(re.findall(r'(?:src|href)="([^"]+)"', html)), (
            f"{url}: asset from elsewhere"
        )


def test_the_nonce_changes_per_response(client, world):
    client.force_login(world.alice)
    first = client.get(reverse("home")).headers["Content-Security-Policy"]
    second = client.get(reverse("home")).headers["Content-Security-Policy"]
    assert re.search(r"'nonce-([^']+)'", first).group(1) != re.search(r"'nonce-([^']+)'", second).group(1)


def test_the_login_form_signs_in(world):
    reggie = User.objects.create_user("reggie", password="a-long-test-password")
    Membership.objects.create(user=reggie, organisation=world.alpha, role=Role.REGISTRATION_OFFICER)
    client = Client()
    response = client.post(reverse("login"), {"username": "reggie", "password": "a-long-test-password"})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    # A protection officer goes on to the second factor (test_mfa.py).
    client = Client()
    client.post(reverse("login"), {"username": "alice", "password": "a-long-test-password"})
    assert client.get(reverse("home"))["Location"].startswith(reverse("mfa_setup"))


def _sign_in(client, username, password="a-long-test-password", **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def _age_failures(seconds):
    SignInThrottle.objects.update(last_failure_at=timezone.now() - datetime.timedelta(seconds=seconds))


def test_wrong_passwords_slow_the_account_down_but_never_lock_its_owner_out(world, settings):
    client = Client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        assert _sign_in(client, "alice", "wrong-guess").status_code == 200
    slowed = _sign_in(client, "alice")  # even the right password waits out the delay
    assert slowed.status_code == 429 and "_auth_user_id" not in client.session
    assert "Wait 15 seconds" in slowed.content.decode()
    # Bob, at the same landing point (same address), is not slowed down by Alice's failures.
    assert _sign_in(Client(), "bob").status_code == 302
    _age_failures(16)
    assert _sign_in(client, "alice").status_code == 302  # seconds later the owner is in; no 30-minute lock
    assert SignInThrottle.objects.filter(key=username_key("alice")).count() == 0


def test_the_delay_grows_with_each_failure_and_has_a_ceiling(world, settings):
    client = Client()
    waits = []
    for _ in range(settings.LOGIN_FAILURE_LIMIT + 6):
        _sign_in(client, "alice", "wrong-guess")
        _age_failures(0)
        response = _sign_in(client, "alice", "wrong-guess")
        if response.status_code == 429:
            waits.append(int(re.search(r"Wait (\d+) seconds", response.content.decode()).group(1)))
        _age_failures(10_000)
    assert waits[:4] == [15, 30, 60, 120] and max(waits) == settings.LOGIN_MAX_DELAY_SECONDS


def test_one_address_guessing_many_accounts_is_slowed_down(world, settings):
    settings.LOGIN_ADDRESS_LIMIT = 3
    client = Client()
    for username in ("nobody1", "nobody2", "nobody3"):
        _sign_in(client, username, "wrong-guess")
    assert _sign_in(client, "bob").status_code == 429
    assert _sign_in(Client(REMOTE_ADDR="192.0.2.9"), "bob").status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_address_counts(world, settings):
    settings.LOGIN_ADDRESS_LIMIT = 3
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    behind = {"REMOTE_ADDR": "10.0.0.2"}
    for username in ("nobody1", "nobody2", "nobody3"):
        _sign_in(Client(**behind), username, "wrong-guess", HTTP_X_FORWARDED_FOR="198.51.100.7")
    # Another client behind the same proxy is not slowed down; the guesser is, whatever it forges in front.
    assert _sign_in(Client(**behind), "bob", HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 302
    forged = "203.0.113.1, 198.51.100.7"
    assert _sign_in(Client(**behind), "bea", HTTP_X_FORWARDED_FOR=forged).status_code == 429
    # Without the setting, X-Forwarded-For is not believed (anyone could send one).
    settings.TRUSTED_PROXIES = []
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert client_address(request) == "10.0.0.2"


def test_the_agency_administrator_sees_whose_sign_ins_are_slowed_down(client, world, settings):
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _sign_in(Client(), "alice", "wrong-guess")
    client.force_login(world.ada)
    page = client.get(reverse("core:users")).content.decode()
    assert (
        "Sign-ins are being slowed down" in page and f"{settings.LOGIN_FAILURE_LIMIT} failed sign-ins" in page
    )
    client.force_login(world.beth)
    assert "Sign-ins are being slowed down" not in client.get(reverse("core:users")).content.decode()


def test_sign_ins_sign_outs_failures_and_password_changes_are_in_the_hash_chain(world, settings):
    # Reggie registers arrivals: his role signs in with the password alone (test_mfa.py has the codes).
    reggie = User.objects.create_user("reggie", password="a-long-test-password")
    Membership.objects.create(user=reggie, organisation=world.alpha, role=Role.REGISTRATION_OFFICER)
    client = Client()
    _sign_in(client, "reggie", "wrong-guess")
    _sign_in(client, "someone-unknown", "wrong-guess")
    _sign_in(client, "reggie")
    client.post(
        reverse("password_change"),
        {
            "old_password": "a-long-test-password",
            "new_password1": "another-long-pass-77",
            "new_password2": "another-long-pass-77",
        },
    )
    client.post(reverse("logout"))
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        _sign_in(client, "reggie", "wrong-guess")
    _sign_in(client, "reggie", "another-long-pass-77")
    alice = str(reggie.uuid)
    events = [
        (e.action, e.object_id, e.detail.get("known_user"))
        for e in AuditEvent.objects.filter(object_type="user").order_by("id")
    ]
    assert events[:5] == [
        ("sign_in_failed", alice, True),
        ("sign_in_failed", "", False),
        ("sign_in", alice, None),
        ("password_change", alice, None),
        ("sign_out", alice, None),
    ]
    assert events[-1] == ("sign_in_throttled", alice, True)
    assert AuditEvent.objects.filter(action="sign_in_failed", organisation=world.alpha).count() == 6
    assert "someone-unknown" not in json.dumps(list(AuditEvent.objects.values("detail", "object_id")))
    assert audit_verify().ok


def test_an_idle_session_is_signed_out(client, world, settings):
    client.force_login(world.alice)
    assert client.get(reverse("home")).status_code == 200
    session = client.session
    session["last_activity"] = int(time.time()) - settings.SESSION_IDLE_SECONDS - 5
    session.save()
    response = client.get(reverse("people:search"))
    assert response.status_code == 302 and response["Location"].endswith("?idle=1")
    assert client.get(reverse("home")).status_code == 302


def test_anonymous_users_are_sent_to_the_login_page(client, db):
    response = client.get(reverse("people:search"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def _env(tmp_path, **extra):
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "MIXEDFLOWS_ENV",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
            "MIXEDFLOWS_SECRET_KEY",
        }
    }
    return {**env, "MIXEDFLOWS_DATA_DIR": str(tmp_path), **extra}


def _mixedflows(*args, env):
    return subprocess.run(
        [sys.executable, "-m", "mixedflows.cli", *args], env=env, capture_output=True, text=True, timeout=300
    )


def test_check_deploy_is_clean_in_production(tmp_path):
    env = _env(tmp_path, MIXEDFLOWS_ENV="production", MIXEDFLOWS_SECRET_KEY=secrets.token_urlsafe(50))
    # As an agency deploys: production never makes its field key file by itself, the operator does once.
    made = _mixedflows("keys", "new", env=env)
    assert made.returncode == 0, made.stdout + made.stderr
    result = _mixedflows("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_without_production_settings_warns(tmp_path):
    result = _mixedflows("check", "--deploy", "--fail-level", "WARNING", env=_env(tmp_path))
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stderr + result.stdout


def test_a_command_against_an_unmigrated_database_says_so(tmp_path):
    result = _mixedflows("audit", "verify", env=_env(tmp_path))
    assert result.returncode == 1
    assert "not migrated" in result.stderr and "mixedflows migrate" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_console_script_migrates_and_verifies(tmp_path):
    env = _env(tmp_path)
    console = Path(sys.executable).parent / "mixedflows"
    assert subprocess.run([console, "migrate", "-v", "0"], env=env, timeout=300).returncode == 0
    result = subprocess.run(
        [console, "audit", "verify"], env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert "Audit trail intact" in result.stdout


def test_heads_exported_for_one_database_do_not_judge_a_new_one(tmp_path):
    """A demo database made anew (or a second installation on the same account) starts its own history."""
    state = tmp_path / "state"
    console = Path(sys.executable).parent / "mixedflows"
    old = _env(tmp_path / "old", XDG_STATE_HOME=str(state))
    assert subprocess.run([console, "migrate", "-v", "0"], env=old, timeout=300).returncode == 0
    record = (
        "import django; django.setup()\n"
        "from django.db import transaction\n"
        "from mixedflows.core.audit import audit_record\n"
        "with transaction.atomic():\n"
        "    for _ in range(3): audit_record(actor=None, action='export', object_type='report')\n"
    )
    assert (
        subprocess.run(
            [sys.executable, "-c", record],
            env={**old, "DJANGO_SETTINGS_MODULE": "mixedflows.settings"},
            timeout=300,
        ).returncode
        == 0
    )
    assert subprocess.run([console, "audit", "export-head"], env=old, timeout=300).returncode == 0
    new = _env(tmp_path / "new", XDG_STATE_HOME=str(state))
    assert subprocess.run([console, "migrate", "-v", "0"], env=new, timeout=300).returncode == 0
    result = subprocess.run(
        [console, "audit", "verify"], env=new, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    assert "Audit trail intact" in result.stdout
    assert len(list(state.glob("mixedflows/audit-heads/*/head-*.json"))) == 1


def test_the_sqlite_file_runs_in_wal_mode_with_immediate_transactions_and_a_busy_timeout(tmp_path):
    code = (
        "import django; django.setup()\n"
        "from django.db import connection\n"
        "c = connection.cursor()\n"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0], c.execute('PRAGMA busy_timeout').fetchone()[0],"
        " connection.settings_dict['OPTIONS']['transaction_mode'])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env=_env(tmp_path, DJANGO_SETTINGS_MODULE="mixedflows.settings"),
    )
    assert result.stdout.split() == ["wal", "5000", "IMMEDIATE"], result.stderr


def test_no_response_is_stored_and_pages_get_no_device_access(client, world, register):
    person = register(given_name="Senait")
    client.force_login(world.alice)
    for url in [reverse("people:detail", args=[person.uuid]), reverse("home"), reverse("login")]:
        response = client.get(url)
        assert (
            "no-store" in response.headers["Cache-Control"] and "private" in response.headers["Cache-Control"]
        )
        policy = response.headers["Permissions-Policy"]
        assert "camera=()" in policy and "geolocation=()" in policy and "microphone=()" in policy
    client.logout()
    response = client.get(reverse("people:detail", args=[person.uuid]))
    assert response.status_code == 302 and "no-store" in response.headers["Cache-Control"]

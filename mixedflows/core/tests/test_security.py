"""Security settings a user never sees but relies on: CSP, login lockout, idle sign-out, deployment checks."""

import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

from django.test import Client
from django.urls import reverse
from django.utils import timezone

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
    client = Client()
    response = client.post(reverse("login"), {"username": "alice", "password": "a-long-test-password"})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(world):
    client = Client()
    for _ in range(5):
        response = client.post(reverse("login"), {"username": "alice", "password": "wrong-guess"})
    response = client.post(reverse("login"), {"username": "alice", "password": "a-long-test-password"})
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302  # still signed out
    # Another user from the same address is not locked out by Alice's failures alone.
    other = Client()
    assert (
        other.post(reverse("login"), {"username": "bob", "password": "a-long-test-password"}).status_code
        == 302
    )


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
    result = _mixedflows(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env=_env(tmp_path, MIXEDFLOWS_ENV="production", MIXEDFLOWS_SECRET_KEY=secrets.token_urlsafe(50)),
    )
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

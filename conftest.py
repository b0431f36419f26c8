"""Shared fixtures: two agencies with named people, and Chromium for browser tests.

Alice is a registration and protection officer at Alpha Agency; Adam is her supervisor;
Ada administers Alpha. Bob is a protection officer at Beta Agency, Bea his supervisor,
Beth its administrator. Both agencies
work at the Quay landing point; only Beta works at the North post.
"""

import os
import shutil
import time

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_sessionstart(session):
    """The compiled catalogues are built, never committed: compile what changed before any page renders."""
    from mixedflows.lib.catalogues import compile_catalogues

    problems = compile_catalogues()
    if problems:
        raise pytest.UsageError("\n".join(problems))


@pytest.fixture(autouse=True)
def _interface_language_reset():
    """A page served in Arabic leaves Arabic active in the thread: the next test starts in English again."""
    yield
    from django.utils import translation

    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session", autouse=True)
def _force_login_counts_as_two_factor():
    """The test client's force_login stands for a whole sign-in, second factor included; tests of
    two-factor sign-in itself post to the sign-in pages (and browser tests go through tests/browser.py)."""
    from django.test import Client

    from mixedflows.core.mfa import MFA_VERIFIED_AT

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        session = self.session
        session[MFA_VERIFIED_AT] = int(time.time())
        session.save()

    Client.force_login = force_login
    yield
    Client.force_login = original


@pytest.fixture(autouse=True)
def _audit_heads_apart(settings, tmp_path):
    """Each test keeps its exported audit heads apart: `audit verify` checks the chain against them."""
    settings.AUDIT_HEAD_DIR = tmp_path / "audit-heads"
    settings.AUDIT_HEAD_COMMAND = ""


@pytest.fixture(scope="session", autouse=True)
def _flush_past_the_audit_triggers():
    """pytest-django empties the database between transactional tests with TRUNCATE, which PostgreSQL's
    audit triggers refuse; the tests' superuser silences triggers for that statement only."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with self.connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")
        try:
            original(self, sql_list)
        finally:
            with self.connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = DEFAULT")

    DatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    DatabaseOperations.execute_sql_flush = original


@pytest.fixture
def key_file(tmp_path, monkeypatch):
    """A key file of the test's own, so adding keys never touches the one the test database was made with."""
    from mixedflows.core import encryption

    path = tmp_path / "field-keys.json"
    monkeypatch.setenv("MIXEDFLOWS_FIELD_KEYS", str(path))
    encryption.reset_provider()
    yield path
    encryption.reset_provider()


@pytest.fixture
def world(db):
    from mixedflows.core.models import Membership, Organisation, Site, User
    from mixedflows.core.roles import Role

    class World:
        pass

    w = World()
    w.alpha = Organisation.objects.create(
        name="Alpha Agency", short_name="ALP", kind=Organisation.Kind.INTERNATIONAL_ORGANISATION
    )
    w.beta = Organisation.objects.create(
        name="Beta Agency", short_name="BET", kind=Organisation.Kind.UN_AGENCY
    )
    w.quay = Site.objects.create(name="Quay landing point", kind=Site.Kind.LANDING_POINT, country="ITA")
    w.quay.organisations.set([w.alpha, w.beta])
    w.north = Site.objects.create(name="North post", kind=Site.Kind.BORDER_CROSSING_POINT, country="MLT")
    w.north.organisations.set([w.beta])

    def user(username, org, *roles):
        u = User.objects.create_user(username, password="a-long-test-password")
        for role in roles:
            Membership.objects.create(user=u, organisation=org, role=role)
        return User.objects.get(pk=u.pk)

    w.alice = user("alice", w.alpha, Role.REGISTRATION_OFFICER, Role.PROTECTION_OFFICER)
    w.adam = user("adam", w.alpha, Role.SUPERVISOR)
    w.ada = user("ada", w.alpha, Role.AGENCY_ADMINISTRATOR)
    w.bob = user("bob", w.beta, Role.PROTECTION_OFFICER, Role.REGISTRATION_OFFICER)
    w.bea = user("bea", w.beta, Role.SUPERVISOR)
    w.beth = user("beth", w.beta, Role.AGENCY_ADMINISTRATOR)
    # For each Alpha user, the Beta user with the same role: what the cross-agency tests log in as.
    w.counterpart = {"alice": w.bob, "adam": w.bea, "ada": w.beth}
    return w


@pytest.fixture
def register(world):
    """Register a person through the service layer, as an officer would."""
    from django.utils import timezone

    from mixedflows.people.services import EncounterContext, PersonInput, person_register

    def _register(user=None, site=None, group=None, guardian=False, **fields):
        """guardian=True: a child with an appointed guardian recorded (who alone gives the child's consent)."""
        user = user or world.alice
        context = EncounterContext(
            site=site or world.quay, occurred_at=timezone.now(), kind="sea_rescue", departure_country="LBY"
        )
        data = PersonInput(**{"given_name": "Test", "sex": "M", **fields})
        person = person_register(actor=user, data=data, context=context, group=group)
        if guardian:
            from mixedflows.people.services.guardians import guardian_appoint

            guardian_appoint(
                actor=user,
                person=person,
                guardian_name="Giulia Ferri",
                guardian_organisation="Municipal social services",
                appointed_by="Juvenile court",
                appointed_on=timezone.localdate(),
            )
        return person

    return _register


# --- Browser tests: Playwright driving Debian's chromium -------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    if os.environ.get("MIXEDFLOWS_REQUIRE_BROWSER"):
        raise pytest.UsageError(
            "Browser tests required but Debian's chromium is not installed (apt-get install chromium)."
        )
    skip = pytest.mark.skip(
        reason="Chromium not installed: browser tests skipped (apt-get install chromium to run them)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session", autouse=True)
def _patient_assertions():
    """A busy 2-core CI machine answers slower than a laptop: wait up to 15 s before an assertion fails."""
    from playwright.sync_api import expect

    expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--headless",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-quic",
            "--no-first-run",
        ],
    }

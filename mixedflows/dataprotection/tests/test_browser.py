"""In Chromium: Ada, Alpha Agency's administrator, records a stolen laptop in the breach register, records the
notification to the supervisory authority, then suspends Alice's access; Alice's next click signs her out."""

import pytest
from playwright.sync_api import expect

from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_breach_is_recorded_and_a_user_suspended(page, live_server, world, register, browser):
    mariam = register(given_name="Mariam")
    sign_in(page, live_server, "ada", next_url="/data-protection/breaches/")
    page.get_by_label("What happened").fill("Registration laptop stolen from the quay tent")
    page.get_by_label("When it was discovered").fill("2026-12-01T22:30")
    page.get_by_label("Risk to the people").select_option("high")
    page.get_by_label("People concerned, if known").fill(mariam.registration_number)
    page.get_by_label("Person records").fill("212")
    page.get_by_label("Identity documents").fill("180")
    page.screenshot(path="/tmp/dataprot-breach-form.png", full_page=True)
    page.get_by_role("button", name="Record the breach").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Registration laptop stolen from the quay tent")
    expect(page.get_by_text("Supervisory authority")).to_be_visible()
    row = page.get_by_role("row", name="Supervisory authority")
    expect(row).to_contain_text("2026-12-04 22:30")
    row.get_by_label("Made on").fill("2026-12-02T01:15")
    row.get_by_label("Reference").fill("GPDP 4411")
    row.get_by_role("button", name="Record as made").click()
    expect(page.get_by_text("Notification recorded.")).to_be_visible()
    expect(page.get_by_role("row", name="Supervisory authority")).to_contain_text("on time")
    page.screenshot(path="/tmp/dataprot-breach-detail.png", full_page=True)

    alice = browser.new_context().new_page()
    sign_in(alice, live_server, "alice")
    page.goto(f"{live_server.url}/access/")
    page.get_by_label("Staff member").select_option(label="alice")
    page.get_by_label("Reason").fill("Her laptop was the one stolen")
    page.get_by_role("button", name="Suspend access now").click()
    expect(page.get_by_text("Access of alice suspended")).to_be_visible()
    page.screenshot(path="/tmp/dataprot-access.png", full_page=True)

    alice.reload()
    expect(alice.get_by_role("heading", name="Sign in")).to_be_visible()
    alice.get_by_label("Username").fill("alice")
    alice.get_by_label("Password").fill("a-long-test-password")
    alice.get_by_role("button", name="Sign in").click()
    expect(alice.get_by_text("Access of this account is suspended")).to_be_visible()
    alice.screenshot(path="/tmp/dataprot-suspended-sign-in.png", full_page=True)


def test_retention_periods_are_set_and_the_job_shows_what_it_removed(
    page, live_server, world, register, settings
):
    import datetime

    from django.utils import timezone

    from mixedflows.people.models import Encounter, Person

    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    old = register(given_name="Mariam", phone="+393331234567")
    then = timezone.now() - datetime.timedelta(days=1000)
    Person.objects.filter(pk=old.pk).update(created_at=then)
    Encounter.objects.filter(person=old).update(occurred_at=then)
    sign_in(page, live_server, "ada", next_url="/data-protection/retention/")
    page.get_by_label("Person records").fill("24")
    page.get_by_role("button", name="Save periods").click()
    expect(page.get_by_text("Retention periods saved.")).to_be_visible()
    page.get_by_role("button", name="Run the anonymisation job now").click()
    page.goto(f"{live_server.url}/data-protection/retention/")
    expect(page.get_by_text("person records anonymised")).to_be_visible()
    page.screenshot(path="/tmp/dataprot-retention.png", full_page=True)

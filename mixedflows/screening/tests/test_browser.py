"""A protection officer screens the girl of fifteen with the keyboard and reads the outcome and why."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _instruments_loaded(transactional_db):
    """A transactional test that ran before (another app's browser test) flushed what the data migration loaded."""
    from mixedflows.screening.services import instruments_load

    instruments_load()


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _tick(page, name, value, section):
    """Focus the option as Tab and the arrow keys would, tick it with the space bar, wait until it is saved."""
    page.locator(f'input[name="{name}"][value="{value}"]').focus()
    with page.expect_response(lambda response: f"/sections/{section}/" in response.url):
        page.keyboard.press("Space")
    expect(page.locator(f"#status-{section}")).to_have_text("saved")


def test_alice_screens_the_girl_with_the_keyboard(page, live_server, world, register):
    girl = register(given_name="Senait", sex="F", age=15, guardian=True)
    sign_in(page, live_server, "alice", next_url="/screening/")
    expect(page.get_by_role("heading", name="People to screen")).to_be_visible()
    page.get_by_role("row", name=re.compile(girl.registration_number)).get_by_role(
        "button", name="Screen"
    ).focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name=re.compile("Screening"))).to_be_visible()
    # The first answer has the focus when the page opens: Space says yes, Tab goes on to the legal basis.
    expect(page.locator('input[name="information_given"][value="yes"]')).to_be_focused()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    page.keyboard.press("ArrowDown")  # consent of the guardian, the second option
    expect(page.locator('input[name="legal_basis"][value="consent_guardian"]')).to_be_checked()
    expect(page.locator("#status-information")).to_have_text("saved")

    _tick(page, "control_methods", "debt_bondage", "trafficking")
    _tick(page, "control_methods", "withheld_documents", "trafficking")
    # Skip logic: the amount is asked once she says a smuggler was paid; the child section is there for a child.
    expect(page.locator("#q-amount_paid")).to_be_hidden()
    expect(page.locator("#section-child")).to_be_visible()
    _tick(page, "paid_smuggler", "yes", "smuggling")
    expect(page.locator("#q-amount_paid")).to_be_visible()
    page.locator("#id_amount_paid").focus()
    page.keyboard.type("3000")
    with page.expect_response(lambda response: "/sections/smuggling/" in response.url):
        page.keyboard.press("Tab")  # leaving the field saves it
    _tick(page, "owes_smuggler", "yes", "smuggling")
    _tick(page, "travels_with", "alone", "child")
    expect(page.locator("#outcome")).to_contain_text("Unaccompanied child")  # the outcome so far

    page.reload()  # everything survives a reload
    expect(page.locator('input[name="travels_with"][value="alone"]')).to_be_checked()
    expect(page.locator("#id_amount_paid")).to_have_value("3000")

    page.locator("#finish").focus()
    page.keyboard.press("Enter")
    outcome = page.locator("#outcome")
    expect(outcome.get_by_role("heading", name=re.compile("Outcome"))).to_contain_text("Immediate")
    for category in ("Unaccompanied child", "Presumed victim of trafficking", "Smuggled migrant"):
        expect(outcome.locator(".categories")).to_contain_text(category)
    explanation = outcome.locator(".explanation")
    expect(explanation).to_contain_text("Methods of control used against the person")
    expect(explanation).to_contain_text(
        "Debt bondage (owes money they are made to work off); Withheld identity"
    )
    expect(explanation).to_contain_text("Age on the person's record: 15")
    expect(outcome).to_contain_text("Anti-trafficking identification")
    expect(outcome).to_contain_text("Child protection and best-interests procedure")


def test_a_slow_answer_never_pulls_the_cursor_back(page, live_server, world, register):
    """On a slow connection the page settles long after the officer moved on: her cursor stays where she went."""
    man = register(given_name="Yonas", sex="M", age=30)
    sign_in(page, live_server, "alice", next_url="/screening/")
    page.get_by_role("row", name=re.compile(man.registration_number)).get_by_role(
        "button", name="Screen"
    ).click()
    expect(page.get_by_role("heading", name=re.compile("Screening"))).to_be_visible()
    page.evaluate("htmx.config.defaultSettleDelay = 1500")  # a slow laptop: the swap settles late
    with page.expect_response(lambda response: "/sections/information/" in response.url):
        page.locator('input[name="information_given"][value="yes"]').focus()
        page.keyboard.press("Space")
    moved_to = page.locator('input[name="fear_of_return"][value="yes"]')
    moved_to.focus()  # she goes on to the next section while the answer settles
    page.wait_for_timeout(2500)
    expect(moved_to).to_be_focused()

"""In Chromium: the home page loads people's panel (core names no app), with the agency's latest groups only."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from mixedflows.people.services import EncounterContext, arrival_open
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_home_page_shows_the_registration_buttons_and_the_latest_groups(page, live_server, world):
    context = EncounterContext(site=world.quay, occurred_at=timezone.now(), kind="sea_rescue")
    arrival_open(actor=world.alice, label="Boat 9 dawn landing", context=context)
    arrival_open(actor=world.bob, label="Beta's boat", context=context)
    sign_in(page, live_server, "alice")
    page.goto(live_server.url + "/")
    panel = page.locator(".panel")
    expect(panel.get_by_role("link", name="Register a new arrival")).to_be_visible()
    expect(panel.get_by_role("link", name="Boat 9 dawn landing")).to_be_visible()
    expect(panel).not_to_contain_text("Beta's boat")
    page.screenshot(path="/tmp/shape-home.png", full_page=True)
    panel.get_by_role("link", name="Boat 9 dawn landing").click()
    expect(page.get_by_role("heading", name="Boat 9 dawn landing")).to_be_visible()

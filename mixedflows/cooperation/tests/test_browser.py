"""Journey 6, coordination, in Chromium: Cora records a task force meeting and an action point for Gamma Relief;
days later it is overdue and shows on Gus's home page at Gamma Relief; Gus closes it and it leaves the page."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from mixedflows.cooperation.models import ActionPoint, Meeting
from mixedflows.cooperation.tests.conftest import add_coordinators, make_forum
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def type_slowly(page, locator, text):
    locator.click()
    page.keyboard.type(text, delay=100)  # a person's pace


def test_an_action_point_becomes_overdue_shows_on_the_owners_home_page_and_is_closed(
    page, live_server, world
):
    add_coordinators(world)
    forum = make_forum(world)
    today = timezone.localdate()

    sign_in(page, live_server, "cora", next_url=reverse("cooperation:forum", args=[forum.uuid]))
    page.get_by_role("link", name="Record a meeting").click()
    page.get_by_label("Date").fill((today - datetime.timedelta(days=1)).isoformat())
    type_slowly(page, page.get_by_label("Place"), "Agrigento")
    page.get_by_label("Gamma Relief").check()
    type_slowly(page, page.get_by_label("Agenda"), "Reception places")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_contain_text("Mixed Migration Task Force: meeting of")

    type_slowly(page, page.get_by_label("Action", exact=True), "Map reception places")
    page.get_by_label("Owner agency").select_option(label="Gamma Relief")
    page.get_by_label("Due on").fill((today + datetime.timedelta(days=2)).isoformat())
    page.get_by_role("button", name="Add the action point").click()
    expect(page.locator("#action-points")).to_contain_text("Map reception places")
    point = ActionPoint.objects.get()
    assert point.owner == world.gamma and Meeting.objects.get().place == "Agrigento"

    sign_in(page, live_server, "gus")
    expect(page.locator("h1")).to_contain_text("Gamma Relief")
    page.wait_for_load_state("networkidle")  # the home panels have loaded
    expect(page.locator("#overdue-action-points")).to_have_count(0)

    # Five days later the point is still open: three days past its due date.
    ActionPoint.objects.filter(pk=point.pk).update(due_on=today - datetime.timedelta(days=3))
    page.reload()
    panel = page.locator("#overdue-action-points")
    expect(panel).to_contain_text("Map reception places")
    expect(panel).to_contain_text("3 days overdue")

    panel.get_by_role("link", name="Map reception places").click()
    page.get_by_label("Status").select_option("done")
    type_slowly(page, page.get_by_label("Note"), "Mapped")
    page.get_by_role("button", name="Update").click()
    expect(page.locator("#status")).to_contain_text("Done")

    page.goto(f"{live_server.url}{reverse('home')}")
    expect(page.locator("h1")).to_contain_text("Gamma Relief")
    page.wait_for_load_state("networkidle")  # the home panels have loaded
    expect(page.locator("#overdue-action-points")).to_have_count(0)
    point.refresh_from_db()
    assert point.status == "done" and point.updates.get().by == world.gus

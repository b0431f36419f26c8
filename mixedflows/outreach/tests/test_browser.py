"""Journey 6 in Chromium: Olga, a counsellor at Hope resource centre, logs an anonymous session from the
keyboard at a person's pace and sees it counted; on a phone, a name typed without consent is refused and
nothing is saved until the person's consent is ticked."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from mixedflows.outreach.models import CounsellingSession, FollowUpContact
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEY_DELAY = 100  # ms a key: a counsellor typing while she listens
PAUSE = 250  # ms after each Tab


def press(page, key, times=1):
    for _ in range(times):
        page.keyboard.press(key)
        page.wait_for_timeout(PAUSE)


def type_then_tab(page, text):
    page.keyboard.type(text, delay=KEY_DELAY)
    page.wait_for_timeout(PAUSE)
    press(page, "Tab")


def open_centre(page, live_server, world):
    sign_in(page, live_server, "olga")
    page.goto(f"{live_server.url}{reverse('outreach:centre', args=[world.hope.uuid])}")
    entry = page.locator("#session-entry")
    expect(entry.get_by_label("Sex")).to_be_focused()
    return entry


def test_a_counsellor_logs_an_anonymous_session_from_the_keyboard_and_sees_it_counted(
    page, live_server, outreach
):
    entry = open_centre(page, live_server, outreach)
    expect(page.locator("#today-total")).to_have_text("0")
    type_then_tab(page, "F")  # F · female
    type_then_tab(page, "1")  # 18-24
    type_then_tab(page, "ETH")
    type_then_tab(page, "Hosaena")
    press(page, "Space")  # regular migration pathways
    press(page, "Tab")
    press(page, "Space")  # labour market and living conditions abroad
    press(page, "Tab", 6)  # past the other five topics, to the decision
    type_then_tab(page, "Leaving t")  # leaving through a regular pathway
    press(page, "Space")  # referred to a job centre
    press(page, "Tab", 3)  # past the referral system and the folded follow-up, to Save
    press(page, "Enter")

    expect(page.locator("#saved-status")).to_be_visible()
    expect(page.locator("#today-total")).to_have_text("1")
    expect(page.locator("#today-topics")).to_contain_text("Regular migration pathways")
    expect(page.locator("#recent")).to_contain_text("Leaving through a regular pathway")
    # A fresh row, the cursor back on Sex for the next person.
    expect(entry.get_by_label("Sex")).to_be_focused()
    expect(entry.get_by_label("Sex")).to_have_value("")

    session = CounsellingSession.objects.get()
    assert (session.sex, session.age_band, session.nationality, session.area) == (
        "F",
        "18_24",
        "ETH",
        "Hosaena",
    )
    assert session.topics == ["regular_pathways", "labour_abroad"]
    assert (session.decision, session.onward, session.follow_up) == ("leave_regularly", ["job_centre"], False)
    assert not FollowUpContact.objects.exists()

    page.get_by_role("link", name="All counts").click()
    expect(page.locator("#sessions-total")).to_have_text("1")


def test_on_a_phone_a_name_without_consent_is_refused_until_consent_is_ticked(page, live_server, outreach):
    page.set_viewport_size({"width": 390, "height": 844})
    entry = open_centre(page, live_server, outreach)
    entry.get_by_label("Sex").select_option("M")
    entry.get_by_label("Age band").select_option("0_17")
    entry.get_by_label("Risks of irregular migration").check()
    entry.get_by_label("Was considering").select_option("leave_irregularly")
    entry.get_by_text("Follow-up (only if the person asks for it)").click()
    entry.get_by_label("Asks for follow-up").check()
    entry.get_by_label("Name", exact=True).click()
    page.keyboard.type("Tesfaye", delay=KEY_DELAY)
    entry.get_by_label("Phone or other contact").click()
    page.keyboard.type("+251 911 000 000", delay=KEY_DELAY)
    entry.get_by_role("button", name="Save session").click()

    entry = page.locator("#session-entry")
    expect(entry.get_by_role("alert")).to_contain_text("only when the person asks for follow-up and consents")
    expect(entry.get_by_label("Consents to a name and contact being kept")).to_be_focused()
    assert not CounsellingSession.objects.exists() and not FollowUpContact.objects.exists()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    press(page, "Space")  # the person consents
    entry.get_by_role("button", name="Save session").click()
    expect(page.locator("#today-total")).to_have_text("1")
    contact = FollowUpContact.objects.get()
    assert (contact.name, contact.contact, contact.session.follow_up) == ("Tesfaye", "+251 911 000 000", True)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

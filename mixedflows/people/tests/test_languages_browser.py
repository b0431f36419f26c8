"""The arrival grid and the person page in Arabic: right to left, no English label left, and a row typed at a
person's pace in Arabic script (with Arabic-Indic digits) is saved as typed.

Alice signs in, opens Boat 31 at the Quay landing point and switches the page to Arabic with the switcher.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from mixedflows.people.services import EncounterContext, arrival_open
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEY_DELAY = 100  # ms a key: an officer typing what an interpreter says
PAUSE = 500  # ms after each Tab

GRID_LABELS = [
    "Register people",
    "Type a row and press Enter",
    "Given name",
    "Father's name",
    "Family name",
    "Original script",
    "Born / age",
    "Nationality",
    "Save row",
    "People in this group",
    "Registration",
    "Travels with",
    "Nobody registered yet",
    "registered",
    "saved",
]
PERSON_LABELS = [
    "Identity",
    "Given name",
    "Father's name",
    "Family name",
    "Original script",
    "Other names",
    "Date of birth",
    "Nationality",
    "Languages",
    "Legal basis",
    "protection screening",
    "Edit identity",
    "Age assessment",
    "Documents",
    "Encounters",
    "Sea arrival after rescue",
    "Going to",
    "Detained",
    "Record an encounter",
    "Audit trail",
]
# Yonas Tesfaye as he writes his name, born in 2011 typed with Arabic-Indic digits; codes stay Latin.
ROW = ("يوناس", "تسفاي", "", "", "يوناس تسفاي", "M", "٢٠١١", "ERI", "tir")


def _text_of_the_page(page) -> str:
    """What the people pages say (the panels other apps load into the person page are theirs)."""
    return page.evaluate(
        """() => {
          const main = document.querySelector('main').cloneNode(true);
          main.querySelectorAll('.panel, script, [hidden]').forEach((e) => e.remove());
          return main.innerText;
        }"""
    )


def _english_left(page, labels) -> list[str]:
    text = _text_of_the_page(page)
    return [label for label in labels if label in text]


def test_the_grid_and_the_person_page_in_arabic_read_right_to_left_and_keep_what_is_typed(
    page, live_server, world
):
    group = arrival_open(
        actor=world.alice,
        label="Boat 31",
        context=EncounterContext(
            site=world.quay, occurred_at=timezone.now(), kind="sea_rescue", departure_country="LBY"
        ),
    )
    grid_url = reverse("people:group", args=[group.uuid])
    sign_in(page, live_server, "alice", next_url=grid_url)
    page.goto(f"{live_server.url}{grid_url}")
    page.click("header button[name=language][value=ar]")
    page.wait_for_selector("html[lang=ar]")
    assert page.locator("html").get_attribute("dir") == "rtl"
    entry = page.locator("#entry")
    given = entry.locator("input[name=given_name]")
    expect(given).to_be_focused()
    assert _english_left(page, GRID_LABELS) == []
    # Right to left: the first box of the row (Given name) is on the right, the family name left of it.
    family = entry.locator("input[name=family_name]")
    assert given.bounding_box()["x"] > family.bounding_box()["x"]
    assert page.locator("#grid").evaluate("e => getComputedStyle(e).direction") == "rtl"

    for i, text in enumerate(ROW):
        if text:
            page.keyboard.type(text, delay=KEY_DELAY)
        page.wait_for_timeout(PAUSE)
        page.keyboard.press("Tab" if i < len(ROW) - 1 else "Enter")
        page.wait_for_timeout(PAUSE)
    saved_row = page.locator("#rows .saved")
    expect(saved_row).to_have_count(1)
    expect(saved_row.locator(".status")).to_have_text("محفوظ")
    expect(page.locator("#entry input[name=given_name]")).to_be_focused()
    person = group.members.get()
    assert (
        person.given_name,
        person.fathers_name,
        person.grandfathers_name,
        person.family_name,
        person.name_original_script,
        person.sex,
        person.date_of_birth,
        person.dob_precision,
        person.nationality,
        person.languages,
    ) == ("يوناس", "تسفاي", "", "", "يوناس تسفاي", "M", datetime.date(2011, 1, 1), "year", "ERI", ["tir"])
    assert _english_left(page, GRID_LABELS) == []
    page.screenshot(path="/tmp/i18n-grid-ar.png", full_page=True)

    page.locator("#members").get_by_role("link", name=person.registration_number).click()
    page.wait_for_selector("#identity")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert _english_left(page, PERSON_LABELS) == []
    # The Arabic name and the Latin registration number keep their order: the name (first) on the right, the
    # number after it on its left, and the number itself reads left to right (ALP- first, its hyphen in place).
    heading = page.locator("h1")
    name, number = heading.locator("bdi").nth(0), heading.locator("bdi").nth(1)
    expect(name).to_have_text("يوناس تسفاي")
    expect(number).to_have_text(person.registration_number)
    assert name.bounding_box()["x"] > number.bounding_box()["x"]
    first, last = number.evaluate(
        """(e) => {
          const node = e.firstChild, range = document.createRange(), at = (i) => {
            range.setStart(node, i); range.setEnd(node, i + 1); return range.getBoundingClientRect().x;
          };
          return [at(0), at(node.length - 1)];
        }"""
    )
    assert first < last
    page.screenshot(path="/tmp/i18n-person-ar.png", full_page=True)

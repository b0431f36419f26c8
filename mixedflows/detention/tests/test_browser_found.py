"""A monitor meets a man her agency registered at the quay a month ago: the lookup offers his record and
"Use this record" takes it, with what she typed about the detention, so nothing is typed twice."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from mixedflows.detention.models import PersonMet
from mixedflows.detention.tests.conftest import make_facility, make_visit
from mixedflows.detention.tests.test_browser import type_into
from mixedflows.people.models import Person
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _loaded(transactional_db):
    from mixedflows.detention.services.checklists import checklists_load

    checklists_load()


def test_use_this_record_takes_the_existing_person_and_what_was_typed(page, live_server, monitors, register):
    world = monitors
    known = register(given_name="Abdirahman", family_name="Warsame", sex="M", age=34, nationality="SOM")
    facility = make_facility(world)
    visit = make_visit(world, facility)
    people_before = Person.objects.count()

    sign_in(page, live_server, "dina", next_url=reverse("detention:visit", args=[visit.uuid]))
    entry = page.locator("#entry")
    with page.expect_response(lambda response: "/lookup" in response.url):
        type_into(entry.get_by_label("Given name"), "Abdirahman")
        type_into(entry.get_by_label("Family name"), "Warsame")
        entry.get_by_label("Sex").select_option("M")
        type_into(entry.get_by_label("Nationality"), "SOM")
    entry.get_by_label("Medical needs").check()
    type_into(entry.get_by_label("Note"), "Asks for his insulin")
    use = page.get_by_role("button", name="Use this record")
    expect(use).to_be_visible()
    use.click()
    found = page.locator("#found")
    expect(found.get_by_label("Registration number of your agency's record")).to_have_value(
        known.registration_number
    )
    expect(found.get_by_role("button", name="Record as met at this visit")).to_be_focused()
    page.screenshot(path="/tmp/detention-use-record.png", full_page=True)
    page.keyboard.press("Enter")
    expect(page.locator("#people")).to_contain_text(known.registration_number)

    met = PersonMet.objects.get()
    assert met.person == known and met.visit == visit
    assert "Asks for his insulin" in met.note and "medical" in met.reasons
    assert Person.objects.count() == people_before  # nobody registered twice

"""In Chromium: a night landing registered row by row, found again by a misspelling, invisible to another agency,
and rows kept through a dropped connection."""

import re

import pytest
from playwright.sync_api import expect

from mixedflows.core.models import AuditEvent
from mixedflows.people.models import Person, Relationship
from tests.browser import sign_in, sign_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "a-long-test-password"


def open_arrival(page, live_server, label):
    page.goto(f"{live_server.url}/arrivals/new/")
    page.get_by_label("Name of the boat or group").fill(label)
    page.get_by_label("Site").select_option(label="Quay landing point (ITA)")
    page.get_by_label("Kind of encounter").select_option("sea_rescue")
    page.get_by_label("Departure country").fill("LBY")
    page.get_by_role("button", name=re.compile("Open|Start|Save|Create")).click()
    expect(page.get_by_role("heading", name=label)).to_be_visible()


def type_row(page, given, father="", script="", sex="", born="", nationality="", language=""):
    entry = page.locator("#entry")
    entry.get_by_label("Given name", exact=True).fill(given)
    entry.get_by_label("Father's name", exact=True).fill(father)
    entry.get_by_label("Name in original script", exact=True).fill(script)
    if sex:
        entry.get_by_label("Sex", exact=True).select_option(sex)
    entry.get_by_label("Date of birth or age", exact=True).fill(born)
    entry.get_by_label("Nationality", exact=True).fill(nationality)
    entry.get_by_label("Language", exact=True).fill(language)
    entry.get_by_label("Language", exact=True).press("Enter")


def test_register_a_group_find_by_misspelling_audit_and_hide_from_another_agency(page, live_server, world):
    sign_in(page, live_server, "alice")
    open_arrival(page, live_server, "Boat 12 night rescue")

    type_row(page, "Amina", "Idris", "أمينة إدريس", "F", "34", "SDN", "apd")
    expect(page.locator("#rows .saved")).to_have_count(1)
    # A bad row: the error is shown by its label, the typed names stay, nothing is saved.
    type_row(page, "Yusuf", "Idris", "", "M", "2090-01-01", "SDN")
    expect(page.locator("#entry .row-errors")).to_contain_text(
        "Date of birth or age: The date of birth is in the future."
    )
    expect(page.locator("#entry").get_by_label("Given name")).to_have_value("Yusuf")
    page.locator("#entry").get_by_label("Date of birth or age").fill("8")
    page.locator("#entry").get_by_label("Date of birth or age").press("Enter")
    expect(page.locator("#rows .saved")).to_have_count(2)
    type_row(page, "Senait", "Tesfaye", "ሰናይት ተስፋዬ", "F", "2010-04", "ERI", "tir")
    expect(page.locator("#rows .saved")).to_have_count(3)
    assert Person.objects.filter(organisation=world.alpha).count() == 3
    expect(page.locator("#members tbody tr")).to_have_count(3)  # the list follows without a reload
    expect(page.locator("#member-count")).to_have_text("3")

    page.reload()
    expect(page.locator("#members tbody tr")).to_have_count(3)
    form = page.locator("#relationship-form")
    amina, yusuf = Person.objects.get(given_name="Amina"), Person.objects.get(given_name="Yusuf")
    form.get_by_label("Relative").select_option(label=f"Amina Idris ({amina.registration_number})")
    form.get_by_label("Relationship").select_option("mother")
    form.get_by_label("Person", exact=True).select_option(label=f"Yusuf Idris ({yusuf.registration_number})")
    form.get_by_role("button", name="Record").click()
    expect(page.locator("#members")).to_contain_text("child with parent")
    expect(page.locator("#members")).to_contain_text("unaccompanied child")  # Senait, 16, alone
    assert Relationship.objects.get().kind == "mother"

    page.goto(f"{live_server.url}/people/")
    page.get_by_label(re.compile("Name")).fill("Senayt Tesfai")
    page.get_by_role("button", name="Search").click()
    result = page.locator("#results tbody tr")
    expect(result).to_have_count(1)
    expect(result).to_contain_text("Senait Tesfaye")
    result.get_by_role("link").click()
    expect(page.locator("h1")).to_contain_text("Senait Tesfaye")
    expect(page.locator("#identity")).to_contain_text("April 2010")
    senait_url = page.url
    sign_out(page)

    sign_in(page, live_server, "adam")  # Alpha's supervisor may read the audit trail
    page.goto(senait_url)
    page.get_by_role("link", name="Audit trail of this record").click()
    audit = page.locator("#audit")
    expect(audit).to_contain_text("alice")
    expect(audit).to_contain_text("create")
    expect(audit).to_contain_text("adam")
    assert "Senait" not in audit.inner_text()
    sign_out(page)

    sign_in(page, live_server, "bob")  # Beta Agency, same role as Alice
    response = page.goto(senait_url)
    assert response.status == 404
    page.goto(f"{live_server.url}/people/")
    page.get_by_label(re.compile("Name")).fill("Senait Tesfaye")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("#results")).to_contain_text("0 results")
    assert AuditEvent.objects.filter(action="view", actor_label="bob").count() == 0


def test_rows_typed_while_the_connection_is_down_are_sent_once_when_it_is_back(page, live_server, world):
    sign_in(page, live_server, "alice")
    open_arrival(page, live_server, "Boat 13 Wi-Fi drops")
    type_row(page, "Dawit", "Habtom", "", "M", "19", "ERI")
    expect(page.locator("#rows .saved")).to_have_count(1)

    page.context.set_offline(True)
    type_row(page, "Filmon", "Tekle", "", "M", "about 16", "ERI")
    type_row(page, "Luwam", "Tekle", "", "F", "2012", "ERI")
    expect(page.locator("#rows .pending")).to_have_count(2)
    expect(page.locator("#offline-banner")).to_be_visible()
    queued = page.evaluate("JSON.parse(localStorage.getItem('mixedflows.pendingRows')).length")
    assert queued == 2
    assert Person.objects.count() == 1

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#rows .saved")).to_have_count(3, timeout=15000)
    expect(page.locator("#rows .pending")).to_have_count(0)
    assert page.evaluate("JSON.parse(localStorage.getItem('mixedflows.pendingRows')).length") == 0
    assert sorted(Person.objects.values_list("given_name", flat=True)) == ["Dawit", "Filmon", "Luwam"]

    # The same rows sent again (a retry racing a slow answer) are not saved twice.
    page.reload()
    expect(page.locator("#members tbody tr")).to_have_count(3)
    assert Person.objects.count() == 3

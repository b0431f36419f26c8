"""An officer registers "Maxamed Cabdiraxmaan", sees "Mohamed Abdirahman" as a candidate, confirms, and undoes."""

import datetime

import pytest
from django.forms.models import model_to_dict
from django.utils import timezone
from playwright.sync_api import expect

from mixedflows.people.models import Person
from mixedflows.people.services import EncounterContext, arrival_open
from tests.browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def _plain_static(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def test_confirm_a_transliteration_variant_then_undo(page, live_server, world, register, _plain_static):
    existing = register(
        given_name="Mohamed",
        fathers_name="Abdirahman",
        sex="M",
        nationality="SOM",
        date_of_birth=datetime.date(1990, 1, 1),
        dob_precision="year",
    )
    boat = arrival_open(
        actor=world.alice,
        label="Boat 7",
        context=EncounterContext(
            site=world.quay, occurred_at=timezone.now(), kind="sea_rescue", departure_country="LBY"
        ),
    )

    sign_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/groups/{boat.uuid}/")
    page.get_by_label("Given name", exact=True).fill("Maxamed")
    page.get_by_label("Father's name", exact=True).fill("Cabdiraxmaan")
    page.get_by_label("Sex", exact=True).select_option("M")  # no default: the officer chooses
    page.get_by_label("Date of birth or age").fill("1990")
    page.get_by_label("Nationality").fill("SOM")
    matches = page.locator("#possible-matches")
    expect(matches).to_contain_text(existing.registration_number)
    expect(matches).to_contain_text("given and father's name")

    page.get_by_role("button", name="Save row").click()
    saved = page.locator("[data-saved-row] a").first
    expect(saved).to_be_visible()
    newer = Person.objects.get(given_name="Maxamed")
    before = model_to_dict(Person.objects.get(pk=newer.pk)), model_to_dict(Person.objects.get(pk=existing.pk))

    page.goto(f"{live_server.url}/people/{newer.uuid}/")
    page.get_by_role("button", name="Review as possibly the same person").click()
    page.get_by_label("Note (why)").fill("same man, Somali spelling")
    page.get_by_role("button", name="Same person").click()
    expect(page.locator("ul.messages")).to_contain_text("Merged: the newer record is kept")

    page.goto(f"{live_server.url}/people/{existing.uuid}/")
    timeline = page.locator("#timeline tbody tr")
    expect(timeline).to_have_count(2)
    expect(page.locator("#timeline")).to_contain_text(newer.registration_number)
    expect(page.locator("svg.timeline circle")).to_have_count(2)

    page.get_by_role("button", name="Undo merge").click()
    expect(page.locator("ul.messages")).to_contain_text("Merge undone")
    expect(page.locator("#timeline tbody tr")).to_have_count(1)
    after = model_to_dict(Person.objects.get(pk=newer.pk)), model_to_dict(Person.objects.get(pk=existing.pk))
    assert after == before

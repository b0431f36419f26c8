"""Issue 10, item 6 in Chromium: Amina disclosed gender-based violence in Alpha's screening; Beta, given no GBV
group, opens her referral and her record and reads no recommendation derived from that section."""

import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from mixedflows.core.models import DataSharingAgreement, FieldGroup
from mixedflows.referrals.services import referral_send
from mixedflows.screening.codes import Procedure, Urgency
from mixedflows.screening.services import (
    instruments_load,
    screening_complete,
    screening_save_section,
    screening_start,
)
from tests.browser import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def referral(transactional_db, world, register):
    instruments_load()
    DataSharingAgreement.objects.create(
        from_organisation=world.alpha,
        to_organisation=world.beta,
        field_groups=[FieldGroup.IDENTITY, FieldGroup.SCREENING_OUTCOME, FieldGroup.HEALTH],
        signed_on=datetime.date(2026, 1, 1),
    )
    person = register(given_name="Amina", family_name="Yusuf", sex="F", age=30, nationality="SDN")
    screening = screening_start(actor=world.alice, person=person)
    for section, raw in {
        "information": {"information_given": "yes", "legal_basis": "consent_person"},
        "gbv": {"gbv_disclosed": "yes"},
        "situation": {"stranded": "yes", "detained": "no"},
    }.items():
        screening_save_section(actor=world.alice, screening=screening, section_key=section, raw=raw)
    screening = screening_complete(actor=world.alice, screening=screening)
    return referral_send(
        actor=world.alice,
        person=person,
        to_organisation=world.beta,
        service=Procedure.SHELTER,
        screening=screening,
        urgency=Urgency.NORMAL,
        legal_basis="consent",
        consent_given_by="Amina Yusuf",
        consent_obtained_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(minutes=5),
    )


def test_the_receiving_agency_reads_no_recommendation_derived_from_the_gbv_section(
    page, live_server, referral
):
    sign_in(page, live_server, "bob")
    page.goto(f"{live_server.url}{reverse('referrals:detail', args=[referral.uuid])}")
    outcome = page.locator("#screening-outcome")
    expect(outcome).to_contain_text("Stranded migrant")
    expect(page.locator("#outcome-recommended")).to_have_text("Shelter, Assisted voluntary return")
    expect(page.locator("#outcome-urgency")).to_have_text("Normal")
    for word in ("GBV", "gender-based", "Psychosocial"):
        expect(outcome).not_to_contain_text(word)
    page.screenshot(path="/tmp/access-referral-bob.png", full_page=True)

    page.goto(f"{live_server.url}{reverse('people:detail', args=[referral.person.uuid])}")
    panel = page.locator("#screening-panel")  # loaded with htmx
    expect(panel).to_contain_text("Stranded migrant")
    for word in ("GBV", "gender-based", "Psychosocial", "High"):
        expect(panel).not_to_contain_text(word)
    expect(page.locator("body")).not_to_contain_text("GBV services")
    page.screenshot(path="/tmp/access-person-bob.png", full_page=True)

    # Alpha, who screened her, still reads the whole recommendation.
    sign_in(page, live_server, "alice")
    page.goto(f"{live_server.url}{reverse('referrals:detail', args=[referral.uuid])}")
    expect(page.locator("#outcome-recommended")).to_contain_text("GBV services")
    expect(page.locator("#outcome-recommended")).to_contain_text("Psychosocial support")

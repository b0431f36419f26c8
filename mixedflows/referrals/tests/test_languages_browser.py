"""The screening page and the referral inbox in French and Arabic: no English left, Arabic right to left."""

import re

import pytest
from django.urls import reverse

from mixedflows.referrals import services
from mixedflows.referrals.models import ServiceOffer
from mixedflows.screening.codes import Procedure
from tests.browser import english_left, sign_in

pytestmark = pytest.mark.browser

# Not language: people's names, registration numbers, agencies, usernames, codes, the brand, the switcher.
NOT_LANGUAGE = re.compile(
    r"Senait|Tesfaye|[A-Z]{2,4}-[0-9A-Z]{6,}|\b[A-Z]{3}\b|Alpha|Beta|Gamma|Agency|Quay|landing point|alice|bob|mixedflows|"
    r"English|Français|Test pre-screening|v1|child_protection|trafficking|identity|screening_outcome"
)


def _english_left(page) -> list[str]:
    return english_left(page, apps=("screening", "referrals", "core"), not_language=NOT_LANGUAGE)


def test_the_screening_page_and_the_inbox_speak_french_and_arabic(
    page, live_server, world, agreement, girl, consent
):
    person, screening = girl
    # The instrument's own questions are its content, in the instrument's languages (issue #14 item 6).
    screening.instrument.definition = {"sections": []}
    screening.instrument.save(update_fields=["definition"])
    offer = ServiceOffer.objects.create(
        organisation=world.beta, site=world.quay, service=Procedure.CHILD_PROTECTION, languages=["tir"]
    )
    services.referral_send(
        actor=world.alice,
        person=person,
        to_organisation=world.beta,
        service=Procedure.CHILD_PROTECTION,
        service_offer=offer,
        screening=screening,
        urgency="immediate",
        **consent,
    )
    screening_url = reverse("screening:screening", args=[screening.uuid])
    for language, direction, heading, inbox_heading in (
        ("fr", "ltr", "Profilage", "Orientations reçues"),
        ("ar", "rtl", "الفرز", "الإحالات الواردة"),
    ):
        # Signed in in English (the sign-in helper reads English buttons), then the switcher on the page.
        world.alice.__class__.objects.filter(pk__in=[world.alice.pk, world.bob.pk]).update(language="")
        sign_in(page, live_server, "alice", next_url=screening_url)
        page.goto(f"{live_server.url}{screening_url}")
        page.click(f"header button[name=language][value={language}]")
        page.wait_for_selector(f"html[lang={language}]")
        assert page.locator("html").get_attribute("dir") == direction
        assert page.locator("h1").inner_text().startswith(heading)
        page.screenshot(path=f"/tmp/i18n-screening-{language}.png", full_page=True)
        assert _english_left(page) == []

        sign_in(page, live_server, "bob", next_url=reverse("referrals:inbox"))
        page.goto(f"{live_server.url}{reverse('referrals:inbox')}")
        page.click(f"header button[name=language][value={language}]")
        page.wait_for_selector(f"html[lang={language}]")
        assert page.locator("h1").inner_text().startswith(inbox_heading)
        assert page.locator("nav a[href='/referrals/inbox/']").inner_text() != "Inbox"
        rows = page.locator("#rows table")
        assert rows.evaluate("e => getComputedStyle(e).direction") == direction
        page.screenshot(path=f"/tmp/i18n-inbox-{language}.png", full_page=True)
        assert _english_left(page) == []

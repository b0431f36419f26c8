"""A victim of trafficking's case in French and Arabic: the case page, the identification with its HTCDS answers,
the return and the caseload speak the officer's language, Arabic right to left, names and numbers kept as they are."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from mixedflows.cases.services import returns as avrr
from mixedflows.cases.services import trafficking as vot
from mixedflows.cases.services.fund import fund_create, fund_request_create
from tests.browser import english_left, sign_in

pytestmark = pytest.mark.browser

# What the officers typed: content, not interface.
CONTENT = (
    "Recruited with a job offer as a cleaner",
    "Clear indicators",
    "Return assistance",
    "Bus ticket",
    "Call the family",
)
# Not language: people's names, case references and registration numbers, agencies, usernames, codes, the brand.
NOT_LANGUAGE = re.compile(
    "|".join(map(re.escape, CONTENT))
    + r"|[A-Z]{2,4}-C-[0-9A-Z]{8}|[A-Z]{2,4}-[0-9A-Z]{6,}|\b[A-Z]{3}\b|Amanuel|Alpha Agency|Beta Agency|"
    r"carla|adam|mixedflows|English|Français"
)
# HTCDS codes stored for the interview: the page shows what they mean, never the code.
HTCDS_CODES = ("JobOffer", "DebtBondage", "WithholdsDocuments", "DomesticWork")


def _english_left(page) -> list[str]:
    return english_left(page, apps=("cases", "core"), not_language=NOT_LANGUAGE)


def test_a_victims_case_speaks_french_and_arabic(page, live_server, casework, open_case):
    case = open_case(case_type="victim_of_trafficking")
    ident = vot.identification_start(actor=casework.carla, case=case, indicators=["presumed_vot"])
    vot.identification_interview(
        actor=casework.carla,
        identification=ident,
        interviewed_on=timezone.localdate(),
        summary=CONTENT[0],
        methods_of_recruitment=["JobOffer"],
        methods_of_control=["DebtBondage", "WithholdsDocuments"],
        labour_exploitation=["DomesticWork"],
        country_of_exploitation="LBY",
    )
    vot.identification_determine(
        actor=casework.carla, identification=ident, determination="identified", reasons=CONTENT[1]
    )
    today = timezone.localdate()
    fund = fund_create(
        actor=casework.fiona,
        name=CONTENT[2],
        currency="EUR",
        period_start=today,
        period_end=today + datetime.timedelta(days=90),
        budget=Decimal("1000"),
        fund_manager_threshold=Decimal("300"),
    )
    fund_request_create(
        actor=casework.carla,
        case=case,
        fund=fund,
        amount=Decimal("80"),
        purpose=CONTENT[3],
        justification=CONTENT[4],
    )
    avrr.return_start(actor=casework.carla, case=case, destination_country="ERI", informed_on=today)
    pages = {
        "detail": reverse("cases:detail", args=[case.uuid]),
        "identification": reverse("cases:identification", args=[case.uuid]),
        "return": reverse("cases:return", args=[case.uuid]),
        "mine": reverse("cases:mine"),
    }
    for language, direction, heading in (
        ("fr", "ltr", "Identification d’une victime de la traite"),
        ("ar", "rtl", "تحديد هوية ضحية للاتجار بالبشر"),
    ):
        casework.carla.__class__.objects.filter(pk=casework.carla.pk).update(language="")
        sign_in(page, live_server, "carla", next_url=pages["detail"])
        page.goto(f"{live_server.url}{pages['detail']}")
        page.click(f"header button[name=language][value={language}]")
        page.wait_for_selector(f"html[lang={language}]")
        assert page.locator("html").get_attribute("dir") == direction
        # The reference reads as typed, isolated from the Arabic around it.
        assert page.locator("h1 bdi").first.inner_text() == case.reference
        for name, url in pages.items():
            page.goto(f"{live_server.url}{url}")
            page.screenshot(path=f"/tmp/i18n-cases-{name}-{language}.png", full_page=True)
            assert _english_left(page) == [], name
            assert not any(code in page.locator("main").inner_text() for code in HTCDS_CODES), name
        page.goto(f"{live_server.url}{pages['return']}")
        # The date picker starts on today whatever the locale writes dates as.
        assert page.locator("input[name=decision_on]").input_value() == today.isoformat()
        page.goto(f"{live_server.url}{pages['identification']}")
        assert page.locator("h1").inner_text().startswith(heading)
        interview = page.locator("#interview").inner_text()
        assert ("Servitude pour dettes" if language == "fr" else "عبودية الدين") in interview

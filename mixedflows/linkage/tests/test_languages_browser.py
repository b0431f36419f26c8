"""The linkage review queue, a candidate pair and the runs page in French and Arabic: no English left, Arabic
right to left, the reasons shown to the reviewer in the reviewer's language."""

import datetime
import re

import pytest
from django.urls import reverse

from mixedflows.flows.tests.helpers import imo
from mixedflows.linkage import engine, selectors, services
from mixedflows.linkage.features import person_features
from tests.browser import english_left, sign_in

pytestmark = pytest.mark.browser

# Not language: people's names, registration numbers, sites, agencies, usernames, codes, the brand, the
# switcher, Splink (a program), and the people app's own labels (its catalogue is the people pages' work).
NOT_LANGUAGE = re.compile(
    r"Mohamed|Abdirahman|Maxamed|Cabdiraxmaan|[A-Z]{2,4}-[0-9A-Z]{6,}|\b[A-Z]{3}\b|Quay landing point|Alpha|Agency|ines|"
    r"Splink|mixedflows|English|Français|Sea arrival after rescue|\(year\)|v\d+"
)


def _english_left(page) -> list[str]:
    return english_left(page, apps=("linkage", "core"), not_language=NOT_LANGUAGE)


def test_the_review_queue_and_a_pair_speak_french_and_arabic(page, live_server, world, register):
    born = {
        "sex": "M",
        "nationality": "SOM",
        "date_of_birth": datetime.date(1990, 1, 1),
        "dob_precision": "year",
    }
    older = register(given_name="Mohamed", fathers_name="Abdirahman", **born)
    newer = register(given_name="Maxamed", fathers_name="Cabdiraxmaan", **born)
    model, version = selectors.active_model()
    probability, levels = engine.pair_probability(model, person_features(older), person_features(newer))
    pair = services.candidate_propose(
        actor=world.alice,
        person_a=older,
        person_b=newer,
        probability=probability,
        reasons=engine.reasons(levels),
        model_version=version,
    )
    ines = imo(world)
    assert ines.can("linkage.review") and ines.can("linkage.run")
    for language, direction, heading, reason in (
        ("fr", "ltr", "Revue des rapprochements", "prénom et nom du père"),
        ("ar", "rtl", "مراجعة الربط", "الاسم الأول واسم الأب"),
    ):
        sign_in(page, live_server, "ines", next_url=reverse("linkage:review"))
        page.goto(f"{live_server.url}{reverse('linkage:review')}")
        page.click(f"header button[name=language][value={language}]")
        page.wait_for_selector(f"html[lang={language}]")
        assert page.locator("html").get_attribute("dir") == direction
        assert page.locator("h1").inner_text() == heading
        assert reason in page.locator("#queue").inner_text()
        page.screenshot(path=f"/tmp/i18n-linkage-review-{language}.png", full_page=True)
        assert _english_left(page) == []

        page.goto(f"{live_server.url}{reverse('linkage:candidate', args=[pair.uuid])}")
        assert reason in page.locator("ul.reasons").inner_text()
        page.screenshot(path=f"/tmp/i18n-linkage-candidate-{language}.png", full_page=True)
        assert _english_left(page) == []

        page.goto(f"{live_server.url}{reverse('linkage:runs')}")
        assert page.locator("html").get_attribute("dir") == direction
        assert _english_left(page) == []

"""The flow registry, the comparison page and the table builder in French and Arabic: no English left, Arabic
right to left, chart text in the reader's language."""

import re

import pytest
from django.urls import reverse

from mixedflows.flows import services
from mixedflows.flows.models import MonitoringPoint, Route
from mixedflows.flows.tests.test_browser import quarter  # noqa: F401 - the fixture: a quarter of arrivals
from tests.browser import english_left, sign_in

pytestmark = pytest.mark.browser

# Not language: names of routes, sites and points, usernames, codes (ISO, HXL), the brand, the switcher, the
# keyboard keys, the units (USD).
NOT_LANGUAGE = re.compile(
    r"Via Libya|Via Tunisia|Quay landing point|Ras Jedir|ines|Alpha|Agency|\b[A-Z]{3}\b|\bUTC\b|\bTab\b|\bEnter\b|\bISO\b|alpha-3|\bk\b|"
    r"mixedflows linkage flags|mixedflows|English|Français|HXL|CSV|XLSX|libhxl"
)


def _english_left(page) -> list[str]:
    return english_left(page, apps=("flows", "core", "screening"), not_language=NOT_LANGUAGE)


def test_the_registry_the_comparison_and_the_table_builder_speak_french_and_arabic(
    page,
    live_server,
    world,
    quarter,  # noqa: F811
):
    point = services.point_create(
        actor=quarter,
        name="Ras Jedir",
        kind=MonitoringPoint.Kind.BORDER_CROSSING,
        country="TUN",
        directions=["incoming", "transit"],
    )
    routes = {r.name: r.uuid for r in Route.objects.filter(organisation=world.alpha)}
    query = f"?a=route:{routes['Via Libya']}&b=route:{routes['Via Tunisia']}&grain=month"
    for language, direction, heading, movements in (
        ("fr", "ltr", "Composition des flux mixtes", "Mouvements secondaires et circulaires"),
        ("ar", "rtl", "تركيبة التدفقات المختلطة", "التنقلات الثانوية والدائرية"),
    ):
        sign_in(page, live_server, "ines", next_url=reverse("flows:compare"))
        page.goto(f"{live_server.url}{reverse('flows:compare')}")
        page.click(f"header button[name=language][value={language}]")
        page.wait_for_selector(f"html[lang={language}]")
        assert page.locator("html").get_attribute("dir") == direction

        page.goto(f"{live_server.url}{reverse('flows:compare')}{query}")
        page.wait_for_selector("#chart-trend svg.main-svg")
        assert page.locator("h1").inner_text() == heading
        assert movements in page.locator("section.card h2").all_inner_texts()
        # The charts speak the page's language too: titles, axes and month ticks (isolated in Arabic).
        chart_text = " ".join(page.locator("#chart-trend text").all_text_contents())
        assert not re.search(
            r"\b(Trend|persons arrived|people seen|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b",
            chart_text,
        ), chart_text
        page.screenshot(path=f"/tmp/i18n-flows-compare-{language}.png", full_page=True)
        assert _english_left(page) == []

        for url in (
            reverse("flows:points"),
            reverse("flows:point", args=[point.uuid]),
            reverse("flows:routes"),
            reverse("flows:tables") + "?source=arrivals&rows=nationality&cols=sex",
        ):
            page.goto(f"{live_server.url}{url}")
            assert page.locator("html").get_attribute("dir") == direction
            page.screenshot(
                path=f"/tmp/i18n-flows-{url.strip('/').split('/')[1]}-{language}.png", full_page=True
            )
            assert _english_left(page) == [], url

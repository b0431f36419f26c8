"""Journey 5 in a browser: Ines compares two routes, reads the shares and the chart, publishes a safe table."""

import pytest

from mixedflows.flows import services
from mixedflows.flows.snapshot import snapshot_take
from mixedflows.flows.tests.helpers import arrive, imo
from tests.browser import sign_in


@pytest.fixture
def quarter(world, tmp_path, monkeypatch):
    monkeypatch.setenv("MIXEDFLOWS_DATA_DIR", str(tmp_path))
    ines = imo(world)
    ines.set_password("a-long-test-password")
    ines.save()
    for i in range(12):
        arrive(
            world.alice,
            world.quay,
            sex="M",
            age=30,
            nationality="SDN",
            categories=["asylum_seeker"] if i < 9 else ["smuggled_migrant"],
        )
    for _ in range(6):
        arrive(world.alice, world.quay, sex="F", age=27, nationality="SDN", categories=["asylum_seeker"])
    arrive(
        world.alice,
        world.quay,
        sex="F",
        age=15,
        nationality="ERI",
        categories=["unaccompanied_child", "presumed_vot"],
    )
    for _ in range(8):
        arrive(
            world.alice,
            world.quay,
            sex="M",
            age=24,
            nationality="ERI",
            departure="TUN",
            categories=["smuggled_migrant"],
        )
    services.route_create(actor=ines, name="Via Libya", sites=[world.quay], via_countries=["LBY"])
    services.route_create(actor=ines, name="Via Tunisia", sites=[world.quay], via_countries=["TUN"])
    snapshot_take()
    return ines


@pytest.mark.browser
def test_officer_compares_two_routes_and_publishes_a_suppressed_table(page, live_server, quarter):
    sign_in(page, live_server, "ines")

    page.goto(f"{live_server.url}/flows/compare/")
    page.select_option("select[name=a]", label="Route: Via Libya")
    page.select_option("select[name=b]", label="Route: Via Tunisia")
    page.click("form.filters button")
    page.wait_for_selector("#chart-categories svg.main-svg")
    assert "own agency's records only" in page.inner_text("main")
    row = page.locator("tr", has_text="Asylum-seeker").first.inner_text().split("\t")
    # Via Libya: 19 screened, 15 asylum-seekers = 78.9%; via Tunisia: 8 screened, none.
    assert row[1:] == ["15", "78.9", "0", "0.0"]
    assert page.locator("#chart-categories .bars path").count() > 0

    page.goto(f"{live_server.url}/flows/tables/")
    page.select_option("select[name=source]", "arrivals")
    page.select_option("select[name=rows]", "nationality")
    page.select_option("select[name=cols]", "sex")
    page.click("#table-form button")
    page.wait_for_selector("#preview")
    assert page.locator("#preview td.suppressed-primary").count() == 1  # the one Eritrean girl
    assert page.locator("#preview td.suppressed-secondary").count() >= 3
    page.fill("input[name=title]", "Arrivals by nationality and sex, last quarter")
    page.click("text=Publish this table")
    page.wait_for_selector("#published")
    assert "Table published" in page.inner_text("main")
    cells = page.locator("#published td").all_inner_texts()
    assert "1" not in cells and "#affected+num+f" in page.locator("#published").text_content()


@pytest.fixture
def two_countries(world, tmp_path, monkeypatch):
    from mixedflows.flows.tests.test_scopes import TwoCountries

    monkeypatch.setenv("MIXEDFLOWS_DATA_DIR", str(tmp_path))
    ines = imo(world)
    places = TwoCountries(world)
    services.route_create(actor=ines, name="Via Algeria", sites=[places.sfax], via_countries=["DZA"])
    snapshot_take()
    return places


DATE_TICK = r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4}$"


@pytest.mark.browser
def test_two_countries_show_their_own_survey_figures_and_an_empty_route_says_why(
    page, live_server, two_countries
):
    import re

    sign_in(page, live_server, "ines")
    page.goto(f"{live_server.url}/flows/compare/")
    page.select_option("select[name=a]", label="Country: Tunisia")
    page.select_option("select[name=b]", label="Country: Libya")
    page.select_option("select[name=grain]", "week")
    page.click("form.filters button")
    page.wait_for_selector("#chart-trend svg.main-svg")
    tunisia, libya = page.locator(".flows-side section").all_inner_texts()
    assert (
        "2 survey interviews at its points; median journey cost 900 USD; main reasons: War or conflict (2)"
        in tunisia
    )
    assert (
        "1 survey interview at its points; median journey cost 4000 USD; main reasons: Economic reasons, work (1)"
        in libya
    )
    incidents = page.locator("tr", has_text="Extortion").first.inner_text().split("\t")
    assert incidents[1:] == ["2", "100.0", "0", "0.0"]
    ticks = page.locator("#chart-trend .xtick text").all_text_contents()
    assert ticks and all(re.match(DATE_TICK, t) for t in ticks), ticks
    page.locator("#chart-trend").screenshot(path="/tmp/flows-trend-countries.png")
    page.screenshot(path="/tmp/flows-compare-countries.png", full_page=True)

    page.select_option("select[name=a]", label="Route: Tunisia")
    page.select_option("select[name=b]", label="Route: Via Algeria")
    page.click("form.filters button")
    page.wait_for_selector("#chart-structure svg.main-svg")
    why = page.locator(".flows-side section").nth(1).locator(".why-none").inner_text()
    assert why.startswith("No persons arrived: this counts only persons met between")
    assert why.endswith("registered at Sfax port who left from Algeria.")
    # The empty side draws nothing below zero: no tick of a count axis is negative.
    for chart in ("structure", "trend"):
        labels = page.locator(f"#chart-{chart} .ytick text, #chart-{chart} .y2tick text").all_text_contents()
        assert labels and not [t for t in labels if t.startswith(("-", "\u2212"))], labels
    page.locator("#chart-structure").screenshot(path="/tmp/flows-structure-empty-side.png")
    page.locator("#chart-trend").screenshot(path="/tmp/flows-trend-empty-side.png")
    page.screenshot(path="/tmp/flows-compare-empty-route.png", full_page=True)

    page.select_option("select[name=a]", label="Route: Via Algeria")
    page.select_option("select[name=b]", index=0)
    page.click("form.filters button")
    page.wait_for_selector("#chart-structure svg.main-svg")
    for chart in ("structure", "trend"):
        labels = page.locator(f"#chart-{chart} .ytick text").all_text_contents()
        assert labels and not [t for t in labels if t.startswith(("-", "\u2212"))], labels
    page.locator("#chart-structure").screenshot(path="/tmp/flows-structure-all-empty.png")
    page.locator("#chart-trend").screenshot(path="/tmp/flows-trend-all-empty.png")

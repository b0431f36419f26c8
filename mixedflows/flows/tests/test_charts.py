"""What the charts draw: no axis below zero for an empty series, dates that read as dates, and a scope that
counts no one says which filters it applies."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from mixedflows.core.charts import count_axis, date_axis, date_label
from mixedflows.detention import charts as detention_charts
from mixedflows.flows import services
from mixedflows.flows.snapshot import snapshot_take
from mixedflows.flows.tests.helpers import arrive

DATE = re.compile(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4}$")


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("MIXEDFLOWS_DATA_DIR", str(tmp_path))


def test_a_date_tick_reads_as_a_date():
    assert date_label(datetime.date(2026, 9, 6)) == "Sep 6, 2026"
    assert date_label(datetime.date(2026, 9, 1), "month") == "Sep 2026"
    days = [datetime.date(2026, 1, 5) + datetime.timedelta(weeks=n) for n in range(30)]
    axis = date_axis(days, "week")
    assert len(axis["tickvals"]) <= 12 and all(DATE.match(t) for t in axis["ticktext"])
    assert axis["tickvals"][0] == "2026-01-05" and axis["ticktext"][0] == "Jan 5, 2026"


def test_the_detention_charts_share_the_axes():
    assert detention_charts.bars("Empty", [], [], "none")["layout"]["yaxis"]["rangemode"] == "nonnegative"
    assert count_axis("x")["rangemode"] == "nonnegative"


@pytest.fixture
def routes(world):
    for _ in range(3):
        arrive(world.alice, world.quay, sex="M", age=30, nationality="SDN", categories=["asylum_seeker"])
    libya = services.route_create(
        actor=world.adam, name="Via Libya", sites=[world.quay], via_countries=["LBY"]
    )
    algeria = services.route_create(
        actor=world.adam, name="Via Algeria", sites=[world.quay], via_countries=["DZA"]
    )
    gate = services.point_create(
        actor=world.alice, name="Quay gate", kind="landing_point", country="ITA", directions=["incoming"]
    )
    points_only = services.route_create(actor=world.adam, name="Gate only", points=[gate])
    snapshot_take()
    return libya, algeria, points_only


def _page(client, world, a, b, grain="week"):
    client.force_login(world.adam)
    return client.get(
        reverse("flows:compare"), {"a": f"route:{a.uuid}", "b": f"route:{b.uuid}", "grain": grain}
    )


def _from_zero(axis: dict) -> bool:
    return axis["rangemode"] in ("tozero", "nonnegative") and axis.get("range", [0])[0] == 0


def test_an_empty_series_draws_no_axis_below_zero(client, world, routes):
    libya, algeria, _ = routes
    charts = {c.slug: c.figure for c in _page(client, world, libya, algeria).context["result"].charts}
    assert _from_zero(charts["structure"]["layout"]["yaxis"])
    assert _from_zero(charts["categories"]["layout"]["xaxis"])
    trend = charts["trend"]["layout"]
    assert _from_zero(trend["yaxis"]) and _from_zero(trend["yaxis2"])
    # The pyramid of the empty side is symmetric about zero and labels both sides as counts.
    pyramid = charts["pyramid1"]["layout"]["xaxis"]
    assert pyramid["range"][0] == -pyramid["range"][1] and not any(
        t.startswith("-") for t in pyramid["ticktext"]
    )
    # Nothing at all on the page: shares from 0 to 100%, counts from 0 to 1 (plotly alone would draw -1 to 1).
    client.force_login(world.adam)
    alone = client.get(reverse("flows:compare"), {"a": f"route:{algeria.uuid}"}).context["result"]
    charts = {c.slug: c.figure["layout"] for c in alone.charts}
    assert charts["structure"]["yaxis"]["range"] == [0, 100]
    assert charts["incidents"]["yaxis"]["range"] == [0, 100]
    assert charts["trend"]["yaxis"]["range"] == charts["trend"]["yaxis2"]["range"] == [0, 1]


@pytest.mark.parametrize("grain", ["week", "month"])
def test_trend_ticks_read_as_dates(client, world, routes, grain):
    libya, algeria, _ = routes
    result = _page(client, world, libya, algeria, grain).context["result"]
    trend = next(c for c in result.charts if c.slug == "trend")
    axis = trend.figure["layout"]["xaxis"]
    [period] = [row[0] for row in trend.rows]
    day = datetime.date.fromisoformat(period)
    assert axis["type"] == "date" and axis["tickvals"] == [day.isoformat()]
    assert axis["ticktext"] == [date_label(day, grain)]
    assert (
        DATE.match(axis["ticktext"][0])
        if grain == "week"
        else re.match(r"^[A-Z][a-z]{2} \d{4}$", axis["ticktext"][0])
    )


def test_a_route_with_no_arrivals_says_which_filters_it_applies(client, world, routes):
    libya, algeria, points_only = routes
    page = _page(client, world, libya, algeria)
    content = page.content.decode()
    start, end = page.context["result"].start, page.context["result"].end
    libya_side, algeria_side = page.context["result"].sides
    assert libya_side["why_none"] == ""
    assert algeria_side["why_none"] == (
        f"No persons arrived: this counts only persons met between {start} and {end} "
        "registered at Quay landing point who left from Algeria."
    )
    assert algeria_side["why_none"] in content
    gate = _page(client, world, libya, points_only).context["result"].sides[1]
    assert "registered at one of its sites, and it has none" in gate["why_none"]


def test_the_detention_months_read_as_months_not_fortnights():
    from django.utils import translation

    figure = detention_charts.bars(
        "Children", [detention_charts.month_label(m) for m in ("2026-09", "2026-10")], [20, 18], "children"
    )
    assert figure["data"][0]["x"] == ["September 2026", "October 2026"]
    assert figure["layout"]["xaxis"]["type"] == "category"  # not a date axis ticked every two weeks
    with translation.override("fr"):
        assert detention_charts.month_label("2026-09") == "septembre 2026"
    with translation.override("ar"):
        assert detention_charts.month_label("2026-09") == "سبتمبر 2026"


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_charts_speak_the_readers_language_and_their_csv_columns_stay_english(
    client, world, routes, language
):
    libya, algeria, _ = routes
    world.adam.language = language
    world.adam.save(update_fields=["language"])
    result = _page(client, world, libya, algeria, "month").context["result"]
    trend = next(c for c in result.charts if c.slug == "trend")
    # The CSV download's columns are a data contract: English whatever the reader's language.
    assert trend.header[:2] == ["Month", "Via Libya: persons arrived"]
    assert trend.labels[0] == {"fr": "Mois", "ar": "الشهر"}[language]
    assert (
        trend.figure["layout"]["title"]["text"]
        == {"fr": "Évolution par mois", "ar": "الاتجاه حسب الشهر"}[language]
    )
    [tick] = trend.figure["layout"]["xaxis"]["ticktext"]
    [day] = trend.figure["layout"]["xaxis"]["tickvals"]
    assert not re.search(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)", tick)  # "décembre 2026"
    # In Arabic the date is isolated (the plain-text <bdi>), so its digits and month keep their order.
    assert tick.startswith("\u2068") == (language == "ar")
    assert day[:4] in tick
    structure = next(c for c in result.charts if c.slug == "structure")
    with translation.override(language):
        female = translation.gettext("Female")
    assert structure.header[0] == "Sex and age"
    assert structure.rows[0][0].replace("\u2068", "").replace("\u2069", "") == f"{female} 0-4"

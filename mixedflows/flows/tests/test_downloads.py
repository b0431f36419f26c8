"""Every file that leaves the flows app passes disclosure control and is audited.

Alpha received twelve Sudanese men (asylum-seekers) and two Eritrean girls (unaccompanied, presumed victims of
trafficking) at the Quay, all from Libya. Ines downloads each chart's table of the comparison page: the two
girls must not be readable in any file, and each download is an audit event.
"""

import csv
import io

import pytest
from django.urls import reverse

from mixedflows.core.models import AuditEvent
from mixedflows.flows import services
from mixedflows.flows.dashboard import Chart
from mixedflows.flows.downloads import protected_chart_rows
from mixedflows.flows.models import Publication
from mixedflows.flows.snapshot import snapshot_take
from mixedflows.flows.tests.helpers import arrive, imo
from mixedflows.lib import disclosure

SLUGS = ["categories", "structure", "trend", "incidents", "pyramid0", "pyramid1"]


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("MIXEDFLOWS_DATA_DIR", str(tmp_path))


@pytest.fixture
def ines(world):
    ines = imo(world)
    for _ in range(12):
        arrive(world.alice, world.quay, sex="M", age=30, nationality="SDN", categories=["asylum_seeker"])
    for _ in range(2):
        arrive(
            world.alice,
            world.quay,
            sex="F",
            age=15,
            nationality="ERI",
            categories=["unaccompanied_child", "presumed_vot"],
        )
    return ines


def _query(world, ines):
    libya = services.route_create(actor=ines, name="Via Libya", sites=[world.quay], via_countries=["LBY"])
    quay = f"site:{world.quay.uuid}"
    snapshot_take()
    return {"a": f"route:{libya.uuid}", "b": quay}


def _count_cells(chart: Chart, line: list) -> list:
    return [v for i, v in enumerate(line) if i and i not in chart.shares]


def test_the_comparison_page_offers_a_download_for_every_chart(client, world, ines):
    query = _query(world, ines)
    client.force_login(ines)
    page = client.get(reverse("flows:compare"), query)
    charts = page.context["result"].charts
    assert [c.slug for c in charts] == SLUGS
    for chart in charts:  # a chart with nothing to draw (no survey here) says so and offers no file
        link = reverse("flows:chart_csv", kwargs={"slug": chart.slug})
        assert (link in page.content.decode()) is not bool(chart.empty)
    assert [c.slug for c in charts if c.empty] == ["incidents"]


@pytest.mark.parametrize("slug", SLUGS)
def test_each_chart_download_suppresses_small_cells_and_is_audited(client, world, ines, slug):
    query = _query(world, ines)
    client.force_login(ines)
    chart = next(
        c for c in client.get(reverse("flows:compare"), query).context["result"].charts if c.slug == slug
    )
    before = AuditEvent.objects.filter(action="export", object_type="flows.chart").count()
    response = client.get(reverse("flows:chart_csv", kwargs={"slug": slug}), query)
    lines = list(csv.reader(io.StringIO(response.content.decode())))
    assert lines[0] == chart.header
    cells = [v for line in lines[1:] for v in _count_cells(chart, line)]
    # No count from 1 to 4 leaves: the two girls are suppressed (empty), and so is what would give them away.
    assert not [v for v in cells if v in {"1", "2", "3", "4"}]
    for line in lines[1:]:
        for share, count in chart.shares.items():
            assert line[count] != "" or line[share] == ""  # a share never gives a suppressed count back
    event = AuditEvent.objects.filter(action="export", object_type="flows.chart").latest("pk")
    assert AuditEvent.objects.filter(action="export", object_type="flows.chart").count() == before + 1
    assert (event.actor, event.detail["chart"], event.detail["scopes"]) == (
        ines,
        slug,
        [query["a"], query["b"]],
    )
    assert event.detail["threshold"] == disclosure.DEFAULT_THRESHOLD


def test_the_categories_file_hides_the_girls_and_their_complement(client, world, ines):
    query = _query(world, ines)
    client.force_login(ines)
    lines = list(
        csv.reader(
            io.StringIO(
                client.get(reverse("flows:chart_csv", kwargs={"slug": "categories"}), query).content.decode()
            )
        )
    )
    by_label = {line[0]: line[1:] for line in lines[1:]}
    assert by_label["Asylum-seeker or person with international protection needs"] == [
        "12",
        "85.7",
        "12",
        "85.7",
    ]
    assert by_label["Unaccompanied child"] == ["", "", "", ""]
    event = AuditEvent.objects.get(action="export", object_type="flows.chart")
    assert event.detail["suppressed"] == 4


def test_protection_suppresses_a_complement_where_a_total_would_give_a_cell_back():
    chart = Chart(
        "structure",
        "Structure",
        ["Group", "A: persons", "A: %"],
        [["Women", 3, 20.0], ["Men", 12, 80.0]],
        {},
        shares={2: 1},
    )
    rows, suppressed = protected_chart_rows(chart)
    # Women 3 is small; Men 12 would give it back from the total of 15 (and its 80% share too).
    assert rows[1:] == [["Women", "", ""], ["Men", "", ""]] and suppressed == 2


def test_every_publication_download_is_audited(client, world, ines):
    table = disclosure.protect(["ERI"], ["F", "M"], {("ERI", "F"): 12, ("ERI", "M"): 20})
    publication = services.publication_table(
        actor=ines, title="Arrivals", spec={"rows": "nationality"}, table=table
    )
    client.force_login(ines)
    for fmt in ("csv", "xlsx"):
        response = client.get(
            reverse("flows:publication_download", kwargs={"uuid": publication.uuid, "fmt": fmt})
        )
        assert response.status_code == 200
        event = AuditEvent.objects.filter(
            object_type="flows.publication", object_id=str(publication.uuid)
        ).latest("pk")
        assert (event.actor, event.action, event.detail["format"]) == (ines, "export", fmt)
    assert Publication.objects.count() == 1

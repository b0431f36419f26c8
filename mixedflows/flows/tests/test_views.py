"""The pages as users meet them: an enumerator's registry, the comparison page, the officer's table builder."""

import csv
import datetime
import io
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from mixedflows.core.models import AuditEvent, User
from mixedflows.flows import services
from mixedflows.flows.models import Observation, Publication
from mixedflows.flows.snapshot import snapshot_take
from mixedflows.flows.tests.helpers import arrive, imo, small_world
from mixedflows.linkage.models import MovementFlag


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("MIXEDFLOWS_DATA_DIR", str(tmp_path))


@pytest.fixture
def gate(world):
    return services.point_create(
        actor=world.alice,
        name="Quay gate",
        kind="border_crossing",
        country="ITA",
        directions=["incoming", "outgoing"],
    )


def _row(**extra):
    return {
        "date": "2026-03-02",
        "direction": "incoming",
        "movement": "migration",
        "nationality": "ERI",
        "previous_place": "Zuwara",
        "next_place": "Valle Chiara",
        "final_destination": "DEU",
        "transport": "boat",
        "f_18_59": "3",
        "m_18_59": "7",
        "m_5_17": "2",
        **extra,
    }


def test_enumerator_records_a_group_and_the_context_stays_for_the_next(client, world, gate):
    client.force_login(world.alice)
    url = reverse("flows:point", kwargs={"uuid": gate.uuid})
    response = client.post(url, _row(next_place="Valle Chiara & Hal Ferh"))
    assert (
        response.status_code == 302
        and "direction=incoming" in response.url
        and "nationality=ERI" in response.url
    )
    row = Observation.objects.get()
    assert (row.total, row.f_18_59, row.m_5_17, row.organisation) == (12, 3, 2, world.alpha)
    page = client.get(response.url)
    assert b"12 people seen" in page.content and b"not a total of people on the move" in page.content
    assert page.context["form"].initial["nationality"] == "ERI"
    assert page.context["form"].initial["next_place"] == "Valle Chiara & Hal Ferh"
    # The next thing to type is the next group's counts: the cursor waits in the first count.
    assert re.search(r'<input[^>]*name="f_0_4"[^>]*autofocus', page.content.decode())
    assert not re.search(r'<input[^>]*name="date"[^>]*autofocus', page.content.decode())


def test_bad_rows_say_why_and_save_nothing(client, world, gate):
    client.force_login(world.alice)
    url = reverse("flows:point", kwargs={"uuid": gate.uuid})
    empty = client.post(url, _row(f_18_59="", m_18_59="", m_5_17=""))
    assert b"Enter how many people were seen" in empty.content
    transit = client.post(url, _row(direction="transit"))
    assert transit.status_code == 200 and b"transit" in transit.content
    negative = client.post(url, _row(f_18_59="-2"))
    assert negative.status_code == 200
    assert Observation.objects.count() == 0


def test_market_visits_are_counted_apart_from_migration(client, world, gate):
    client.force_login(world.alice)
    url = reverse("flows:point", kwargs={"uuid": gate.uuid})
    client.post(url, _row())
    client.post(url, _row(movement="market", f_18_59="40", m_18_59="", m_5_17=""))
    client.post(url, _row(movement="circular", f_18_59="", m_18_59="3", m_5_17=""))
    route = services.route_create(actor=world.adam, name="Gate route", points=[gate])
    snapshot_take()
    client.force_login(world.adam)
    page = client.get(
        reverse("flows:compare"), {"a": f"route:{route.uuid}", "start": "2026-01-01", "end": "2026-12-31"}
    )
    side = page.context["result"].sides[0]
    assert side["registry"]["seen"] == 15
    assert side["registry"]["by_movement"] == {"circular": 3, "market": 40, "migration": 12}
    assert b"40 market visits counted apart" in page.content
    assert b"of which 3 circular, 0 short-term" in page.content


def test_compare_two_routes_shows_shares_charts_and_csv(client, world, register):
    small_world(world)
    pier = services.route_create(
        actor=world.adam, name="Via Tunisia", sites=[world.quay], via_countries=["TUN"]
    )
    libya = services.route_create(
        actor=world.adam, name="Via Libya", sites=[world.quay], via_countries=["LBY"]
    )
    snapshot_take()
    # Linkage flagged one of Alpha's people as a secondary mover this month, and one of Beta's (not counted here).
    now = timezone.now()
    for org in (world.alpha, world.beta):
        person = register(user=world.alice if org == world.alpha else world.bob, given_name="Mover")
        MovementFlag.objects.create(
            organisation=org,
            person=person,
            kind=MovementFlag.Kind.SECONDARY,
            first_at=now - datetime.timedelta(days=40),
            last_at=now,
            countries=["MLT", "ITA"],
        )
    client.force_login(world.adam)
    query = {"a": f"route:{libya.uuid}", "b": f"route:{pier.uuid}", "grain": "week"}
    page = client.get(reverse("flows:compare"), query)
    assert page.status_code == 200
    content = page.content.decode()
    assert "shares are of the screened persons" in content and "counts in each" in content
    assert "own agency&#x27;s records only" in content or "own agency's records only" in content
    assert f'src="{reverse("flows:plotly_js")}" nonce="' in content
    assert "cdn" not in content.lower()
    csp = page["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in csp  # plotly positions text with style attributes
    script_src = csp.split("script-src")[1].split(";")[0]
    assert "'nonce-" in script_src and "unsafe" not in script_src
    movements = content.split('id="movements"')[1].split("</table>")[0]
    assert f'<td><bdi>{now:%Y-%m}</bdi></td><td class="num">1</td><td class="num">0</td>' in movements
    categories = client.get(reverse("flows:chart_csv", kwargs={"slug": "categories"}), query)
    lines = list(csv.reader(io.StringIO(categories.content.decode())))
    by_label = {line[0]: line[1:] for line in lines[1:]}
    # Libya route: 3 screened, 2 asylum-seekers = 66.7% on the page; the file leaves the system, so the small
    # count and its share are suppressed (empty); Tunisia route: 1 screened, none (zeros are published).
    assert next(c for c in page.context["result"].charts if c.slug == "categories").rows[0][1:] == [
        2,
        66.7,
        0,
        0.0,
    ]
    assert by_label["Asylum-seeker or person with international protection needs"] == ["", "", "0", "0.0"]
    assert client.get(reverse("flows:plotly_js")).status_code == 200


def test_compare_needs_the_flows_permission_and_hides_other_agencies_routes(client, world):
    route = services.route_create(actor=world.adam, name="Alpha route", sites=[world.quay])
    snapshot_take()
    client.force_login(world.alice)
    assert client.get(reverse("flows:compare")).status_code == 403
    client.force_login(world.bea)
    assert client.get(reverse("flows:compare"), {"a": f"route:{route.uuid}"}).status_code in (200, 404)
    assert b"Alpha route" not in client.get(reverse("flows:compare")).content


def test_officer_previews_and_publishes_a_suppressed_table_with_hxl(client, world):
    ines = imo(world)
    for _ in range(12):
        arrive(world.alice, world.quay, sex="M", age=30, nationality="SDN")
    for _ in range(6):
        arrive(world.alice, world.quay, sex="F", age=30, nationality="SDN")
    arrive(world.alice, world.quay, sex="F", age=30, nationality="ERI")
    for _ in range(8):
        arrive(world.alice, world.quay, sex="M", age=30, nationality="ERI")
    snapshot_take()
    client.force_login(ines)
    spec = {"source": "arrivals", "rows": "nationality", "cols": "sex", "threshold": "5"}
    preview = client.get(reverse("flows:tables"), spec)
    table = preview.context["table"]
    assert table.primary == {("ERI", "F")}
    assert len(table.suppressed) >= 4  # the Eritrean woman, and cells that would give her away
    response = client.post(reverse("flows:tables"), {**spec, "title": "Arrivals by nationality and sex"})
    publication = Publication.objects.get()
    assert response.url == reverse("flows:publication", kwargs={"uuid": publication.uuid})
    assert publication.rules["threshold"] == 5 and publication.published_by == ines
    event = AuditEvent.objects.get(object_type="flows.publication", object_id=str(publication.uuid))
    assert (event.actor, event.action, event.detail["rules"]["suppressed_cells"]) == (ines, "export", 4)
    flat = [v for line in publication.content["grid"][1:] for v in line[1:]]
    assert 1 not in flat
    download = client.get(
        reverse("flows:publication_download", kwargs={"uuid": publication.uuid, "fmt": "csv"})
    )
    lines = list(csv.reader(io.StringIO(download.content.decode())))
    assert lines[1][:4] == ["#date+start", "#date+end", "#meta+scope", "#country+code+nationality"]
    assert "#affected+num+f" in lines[1]
    assert "Total" not in [line[3] for line in lines[2:]]  # no total row for HXL Proxy to count twice
    eritrea = next(line for line in lines[2:] if line[3] == "ERI")
    assert eritrea[4:] == ["", "", "9"]  # the lone Eritrean woman and her complement are suppressed (empty)
    xlsx = client.get(reverse("flows:publication_download", kwargs={"uuid": publication.uuid, "fmt": "xlsx"}))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.cell(2, 1).value == "#date+start"
    detail = client.get(reverse("flows:publication", kwargs={"uuid": publication.uuid}))
    assert b"valid HXL" in detail.content


def test_a_supervisor_may_preview_but_not_publish(client, world):
    arrive(world.alice, world.quay, sex="M", age=30, nationality="SDN")
    snapshot_take()
    client.force_login(world.adam)
    spec = {"source": "arrivals", "rows": "nationality", "cols": "sex"}
    assert client.get(reverse("flows:tables"), spec).status_code == 200
    assert client.post(reverse("flows:tables"), {**spec, "title": "t"}).status_code == 403
    assert Publication.objects.count() == 0


def test_snapshot_refresh_queues_a_task_with_progress(client, world):
    from mixedflows.core.models import Job

    client.force_login(world.adam)
    response = client.post(reverse("flows:snapshot_refresh"), {"next": reverse("flows:compare")})
    assert response.status_code == 302
    assert Job.objects.get().kind == "flows snapshot"


def test_snapshot_command_writes_the_snapshot_the_pages_show(client, world):
    from django.core.management import call_command

    arrive(world.alice, world.quay, sex="M", age=30, nationality="SDN")
    out = io.StringIO()
    call_command("flows", "snapshot", stdout=out, stderr=io.StringIO())
    assert "1 arrivals" in out.getvalue()
    client.force_login(world.adam)
    page = client.get(reverse("flows:compare"))
    assert b"Figures from the analytics snapshot of" in page.content


def test_a_microdata_extract_below_k_is_refused_with_the_reason_and_kept_when_safe(client, world):
    ines = imo(world)
    for _ in range(11):
        arrive(world.alice, world.quay, sex="M", age=30, nationality="SDN", categories=["asylum_seeker"])
    arrive(world.alice, world.quay, sex="F", age=15, nationality="ERI", categories=["unaccompanied_child"])
    snapshot_take()
    client.force_login(ines)
    url = reverse("flows:extract")
    refused = client.post(url, {"quasi_identifiers": ["sex", "nationality"], "k": "11", "title": "Arrivals"})
    assert refused.status_code == 200
    assert "Refused: 1 combination of sex, nationality is shared by fewer than 11 records" in (
        refused.content.decode()
    )
    assert Publication.objects.count() == 0
    # By site alone all twelve persons share one combination.
    safe = client.post(url, {"quasi_identifiers": ["site"], "k": "11", "title": "Arrivals by site"})
    publication = Publication.objects.get()
    assert safe.url == reverse("flows:publication", kwargs={"uuid": publication.uuid})
    assert publication.rules == {"k": 11, "quasi_identifiers": ["site"], "smallest_group": 12}
    assert len(publication.content["records"]) == 12
    download = client.get(
        reverse("flows:publication_download", kwargs={"uuid": publication.uuid, "fmt": "csv"})
    )
    lines = list(csv.reader(io.StringIO(download.content.decode())))
    assert lines[0] == ["site", "categories"] and lines[1] == ["#loc+name", "#indicator+categories"]
    client.force_login(world.adam)
    assert client.post(url, {"quasi_identifiers": ["site"], "k": "11", "title": "x"}).status_code == 403


def test_the_snapshot_task_reports_its_progress_on_the_job(world):
    from mixedflows.core.models import Job
    from mixedflows.flows.tasks import snapshot_refresh

    arrive(world.alice, world.quay, sex="M", age=30, nationality="SDN")
    job = Job.objects.create(kind="flows snapshot", organisation=world.alpha, created_by=world.adam)
    snapshot_refresh.call(job_uuid=str(job.uuid))
    job.refresh_from_db()
    assert (job.status, job.done, job.total) == (Job.Status.DONE, 1, 1)
    assert job.result["rows"] == {"registry": 0, "arrivals": 1, "survey": 0}


def test_every_flows_page_opens_for_those_who_may_use_it(client, world, gate):
    services.route_create(actor=world.adam, name="Mixed route", sites=[world.quay], points=[gate])
    snapshot_take()
    pages = {
        "alice": ["flows:points", "flows:point_new"],
        "adam": ["flows:routes", "flows:compare", "flows:tables", "flows:publications"],
        "ines": ["flows:extract", "flows:tables", "flows:routes"],
    }
    imo(world)
    for username, names in pages.items():
        client.force_login(User.objects.get(username=username))
        for name in names:
            response = client.get(reverse(name))
            assert response.status_code == 200, (username, name)
    assert b"Mixed route" in client.get(reverse("flows:routes")).content


def test_a_route_is_defined_from_points_sites_and_departure_countries(client, world, gate):
    from mixedflows.flows.models import Route

    client.force_login(world.adam)
    empty = client.post(reverse("flows:routes"), {"name": "Nowhere", "via_countries": "LBY"})
    assert b"Choose at least one site or monitoring point" in empty.content and not Route.objects.exists()
    bad = client.post(
        reverse("flows:routes"), {"name": "Sea", "sites": [str(world.quay.uuid)], "via_countries": "XX"}
    )
    assert b"ISO 3166-1 alpha-3" in bad.content and not Route.objects.exists()
    response = client.post(
        reverse("flows:routes"),
        {
            "name": "Sea",
            "points": [str(gate.uuid)],
            "sites": [str(world.quay.uuid)],
            "via_countries": "lby, tun",
        },
    )
    route = Route.objects.get()
    assert response.url == reverse("flows:route", kwargs={"uuid": route.uuid})
    assert route.via_countries == ["LBY", "TUN"]
    assert [(s.point, s.site) for s in route.stops.all()] == [(gate, None), (None, world.quay)]
    # Beta's North post is not a site Alpha works at: it is not offered.
    assert (
        client.post(reverse("flows:routes"), {"name": "North", "sites": [str(world.north.uuid)]}).status_code
        == 200
    )
    assert Route.objects.count() == 1


def test_an_enumerator_creates_a_monitoring_point(client, world):
    from mixedflows.flows.models import MonitoringPoint

    client.force_login(world.alice)
    bad = client.post(
        reverse("flows:point_new"),
        {"name": "Gate", "kind": "bus_station", "country": "ZZZ", "directions": ["outgoing"]},
    )
    assert b"Choose a country" in bad.content and not MonitoringPoint.objects.exists()
    response = client.post(
        reverse("flows:point_new"),
        {"name": "Gate", "kind": "bus_station", "country": "NER", "directions": ["outgoing", "transit"]},
    )
    point = MonitoringPoint.objects.get()
    assert response.url == reverse("flows:point", kwargs={"uuid": point.uuid})
    assert (point.organisation, point.directions, point.country) == (
        world.alpha,
        ["outgoing", "transit"],
        "NER",
    )
    client.force_login(world.adam)  # a supervisor reads the figures but does not record counts
    assert client.get(reverse("flows:point_new")).status_code == 403

"""Published tables are HXL that libhxl accepts, every table kind, with dictionary tags, p-codes and no total row."""

import csv
import datetime
import io
import itertools

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from mixedflows.core.models import AuditEvent, Site
from mixedflows.flows import exports, services, tables
from mixedflows.flows.analytics import DIMENSIONS
from mixedflows.flows.models import Publication
from mixedflows.flows.snapshot import current_snapshot, snapshot_take
from mixedflows.flows.tests.helpers import arrive, imo


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("MIXEDFLOWS_DATA_DIR", str(tmp_path))


@pytest.fixture
def arrivals(world):
    """Arrivals at two sites, one of them with p-codes, women, men and one person of another sex."""
    world.quay.adm1_pcode, world.quay.adm2_pcode = "IT19", "IT19084"
    world.quay.save()
    world.cove = Site.objects.create(name="Cove landing point", kind=Site.Kind.LANDING_POINT, country="ITA")
    world.cove.organisations.set([world.alpha])
    for site, sex, age, nationality, n in [
        (world.quay, "M", 30, "SDN", 12),
        (world.quay, "F", 3, "SDN", 6),
        (world.quay, "X", 25, "ERI", 1),
        (world.cove, "M", 70, "ERI", 8),
        (world.cove, "F", 12, "ERI", 7),
    ]:
        for _ in range(n):
            arrive(world.alice, site, sex=sex, age=age, nationality=nationality)
    snapshot_take()
    return imo(world)


def _publish(ines, rows, cols, source="arrivals"):
    spec_in = {"source": source, "rows": rows, "cols": cols}
    spec_in["start"], spec_in["end"] = datetime.date(2000, 1, 1), datetime.date.today()
    table, spec = tables.protected_table(user=ines, data=spec_in, snapshot=current_snapshot())
    return services.publication_table(actor=ines, title=f"{rows} x {cols}", spec=spec, table=table)


def _kinds(source):
    index = 1 if source == "arrivals" else 2
    usable = [key for key, value in DIMENSIONS.items() if value[index] is not None]
    return [(source, r, c) for r, c in itertools.permutations(usable, 2)]


@pytest.mark.parametrize("source,rows,cols", _kinds("arrivals"))
def test_every_kind_of_arrivals_table_passes_libhxl_and_has_no_total_row(arrivals, source, rows, cols):
    publication = _publish(arrivals, rows, cols, source)
    hxl = exports.hxl_rows(publication)
    assert exports.hxl_check(hxl) == []
    label_column = hxl[1].index(exports.DIMENSION_TAGS[rows])
    assert "Total" not in [line[label_column] for line in hxl[2:]]
    assert hxl[1][-1].endswith("+total")


def test_the_month_by_sex_table_that_failed_before_now_passes(arrivals):
    # Before: a "Total" row under #date made libhxl fail ("Expected a date").
    hxl = exports.hxl_rows(_publish(arrivals, "month", "sex"))
    assert hxl[1][3] == "#date+month" and exports.hxl_check(hxl) == []


def test_sex_and_age_columns_carry_the_dictionary_attributes(arrivals):
    by_sex = exports.hxl_rows(_publish(arrivals, "nationality", "sex"))
    assert by_sex[1][4:] == ["#affected+num+f", "#affected+num+m", "#affected+num+i", "#affected+num+total"]
    by_age = exports.hxl_rows(_publish(arrivals, "nationality", "age_band"))
    assert by_age[1][4:] == [
        "#affected+num+children+age0_4",
        "#affected+num+children+age5_17",
        "#affected+num+adults+age18_59",
        "#affected+num+elderly+age60plus",
        "#affected+num+total",
    ]
    assert "+infants" not in " ".join(by_age[1])


def test_a_table_by_site_carries_the_p_codes_of_its_sites(arrivals):
    hxl = exports.hxl_rows(_publish(arrivals, "site", "sex"))
    assert hxl[1][3:6] == ["#loc+name", "#adm1+code", "#adm2+code"]
    by_site = {line[3]: line[4:6] for line in hxl[2:]}
    assert by_site == {"Quay landing point": ["IT19", "IT19084"], "Cove landing point": ["", ""]}
    assert exports.hxl_check(hxl) == []
    # A table by nationality has no place to join: no p-code columns.
    assert "#adm1+code" not in exports.hxl_rows(_publish(arrivals, "nationality", "sex"))[1]


def test_the_publish_command_writes_the_files_of_the_page_and_is_audited(arrivals, client, tmp_path):
    out = tmp_path / "out"
    call_command(
        "flows", "publish", "--user", "ines", "--title", "By site", "--rows", "site", "--out", str(out)
    )
    publication = Publication.objects.get()
    assert publication.title == "By site" and publication.published_by == arrivals
    event = AuditEvent.objects.get(object_type="flows.publication", object_id=str(publication.uuid))
    assert event.action == "export" and event.actor == arrivals
    client.force_login(arrivals)
    for fmt in ("csv", "xlsx"):
        page = client.get(
            reverse("flows:publication_download", kwargs={"uuid": publication.uuid, "fmt": fmt})
        )
        written = out / f"mixedflows-{publication.uuid.hex[:8]}.{fmt}"
        if fmt == "csv":
            assert written.read_bytes() == page.content
            lines = list(csv.reader(io.StringIO(written.read_text())))
            assert lines[1][3:6] == ["#loc+name", "#adm1+code", "#adm2+code"]
        else:
            assert written.stat().st_size > 0


def test_the_publish_command_refuses_what_the_page_refuses(arrivals, tmp_path):
    with pytest.raises(CommandError, match="cols: Choose a different dimension"):
        call_command(
            "flows",
            "publish",
            "--user",
            "ines",
            "--title",
            "t",
            "--rows",
            "sex",
            "--cols",
            "sex",
            "--out",
            str(tmp_path),
        )
    with pytest.raises(CommandError, match="may not publish"):
        call_command("flows", "publish", "--user", "alice", "--title", "t", "--out", str(tmp_path))
    assert not Publication.objects.exists()

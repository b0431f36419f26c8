"""Composition numbers against hand-counted fixtures, read from the DuckDB snapshot."""

import datetime

import pytest

from mixedflows.flows import analytics, services
from mixedflows.flows.analytics import Scope
from mixedflows.flows.selectors import route_scope, scope_from_key
from mixedflows.flows.snapshot import snapshot_take
from mixedflows.flows.tests.helpers import small_world

TODAY = datetime.date.today()
YEAR = (TODAY - datetime.timedelta(days=365), TODAY + datetime.timedelta(days=1))


@pytest.fixture
def con(world, settings, tmp_path, monkeypatch):
    monkeypatch.setenv("MIXEDFLOWS_DATA_DIR", str(tmp_path))
    small_world(world)
    snapshot = snapshot_take()
    connection = analytics.connect(snapshot.directory)
    yield connection
    connection.close()


def test_route_counts_persons_structure_and_every_category_of_each_person(world, con):
    route = services.route_create(
        actor=world.adam, name="Central Med via Libya", sites=[world.quay], via_countries=["LBY"]
    )
    result = analytics.composition(
        con, org=world.alpha.pk, scope=route_scope(route), start=YEAR[0], end=YEAR[1]
    )
    assert result["arrived"] == 4  # the Tunisian departure and Beta's arrival are not on Alpha's Libya route
    assert result["screened"] == 3
    # The girl counts as unaccompanied child, presumed victim and smuggled migrant at once.
    assert result["categories"] == {
        "asylum_seeker": 2,
        "smuggled_migrant": 2,
        "unaccompanied_child": 1,
        "presumed_vot": 1,
    }
    assert result["pyramid"] == {("F", "5_17"): 1, ("F", "18_59"): 1, ("M", "18_59"): 2}


def test_site_scope_includes_all_departures_and_a_screening_with_no_category(world, con):
    scope = scope_from_key(user=world.adam, key=f"site:{world.quay.uuid}")
    result = analytics.composition(con, org=world.alpha.pk, scope=scope, start=YEAR[0], end=YEAR[1])
    assert (result["arrived"], result["screened"]) == (5, 4)
    assert result["pyramid"][("M", "0_4")] == 1


def test_other_agency_sees_only_its_own_records(world, con):
    scope = Scope(label="Quay", site_ids=(world.quay.pk,))
    beta = analytics.composition(con, org=world.beta.pk, scope=scope, start=YEAR[0], end=YEAR[1])
    assert (beta["arrived"], beta["categories"]) == (1, {"asylum_seeker": 1})


def test_nationality_scope_and_crosstab(world, con):
    eri = analytics.composition(
        con, org=world.alpha.pk, scope=Scope(label="ERI", nationality="ERI"), start=YEAR[0], end=YEAR[1]
    )
    assert eri["arrived"] == 2
    table = analytics.crosstab(
        con,
        org=world.alpha.pk,
        scope=Scope(label="all"),
        start=YEAR[0],
        end=YEAR[1],
        source="arrivals",
        rows="nationality",
        cols="sex",
    )
    assert table == {("ERI", "F"): 1, ("ERI", "M"): 1, ("SDN", "F"): 1, ("SDN", "M"): 1, ("TUN", "M"): 1}
    asylum = analytics.crosstab(
        con,
        org=world.alpha.pk,
        scope=Scope(label="all"),
        start=YEAR[0],
        end=YEAR[1],
        source="arrivals",
        rows="nationality",
        cols="sex",
        category="asylum_seeker",
    )
    assert asylum == {("ERI", "M"): 1, ("SDN", "F"): 1}


def test_period_outside_the_arrivals_counts_nothing(world, con):
    old = analytics.composition(
        con,
        org=world.alpha.pk,
        scope=Scope(label="all"),
        start=datetime.date(2001, 1, 1),
        end=datetime.date(2001, 12, 31),
    )
    assert (old["arrived"], old["categories"]) == (0, {})


def test_snapshot_holds_no_names_or_dates_of_birth(world, con):
    columns = {row[0] for row in con.execute("DESCRIBE arrivals").fetchall()}
    assert not columns & {"given_name", "family_name", "fathers_name", "date_of_birth", "phone"}
    assert {"age_band", "sex", "nationality", "category_mask"} <= columns


def test_a_new_snapshot_becomes_current_and_only_the_previous_one_is_kept(world, con):
    from pathlib import Path

    from mixedflows.flows.models import Snapshot
    from mixedflows.flows.snapshot import current_snapshot

    first = current_snapshot()
    second = snapshot_take()
    third = snapshot_take()
    assert current_snapshot() == third
    assert set(Snapshot.objects.values_list("pk", flat=True)) == {second.pk, third.pk}
    assert not Path(first.directory).exists() and Path(second.directory).exists()

"""Every block of the comparison page follows its scope, for every kind of scope the page offers.

Alpha works at Sfax (Tunisia) and Zuwara (Libya), each with a monitoring point. Three Sudanese arrive at Sfax
and two Eritreans at Zuwara; the enumerators see 10 Sudanese at the Sfax gate and 4 Eritreans at the Zuwara
gate; two Sudanese are interviewed at Sfax and one Eritrean at Zuwara; linkage flagged one Sudanese as a
secondary mover. Whatever the kind of scope, Tunisia's side and Libya's side must show these figures apart.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from mixedflows.core.models import Site
from mixedflows.flows import selectors, services
from mixedflows.flows.snapshot import snapshot_take
from mixedflows.flows.survey_import import survey_import
from mixedflows.flows.tests.helpers import arrive
from mixedflows.linkage.models import MovementFlag


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("MIXEDFLOWS_DATA_DIR", str(tmp_path))


def interview(instance: str, point: str, initials: str, nationality: str) -> dict:
    return {
        "meta": {"instanceID": instance},
        "journey": {
            "point": point,
            "interview_date": timezone.localdate().isoformat(),
            "consent": "yes",
            "interviewed_before": "no",
            "key_initials": initials,
            "birth_year": 1995,
            "sex": "M",
            "nationality": nationality,
            "departure_country": nationality,
            "intended_destination": "ITA",
            "reasons": "conflict" if nationality == "SDN" else "economic",
            "journey_cost_usd": 900 if nationality == "SDN" else 4000,
            "incidents": "extortion" if nationality == "SDN" else "none",
            "extortion_where": "Kufra",
            "extortion_by": "smugglers",
            "needs": "health",
            "intention": "continue",
        },
    }


class TwoCountries:
    def __init__(self, world):
        self.sfax = Site.objects.create(name="Sfax port", kind=Site.Kind.LANDING_POINT, country="TUN")
        self.zuwara = Site.objects.create(name="Zuwara beach", kind=Site.Kind.LANDING_POINT, country="LBY")
        for site in (self.sfax, self.zuwara):
            site.organisations.set([world.alpha])
        self.sfax_gate = services.point_create(
            actor=world.alice,
            name="Sfax gate",
            kind="landing_point",
            country="TUN",
            directions=["incoming"],
            site=self.sfax,
        )
        self.zuwara_gate = services.point_create(
            actor=world.alice,
            name="Zuwara gate",
            kind="landing_point",
            country="LBY",
            directions=["incoming"],
            site=self.zuwara,
        )
        sudanese = [
            arrive(world.alice, self.sfax, sex="M", age=30, nationality="SDN", departure="TUN")
            for _ in range(3)
        ]
        for _ in range(2):
            arrive(world.alice, self.zuwara, sex="F", age=25, nationality="ERI", departure="LBY")
        for point, nationality, seen in ((self.sfax_gate, "SDN", 10), (self.zuwara_gate, "ERI", 4)):
            services.observation_record(
                actor=world.alice,
                point=point,
                data=services.ObservationInput(
                    date=timezone.localdate(),
                    direction="incoming",
                    movement="migration",
                    nationality=nationality,
                    counts={"m_18_59": seen},
                ),
            )
        survey_import(
            actor=world.alice,
            payload=[
                interview("uuid:s1", "Sfax gate", "AB", "SDN"),
                interview("uuid:s2", "Sfax gate", "CD", "SDN"),
                interview("uuid:z1", "Zuwara gate", "EF", "ERI"),
            ],
        )
        MovementFlag.objects.create(
            organisation=world.alpha,
            person=sudanese[0],
            kind=MovementFlag.Kind.SECONDARY,
            first_at=timezone.now() - datetime.timedelta(days=20),
            last_at=timezone.now(),
            countries=["TUN", "ITA"],
        )
        self.tunisia_route = services.route_create(actor=world.adam, name="Tunisia", sites=[self.sfax])
        self.libya_route = services.route_create(actor=world.adam, name="Libya", sites=[self.zuwara])
        snapshot_take()

    def keys(self, kind: str) -> tuple[str, str]:
        return {
            "route": (f"route:{self.tunisia_route.uuid}", f"route:{self.libya_route.uuid}"),
            "site": (f"site:{self.sfax.uuid}", f"site:{self.zuwara.uuid}"),
            "country": ("country:TUN", "country:LBY"),
            "nationality": ("nationality:SDN", "nationality:ERI"),
        }[kind]


KINDS = ["route", "site", "country", "nationality"]


@pytest.fixture
def places(world):
    return TwoCountries(world)


def test_every_kind_of_scope_the_page_offers_is_tested_here(world, places):
    offered = {key.split(":")[0] for key, _label in selectors.scope_choices(user=world.adam)}
    assert offered == set(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_each_side_shows_its_own_arrivals_registry_survey_and_movements(client, world, places, kind):
    a, b = places.keys(kind)
    today = timezone.localdate()
    client.force_login(world.adam)
    page = client.get(
        reverse("flows:compare"),
        {
            "a": a,
            "b": b,
            "start": (today - datetime.timedelta(days=60)).isoformat(),
            "end": today.isoformat(),
        },
    )
    tunisia, libya = page.context["result"].sides
    assert (tunisia["arrived"], libya["arrived"]) == (3, 2)
    assert (tunisia["registry"]["seen"], libya["registry"]["seen"]) == (10, 4)
    assert (tunisia["survey"]["interviews"], libya["survey"]["interviews"]) == (2, 1)
    assert (tunisia["survey"]["median_cost"], libya["survey"]["median_cost"]) == (900, 4000)
    assert (
        dict(tunisia["survey"]["incidents"]) == {"extortion": 2} and dict(libya["survey"]["incidents"]) == {}
    )
    incidents = next(c for c in page.context["result"].charts if c.slug == "incidents")
    assert incidents.rows[3] == ["Extortion", 2, 100.0, 0, 0.0]
    # The movement flag belongs to a Sudanese met at Sfax: Tunisia's side only.
    [(_month, counts)] = page.context["movements"]
    assert counts == [1, 0, 0, 0]
    content = page.content.decode()
    assert "2 survey interviews at its points" in content and "1 survey interview at its points" in content

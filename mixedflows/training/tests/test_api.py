"""The training API: Tina's script reads the events and their participants; Tom's token reads none of them."""

import pytest

from mixedflows.integrations.services import token_create
from mixedflows.training.tests.cross_agency import objects


@pytest.fixture
def alpha(world, register):
    return objects(world, register)


def _headers(user, scopes=("training:read",)):
    secret = token_create(actor=user, name="test", scopes=list(scopes), expires_days=1).secret
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_trainer_reads_the_events_and_the_participants_with_attendance(client, world, alpha):
    headers = _headers(world.tina)
    events = client.get("/api/v1/training/events", **headers).json()["results"]
    assert [e["id"] for e in events] == [str(alpha["event"].uuid)]
    assert events[0]["course"]["topic"] == "counter_trafficking" and events[0]["participants"] == 3
    event = client.get(f"/api/v1/training/events/{alpha['event'].uuid}", **headers).json()
    assert event["trainers"] == [] and event["format"] == "in_person"
    page = client.get(
        f"/api/v1/training/events/{alpha['event'].uuid}/participants", {"limit": 2}, **headers
    ).json()
    rest = client.get(
        f"/api/v1/training/events/{alpha['event'].uuid}/participants", {"cursor": page["next"]}, **headers
    ).json()
    participants = page["results"] + rest["results"]
    assert sorted(p["name"] for p in participants) == ["Official 01", "Official 02", "Official 03"]
    assert {p["days_present"] for p in participants} == {2}
    assert participants[0]["institution"] == {
        "name": "Ministry of Interior",
        "type": "ministry",
        "country": "TUN",
    }


def test_another_agency_lists_none_and_a_user_without_training_gets_403(client, world, alpha):
    listed = client.get("/api/v1/training/events", **_headers(world.tom))
    assert listed.status_code == 200 and listed.json()["results"] == []
    assert client.get("/api/v1/training/events", **_headers(world.alice)).status_code == 403
    other_scope = client.get("/api/v1/training/events", **_headers(world.tina, ("people:read",)))
    assert other_scope.status_code == 403 and other_scope.json()["code"] == "scope_missing"

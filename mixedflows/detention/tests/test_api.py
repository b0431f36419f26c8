"""The detention API: what a monitor reads and moves over JSON, and what it refuses."""

import json

import pytest
from django.utils import timezone

from mixedflows.detention.models import Recommendation, RecommendationStep
from mixedflows.detention.tests.cross_agency import objects
from mixedflows.integrations.services import token_create


@pytest.fixture
def alpha(world, register):
    return objects(world, register)


def _headers(user, scopes=("detention:write",)):
    secret = token_create(actor=user, name="test", scopes=list(scopes), expires_days=1).secret
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_monitor_reads_the_facility_its_visits_and_what_a_visit_found(client, world, alpha):
    headers = _headers(world.dina, ("detention:read",))
    facilities = client.get("/api/v1/detention/facilities", **headers).json()["results"]
    assert [f["id"] for f in facilities] == [str(alpha["facility"].uuid)]
    assert facilities[0]["name"] == "Harbour Holding Centre" and facilities[0]["agency"] == "ALP"
    visits = client.get(f"/api/v1/detention/facilities/{alpha['facility'].uuid}/visits", **headers).json()
    assert [v["id"] for v in visits["results"]] == [str(alpha["later"].uuid), str(alpha["visit"].uuid)]
    visit = client.get(f"/api/v1/detention/visits/{alpha['visit'].uuid}", **headers).json()
    assert [f["text"] for f in visit["findings"]] == ["Families in one cell"]
    assert [r["text"] for r in visit["recommendations"]] == ["Move families to a separate room"]
    people = client.get(f"/api/v1/detention/visits/{alpha['later'].uuid}/people", **headers).json()
    assert [p["reasons"] for p in people] == [["unaccompanied_child"]]
    assert people[0]["registration_number"] == alpha["met"].person.registration_number


def test_a_recommendation_moves_only_with_its_reason_and_the_history_shows_the_step(client, world, alpha):
    headers = _headers(world.dina)
    url = f"/api/v1/detention/recommendations/{alpha['recommendation'].uuid}/status"
    body = {"to_status": "accepted", "visit": str(alpha["later"].uuid)}
    steps = RecommendationStep.objects.count()
    refused = client.post(
        url, data=json.dumps({**body, "reason": " "}), content_type="application/json", **headers
    )
    assert refused.status_code == 422 and "reason" in refused.content.decode()
    assert RecommendationStep.objects.count() == steps  # nothing written
    moved = client.post(
        url,
        data=json.dumps({**body, "reason": "The director agreed at the visit"}),
        content_type="application/json",
        **headers,
    )
    assert moved.status_code == 200, moved.content
    assert moved.json()["status"] == "accepted"
    assert [(s["to_status"], s["reason"]) for s in moved.json()["steps"]][-1] == (
        "accepted",
        "The director agreed at the visit",
    )
    assert Recommendation.objects.get().status == "accepted"


def test_a_read_token_cannot_move_a_recommendation_and_a_non_monitor_reads_nothing(client, world, alpha):
    url = f"/api/v1/detention/recommendations/{alpha['recommendation'].uuid}/status"
    body = {"to_status": "accepted", "reason": "Agreed", "letter_on": timezone.localdate().isoformat()}
    read_only = client.post(
        url,
        data=json.dumps(body),
        content_type="application/json",
        **_headers(world.dina, ("detention:read",)),
    )
    assert read_only.status_code == 403 and read_only.json()["code"] == "scope_missing"
    # Alice is a protection officer of the same agency: no detention permission, so no detention data.
    facilities = client.get("/api/v1/detention/facilities", **_headers(world.alice, ("detention:read",)))
    assert facilities.status_code == 403

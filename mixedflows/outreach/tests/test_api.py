"""The outreach API: campaigns with their reach, and a centre's counts only as published."""

import datetime

import pytest
from django.utils import timezone

from mixedflows.integrations.services import token_create
from mixedflows.outreach.services.campaigns import ReachInput, reach_record
from mixedflows.outreach.tests.conftest import make_campaign, make_session

pytestmark = pytest.mark.django_db


def _headers(user, scopes=("outreach:read",)):
    secret = token_create(actor=user, name="test", scopes=list(scopes), expires_days=1).secret
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_a_campaign_and_its_reach_with_sources(client, outreach):
    campaign = make_campaign(outreach.olga)
    start = timezone.localdate() - datetime.timedelta(days=60)
    reach_record(
        actor=outreach.olga,
        campaign=campaign,
        data=ReachInput(
            period_start=start,
            period_end=start + datetime.timedelta(days=29),
            listeners=41000,
            listeners_source="Audience estimate",
        ),
    )
    headers = _headers(outreach.olga)
    listed = client.get("/api/v1/outreach/campaigns", **headers).json()["results"]
    assert [c["id"] for c in listed] == [str(campaign.uuid)]
    detail = client.get(f"/api/v1/outreach/campaigns/{campaign.uuid}", **headers).json()
    assert detail["languages"] == ["amh", "orm"]
    assert [(r["listeners"], r["listeners_source"]) for r in detail["reach"]] == [
        (41000, "Audience estimate")
    ]


def test_the_counts_leave_only_as_published(client, outreach):
    for _ in range(6):
        make_session(outreach.olga, outreach.hope, sex="M", topics=["irregular_risks"])
    make_session(outreach.olga, outreach.hope, sex="F", topics=["return"])
    answer = client.get(f"/api/v1/outreach/centres/{outreach.hope.uuid}/counts", **_headers(outreach.olga))
    assert answer.status_code == 200
    tables = {t["key"]: t for t in answer.json()["tables"]}
    topic_sex = tables["topic_sex"]
    cell = dict(zip(topic_sex["rows"], topic_sex["cells"], strict=True))
    female = topic_sex["cols"].index("F")
    male = topic_sex["cols"].index("M")
    assert cell["return"][female] is None  # one woman: suppressed
    assert cell["irregular_risks"][male] == 6


def test_a_token_without_the_scope_is_refused(client, outreach):
    answer = client.get("/api/v1/outreach/campaigns", **_headers(outreach.olga, ("people:read",)))
    assert answer.status_code == 403 and answer.json()["code"] == "scope_missing"

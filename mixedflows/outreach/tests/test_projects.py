"""Campaigns and counselling sessions tagged with a project (issue 13, item 1): the project's indicators count the
tagged sessions and the reach the tagged campaigns report, never a figure typed in; another agency's project is
refused and nothing is written."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mixedflows.cooperation.tests.conftest import add_coordinators, make_project
from mixedflows.core import project_selectors
from mixedflows.core.models import AuditEvent
from mixedflows.core.services.projects import indicator_add, project_create
from mixedflows.outreach.models import Campaign, CounsellingSession
from mixedflows.outreach.services.campaigns import ReachInput, reach_record
from mixedflows.outreach.tests.conftest import make_campaign, make_session

TODAY = timezone.localdate()


@pytest.fixture
def setup(outreach):
    world = add_coordinators(outreach)
    world.project = make_project(world, starts_on=TODAY - datetime.timedelta(days=200))
    world.other = make_project(world, code="OTH", title="Another project of Alpha")
    world.beta_project = project_create(
        actor=world.cole, code="BETA", title="Beta's project", starts_on=TODAY, ends_on=TODAY
    )
    return world


def _indicator(world, counter, disaggregations, code="5.1"):
    return indicator_add(
        actor=world.cora,
        project=world.project,
        code=code,
        wording=counter,
        unit="people",
        counter=counter,
        disaggregations=disaggregations,
    )


def _value(world, indicator, user=None):
    return project_selectors.indicator_value(
        user=user or world.olga, indicator=indicator, start=world.project.starts_on, end=TODAY
    )


def test_sessions_are_counted_by_sex_age_band_nationality_and_topic_from_tagged_sessions_only(setup):
    p = setup.project
    make_session(setup.olga, setup.hope, project=p, sex="F", age_band="18_24", topics=["rights", "documents"])
    make_session(setup.olga, setup.hope, project=p, sex="F", age_band="25_34", nationality="ERI")
    make_session(setup.olga, setup.hope, project=p, sex="M", age_band="18_24")
    make_session(setup.olga, setup.hope)  # untagged
    make_session(setup.olga, setup.hope, project=setup.other, sex="F")  # another project
    make_session(setup.omar, setup.harbour_mrc)  # another agency

    sessions = _value(
        setup, _indicator(setup, "outreach.sessions", ["sex", "outreach_age_band", "nationality"])
    )
    assert sessions.breakdown.total == 3
    assert dict(sessions.breakdown.by["sex"]) == {"Female": 2, "Male": 1}
    assert dict(sessions.breakdown.by["outreach_age_band"]) == {"18-24": 2, "25-34": 1}
    assert dict(sessions.breakdown.by["nationality"]) == {"ETH": 2, "ERI": 1}

    topics = _value(setup, _indicator(setup, "outreach.topics", ["outreach_topic"], code="5.2"))
    assert dict(topics.breakdown.by["outreach_topic"]) == {
        "Risks of irregular migration": 2,
        "Rights": 1,
        "Documents": 1,
    }


def test_campaign_reach_counts_the_participants_reported_by_tagged_campaigns(setup):
    tagged = make_campaign(setup.olga, project=setup.project)
    untagged = make_campaign(setup.olga, title="Untagged")
    month = TODAY.replace(day=1) - datetime.timedelta(days=1)  # the last day of last month
    for campaign in (tagged, untagged):
        reach_record(
            actor=setup.olga,
            campaign=campaign,
            data=ReachInput(
                period_start=month.replace(day=1),
                period_end=month,
                listeners=40000,
                listeners_source="Station estimate",
                participants={"F_18_24": 12, "M_18_24": 20, "M_25_34": 5},
                participants_source="Attendance sheets",
            ),
        )
    reach = _value(setup, _indicator(setup, "outreach.reach", ["sex", "outreach_age_band"]))
    assert reach.breakdown.total == 37
    assert dict(reach.breakdown.by["sex"]) == {"Male": 25, "Female": 12}
    assert reach.breakdown.cross[("Male", "18-24")] == 20
    listeners = _value(setup, _indicator(setup, "outreach.listeners", ["channel"], code="5.3"))
    assert listeners.breakdown.total == 40000 and dict(listeners.breakdown.by["channel"]) == {"Radio": 40000}
    # Beta's outreach officer, were Beta a partner, would count none of Alpha's records.
    setup.project.partner_organisations.add(setup.beta)
    assert _value(setup, reach.indicator, user=setup.omar).breakdown.total == 0


def test_another_agencys_project_is_refused_and_nothing_is_written(setup):
    with pytest.raises(ValidationError) as refused:
        make_session(setup.olga, setup.hope, project=setup.beta_project)
    assert refused.value.message_dict == {"project": ["Your agency is not part of this project."]}
    with pytest.raises(ValidationError) as refused:
        make_campaign(setup.olga, project=setup.beta_project)
    assert refused.value.message_dict == {"project": ["Your agency is not part of this project."]}
    assert not CounsellingSession.objects.exists() and not Campaign.objects.exists()
    assert not AuditEvent.objects.filter(object_type__startswith="outreach_").exists()


def test_a_partner_agency_tags_its_session_with_the_project(setup):
    from mixedflows.core.models import Membership, Site, User
    from mixedflows.core.roles import Role

    # Gamma is a partner of PSA; its outreach officer records a session at a Gamma centre.
    centre = Site.objects.create(name="Gamma centre", kind=Site.Kind.MIGRANT_RESOURCE_CENTRE, country="ETH")
    centre.organisations.set([setup.gamma])
    gina = User.objects.create_user("gina", password="a-long-test-password")
    Membership.objects.create(user=gina, organisation=setup.gamma, role=Role.OUTREACH_OFFICER)
    gina = User.objects.get(pk=gina.pk)
    session = make_session(gina, centre, project=setup.project)
    assert session.project == setup.project


def test_the_centre_grid_and_the_campaign_form_tag_with_a_project(client, setup):
    client.force_login(setup.olga)
    page = client.get(reverse("outreach:centre", args=[setup.hope.uuid])).content.decode()
    assert "PSA Protection at sea arrivals" in page and "Beta&#x27;s project" not in page
    row = {
        "held_on": TODAY.isoformat(),
        "sex": "F",
        "age_band": "18_24",
        "decision": "undecided",
        "topics": ["rights"],
    }
    url = reverse("outreach:session_add", args=[setup.hope.uuid])
    response = client.post(
        url, {**row, "project": str(setup.beta_project.uuid)}, headers={"HX-Request": "true"}
    )
    assert (
        response.status_code == 422
        and "Your agency is not part of this project." in response.content.decode()
    )
    assert not CounsellingSession.objects.exists()
    response = client.post(url, {**row, "project": str(setup.project.uuid)}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    session = CounsellingSession.objects.get()
    assert session.project == setup.project
    # the next row keeps the project, as it keeps the date
    assert f'<option value="{setup.project.uuid}" selected>' in response.content.decode()
    page = client.get(reverse("outreach:session", args=[session.uuid])).content.decode()
    assert "PSA Protection at sea arrivals" in page

    campaign = {
        "title": "Radio",
        "channel": "radio",
        "audiences": ["returnees"],
        "starts_on": TODAY.isoformat(),
        "project": str(setup.beta_project.uuid),
    }
    response = client.post(reverse("outreach:campaign_new"), campaign)
    assert "Your agency is not part of this project." in response.content.decode()
    assert not Campaign.objects.exists()
    response = client.post(reverse("outreach:campaign_new"), {**campaign, "project": str(setup.project.uuid)})
    saved = Campaign.objects.get()
    assert response.status_code == 302 and saved.project == setup.project
    page = client.get(reverse("outreach:campaign", args=[saved.uuid])).content.decode()
    assert "PSA Protection at sea arrivals" in page


def test_sessions_logged_before_the_project_are_tagged_by_period_from_the_centre(client, setup):
    days = [TODAY - datetime.timedelta(days=n) for n in (40, 20, 10, 2)]
    early, inside, moved, late = (make_session(setup.olga, setup.hope, held_on=day) for day in days)
    moved.project = setup.other
    moved.save(update_fields=["project"])
    sessions = _indicator(setup, "outreach.sessions", [])
    assert _value(setup, sessions).breakdown.total == 0

    client.force_login(setup.olga)
    page = client.get(reverse("outreach:centre", args=[setup.hope.uuid])).content.decode()
    assert "Tag earlier sessions with a project" in page
    url = reverse("outreach:sessions_tag", args=[setup.hope.uuid])
    period = {"start": days[1].isoformat(), "end": days[2].isoformat()}
    audits = AuditEvent.objects.count()

    reversed_period = client.post(
        url, {"project": str(setup.project.uuid), "start": period["end"], "end": period["start"]}
    )
    assert (
        reversed_period.status_code == 422
        and "The period ends before it starts." in reversed_period.content.decode()
    )
    beta = client.post(url, {"project": str(setup.beta_project.uuid), **period})
    assert beta.status_code == 422 and "Your agency is not part of this project." in beta.content.decode()
    assert AuditEvent.objects.count() == audits
    assert not CounsellingSession.objects.filter(project=setup.project).exists()

    done = client.post(url, {"project": str(setup.project.uuid), **period}, follow=True)
    assert "1 session tagged with PSA Protection at sea arrivals." in done.content.decode()
    for session in (early, inside, moved, late):
        session.refresh_from_db()
    # only the untagged session of the period: the one counted for another project keeps it
    assert (early.project, inside.project, moved.project, late.project) == (
        None,
        setup.project,
        setup.other,
        None,
    )
    assert _value(setup, sessions).breakdown.total == 1
    event = AuditEvent.objects.get(object_type="outreach_centre")
    assert event.fields == ["project"] and event.detail["sessions"] == 1

    # Beta's officer cannot tag Alpha's centre: a 404, nothing written.
    client.force_login(setup.omar)
    assert client.post(url, {"project": str(setup.beta_project.uuid), **period}).status_code == 404


def test_the_api_gives_each_campaign_its_project(client, setup):
    from mixedflows.integrations.services import token_create

    tagged = make_campaign(setup.olga, project=setup.project)
    make_campaign(setup.olga, title="Untagged")
    secret = token_create(actor=setup.olga, name="t", scopes=["outreach:read"], expires_days=1).secret
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    listed = client.get("/api/v1/outreach/campaigns", **headers).json()["results"]
    projects = {c["title"]: c["project"] for c in listed}
    assert projects["Untagged"] is None
    assert projects[tagged.title] == {
        "id": str(setup.project.uuid),
        "code": "PSA",
        "title": "Protection at sea arrivals",
    }
    one = client.get(f"/api/v1/outreach/campaigns/{tagged.uuid}", **headers).json()
    assert one["project"]["code"] == "PSA"

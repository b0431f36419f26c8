"""Outreach at Alpha Agency: Olga the outreach officer counsels at Hope resource centre; at Beta Agency, Omar
counsels at Harbour resource centre. Adam (Alpha's supervisor) sees the sessions but not follow-up names."""

import datetime

import pytest
from django.utils import timezone


def add_outreach(world):
    from mixedflows.core.models import Membership, Site, User
    from mixedflows.core.roles import Role

    def user(username, org):
        u = User.objects.create_user(username, password="a-long-test-password", first_name=username.title())
        Membership.objects.create(user=u, organisation=org, role=Role.OUTREACH_OFFICER)
        return User.objects.get(pk=u.pk)

    world.olga = user("olga", world.alpha)
    world.omar = user("omar", world.beta)
    world.counterpart.update({"olga": world.omar})
    world.hope = Site.objects.create(
        name="Hope resource centre", kind=Site.Kind.MIGRANT_RESOURCE_CENTRE, country="ETH"
    )
    world.hope.organisations.set([world.alpha])
    world.harbour_mrc = Site.objects.create(
        name="Harbour resource centre", kind=Site.Kind.MIGRANT_RESOURCE_CENTRE, country="ETH"
    )
    world.harbour_mrc.organisations.set([world.beta])
    return world


@pytest.fixture
def outreach(world):
    return add_outreach(world)


def make_campaign(actor, **values):
    from mixedflows.outreach.services.campaigns import CampaignInput, campaign_save

    data = {
        "title": "Think twice before the desert",
        "channel": "radio",
        "starts_on": timezone.localdate() - datetime.timedelta(days=120),
        "ends_on": None,
        "audiences": ["prospective_migrants"],
        "languages": ["amh", "orm"],
        "areas": ["Hadiya", "Kembata"],
        "partners": ["Radio Fana"],
        **values,
    }
    return campaign_save(actor=actor, data=CampaignInput(**data))


def make_session(actor, site, **values):
    from mixedflows.outreach.services.sessions import SessionInput, session_record

    data = {
        "held_on": timezone.localdate(),
        "sex": "M",
        "age_band": "18_24",
        "decision": "leave_irregularly",
        "topics": ["irregular_risks"],
        "nationality": "ETH",
        **values,
    }
    return session_record(actor=actor, site=site, data=SessionInput(**data))

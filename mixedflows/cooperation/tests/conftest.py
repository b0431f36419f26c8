"""Coordination at Alpha Agency: Cora the coordination officer; at Beta Agency, Cole; at Gamma Relief (an NGO), Gus.

The Mixed Migration Task Force is convened by Alpha with Gamma and Italy as members; Beta is not a member.
"""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="minutes.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def add_coordinators(world):
    from mixedflows.core.models import Membership, Organisation, User
    from mixedflows.core.roles import Role

    def user(username, org, role):
        u = User.objects.create_user(username, password="a-long-test-password", first_name=username.title())
        Membership.objects.create(user=u, organisation=org, role=role)
        return User.objects.get(pk=u.pk)

    world.gamma = Organisation.objects.create(name="Gamma Relief", short_name="GRL", kind="ngo")
    world.cora = user("cora", world.alpha, Role.COORDINATION_OFFICER)
    world.cole = user("cole", world.beta, Role.COORDINATION_OFFICER)
    world.gus = user("gus", world.gamma, Role.COORDINATION_OFFICER)
    world.counterpart.update({"cora": world.cole})
    return world


def make_project(world, **values):
    from mixedflows.core.services.projects import project_create

    return project_create(
        actor=world.cora,
        **{
            "code": "PSA",
            "title": "Protection at sea arrivals",
            "starts_on": datetime.date(2026, 1, 1),
            "ends_on": datetime.date(2027, 12, 31),
            "donors": ["European Union"],
            "partner_organisations": [world.gamma],
            "countries": ["ITA"],
            "budget": Decimal("250000"),
            "currency": "EUR",
            **values,
        },
    )


def make_forum(world, **values):
    from mixedflows.cooperation.services.forums import forum_create

    return forum_create(
        actor=world.cora,
        **{
            "name": "Mixed Migration Task Force",
            "kind": "task_force",
            "countries": ["ITA"],
            "member_agencies": [world.gamma],
            "member_states": ["ITA"],
            **values,
        },
    )


def make_meeting(world, forum, *, days_ago=10, **values):
    from mixedflows.cooperation.services.forums import meeting_record

    return meeting_record(
        actor=world.cora,
        forum=forum,
        **{
            "held_on": timezone.localdate() - datetime.timedelta(days=days_ago),
            "place": "Prefecture, Agrigento",
            "agenda": "1. Arrivals since the last meeting\n2. Reception capacity",
            "participants": [world.alpha, world.gamma],
            **values,
        },
    )


def make_sop(world, **values):
    from mixedflows.cooperation.services.sops import sop_create

    today = timezone.localdate()
    return sop_create(
        actor=world.cora,
        **{
            "title": "Joint procedure for presumed victims of trafficking",
            "scope": "Identification and assistance of presumed victims among sea arrivals",
            "parties": [world.alpha, world.gamma],
            "version": "2",
            "signed_on": today - datetime.timedelta(days=60),
            "valid_from": today - datetime.timedelta(days=60),
            **values,
        },
    )


@pytest.fixture
def coord(world):
    return add_coordinators(world)


@pytest.fixture
def forum(coord):
    return make_forum(coord)

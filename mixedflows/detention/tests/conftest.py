"""Detention monitoring at Alpha Agency: Dina the detention monitor; at Beta Agency, Dan.

Harbour Holding Centre is a detention facility where both agencies work; Alpha monitors it.
"""

import datetime

import pytest
from django.utils import timezone


def add_monitors(world):
    from mixedflows.core.models import Membership, Site, User
    from mixedflows.core.roles import Role

    def user(username, org, role):
        u = User.objects.create_user(username, password="a-long-test-password", first_name=username.title())
        Membership.objects.create(user=u, organisation=org, role=role)
        return User.objects.get(pk=u.pk)

    world.dina = user("dina", world.alpha, Role.DETENTION_MONITOR)
    world.dan = user("dan", world.beta, Role.DETENTION_MONITOR)
    world.counterpart.update({"dina": world.dan})
    world.harbour = Site.objects.create(
        name="Harbour Holding Centre", kind=Site.Kind.DETENTION_FACILITY, country="LBY"
    )
    world.harbour.organisations.set([world.alpha, world.beta])
    return world


def make_facility(world, **values):
    from mixedflows.detention.services.facilities import facility_save

    return facility_save(
        actor=world.dina,
        site=world.harbour,
        **{
            "authority": "Directorate for Combating Illegal Migration",
            "kind": "closed_centre",
            "capacity": 120,
            "visit_terms": "unannounced",
            "private_interviews": True,
            **values,
        },
    )


def make_visit(world, facility, *, days_ago=0, **values):
    from mixedflows.detention.services.visits import visit_record

    start = timezone.now().replace(microsecond=0) - datetime.timedelta(days=days_ago, hours=4)
    return visit_record(
        actor=world.dina,
        facility=facility,
        **{
            "started_at": start,
            "ended_at": start + datetime.timedelta(hours=3),
            "announced": False,
            "access": "granted",
            "team": [world.dina],
            "reported_total": 150,
            "observed_total": 160,
            "headcounts": {"observed": {"men": 120, "women": 20, "boys": 12, "girls": 8}},
            "children_with_families": "some",
            **values,
        },
    )


@pytest.fixture
def monitors(world):
    return add_monitors(world)


@pytest.fixture
def facility(monitors):
    return make_facility(monitors)

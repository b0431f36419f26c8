"""Small hand-counted fixtures shared by the flows tests."""

import datetime

from django.utils import timezone

from mixedflows.core.models import Membership, Site, User
from mixedflows.core.roles import Role
from mixedflows.people.services import EncounterContext, PersonInput, encounter_add, person_register
from mixedflows.screening.models import Instrument, Screening


def imo(world, username="ines", org=None):
    """Ines is Alpha's information management officer (Iris at Beta)."""
    user = User.objects.create_user(username, password="a-long-test-password")
    Membership.objects.create(
        user=user, organisation=org or world.alpha, role=Role.INFORMATION_MANAGEMENT_OFFICER
    )
    return User.objects.get(pk=user.pk)


def screen(person, categories, *, user):
    instrument, _ = Instrument.objects.get_or_create(
        code="test", version="1", defaults={"title": "Test", "definition": {}, "sha256": "0" * 64}
    )
    return Screening.objects.create(
        organisation=person.organisation,
        person=person,
        instrument=instrument,
        status=Screening.Status.COMPLETED,
        categories=categories,
        performed_by=user,
        completed_at=timezone.now(),
    )


def arrive(user, site, *, sex, age, nationality, departure="LBY", categories=None):
    context = EncounterContext(
        site=site, occurred_at=timezone.now(), kind="sea_rescue", departure_country=departure
    )
    person = person_register(
        actor=user,
        data=PersonInput(given_name="Test", sex=sex, age=age, nationality=nationality),
        context=context,
    )
    if categories is not None:
        screen(person, categories, user=user)
    return person


def small_world(world):
    """Alpha: four arrivals from Libya at the Quay and one from Tunisia; Beta: one at the Quay (never counted)."""
    arrive(
        world.alice,
        world.quay,
        sex="F",
        age=16,
        nationality="ERI",
        categories=["unaccompanied_child", "presumed_vot", "smuggled_migrant"],
    )
    twice = arrive(
        world.alice,
        world.quay,
        sex="M",
        age=30,
        nationality="ERI",
        categories=["asylum_seeker", "smuggled_migrant"],
    )
    arrive(world.alice, world.quay, sex="F", age=25, nationality="SDN", categories=["asylum_seeker"])
    arrive(world.alice, world.quay, sex="M", age=40, nationality="SDN")
    arrive(world.alice, world.quay, sex="M", age=3, nationality="TUN", departure="TUN", categories=[])
    arrive(world.bob, world.quay, sex="F", age=20, nationality="ERI", categories=["asylum_seeker"])
    # Met again at the Quay a week later: still one person arrived.
    encounter_add(
        actor=world.alice,
        person=twice,
        context=EncounterContext(
            site=world.quay,
            occurred_at=timezone.now() - datetime.timedelta(days=7),
            kind="other",
            departure_country="LBY",
        ),
    )


def pier(world) -> Site:
    site = Site.objects.create(name="Pier", kind=Site.Kind.LANDING_POINT, country="MLT")
    site.organisations.set([world.alpha])
    return site

"""An agency administrator sets up organisations, sites and users; a site may host several agencies."""

import pytest
from django.urls import reverse
from django.utils import timezone

from mixedflows.core.models import Membership, Organisation, Site, User
from mixedflows.core.roles import ROLE_PERMISSIONS, Perm, Role
from mixedflows.people.models import Person
from mixedflows.people.services import EncounterContext, PersonInput, person_register


@pytest.fixture
def platform_admin(db):
    return User.objects.create_superuser("root", "", "a-long-test-password")


def test_a_platform_administrator_creates_organisations_of_the_five_kinds(client, platform_admin):
    assert len(Organisation.Kind.values) == 5
    client.force_login(platform_admin)
    for i, kind in enumerate(Organisation.Kind.values):
        response = client.post(
            reverse("core:organisations"),
            {"name": f"Agency {i}", "short_name": f"ag{i}", "kind": kind, "mandate": "", "country": "ITA"},
        )
        assert response.status_code == 302, response.content.decode()[:500]
    assert sorted(Organisation.objects.values_list("kind", flat=True)) == sorted(Organisation.Kind.values)
    assert Organisation.objects.get(name="Agency 0").short_name == "AG0"


def test_an_agency_administrator_cannot_create_organisations(client, world):
    client.force_login(world.ada)
    response = client.post(
        reverse("core:organisations"), {"name": "Rogue", "short_name": "RG", "kind": "ngo"}
    )
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="Rogue").exists()


def test_an_agency_administrator_creates_a_site_shared_with_another_agency(client, world):
    client.force_login(world.ada)
    response = client.post(
        reverse("core:site_new"),
        {
            "name": "Harbour transit centre",
            "kind": "transit_centre",
            "country": "Italy",
            "admin_area": "Sicilia",
            "latitude": "37.50100",
            "longitude": "15.08700",
            "other_organisations": [world.beta.pk],
        },
    )
    assert response.status_code == 302
    site = Site.objects.get(name="Harbour transit centre")
    assert (site.kind, site.country, site.admin_area) == ("transit_centre", "ITA", "Sicilia")
    assert float(site.latitude) == pytest.approx(37.501) and float(site.longitude) == pytest.approx(15.087)
    assert set(site.organisations.all()) == {world.alpha, world.beta}
    # Both agencies register at the site; each sees only its own person.
    now = timezone.now()
    a = person_register(
        actor=world.alice,
        data=PersonInput(given_name="Amina"),
        context=EncounterContext(site=site, occurred_at=now, kind="other"),
    )
    b = person_register(
        actor=world.bob,
        data=PersonInput(given_name="Amina"),
        context=EncounterContext(site=site, occurred_at=now, kind="other"),
    )
    assert list(Person.objects.visible_to(world.alice)) == [a]
    assert list(Person.objects.visible_to(world.bob)) == [b]


def test_every_site_kind_and_a_bad_country_code(client, world):
    assert len(Site.Kind.values) == 8
    client.force_login(world.ada)
    response = client.post(
        reverse("core:site_new"), {"name": "Nowhere", "kind": "shelter", "country": "Atlantis"}
    )
    assert response.status_code == 200
    assert "Unknown country code" in response.content.decode()
    assert not Site.objects.filter(name="Nowhere").exists()


def test_an_agency_joins_an_existing_site(client, world):
    client.force_login(world.ada)
    assert "We work here" in client.get(reverse("core:sites")).content.decode()
    client.post(reverse("core:site_join", args=[world.north.uuid]))
    assert world.alpha in world.north.organisations.all()


def test_an_officer_cannot_create_sites_or_users(client, world):
    client.force_login(world.alice)
    assert client.get(reverse("core:site_new")).status_code == 403
    assert client.post(reverse("core:users"), {"username": "x"}).status_code == 403


def test_an_administrator_adds_a_user_with_roles_limited_to_a_site(client, world):
    client.force_login(world.ada)
    response = client.post(
        reverse("core:users"),
        {
            "username": "amal",
            "password": "quay-night-shift-2026",
            "roles": [Role.REGISTRATION_OFFICER],
            "sites": [world.quay.pk],
        },
    )
    assert response.status_code == 302
    amal = User.objects.get(username="amal")
    membership = Membership.objects.get(user=amal)
    assert (membership.organisation, membership.role) == (world.alpha, Role.REGISTRATION_OFFICER)
    assert list(membership.sites.all()) == [world.quay]
    assert amal.can(Perm.REGISTER_PEOPLE) and not amal.can(Perm.VIEW_AUDIT)
    assert amal.site_ids == frozenset({world.quay.pk})
    assert "amal" in client.get(reverse("core:users")).content.decode()


def test_a_user_limited_to_one_site_cannot_register_at_another(world):
    other = Site.objects.create(name="Second quay", kind="landing_point", country="ITA")
    other.organisations.set([world.alpha])
    membership = Membership.objects.get(user=world.alice, role=Role.REGISTRATION_OFFICER)
    membership.sites.set([world.quay])
    Membership.objects.get(user=world.alice, role=Role.PROTECTION_OFFICER).sites.set([world.quay])
    alice = User.objects.get(pk=world.alice.pk)
    with pytest.raises(Exception, match="does not work at Second quay"):
        person_register(
            actor=alice,
            data=PersonInput(given_name="X"),
            context=EncounterContext(site=other, occurred_at=timezone.now(), kind="other"),
        )


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short1", "too short"),
        ("password123", "too common"),
        ("8472639150284", "entirely numeric"),
    ],
)
def test_weak_passwords_are_refused(client, world, password, reason):
    client.force_login(world.ada)
    response = client.post(
        reverse("core:users"), {"username": "weak", "password": password, "roles": [Role.CASEWORKER]}
    )
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not User.objects.filter(username="weak").exists()


def test_an_administrator_cannot_give_a_site_of_another_agency(client, world):
    client.force_login(world.ada)
    response = client.post(
        reverse("core:users"),
        {
            "username": "nadia",
            "password": "quay-night-shift-2026",
            "roles": [Role.CASEWORKER],
            "sites": [world.north.pk],
        },
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="nadia").exists()


def test_users_list_shows_only_the_own_agency(client, world):
    client.force_login(world.ada)
    page = client.get(reverse("core:users")).content.decode()
    assert "alice" in page and "bob" not in page and "beth" not in page


def test_every_role_has_a_documented_permission_set():
    assert set(ROLE_PERMISSIONS) == set(Role.values)

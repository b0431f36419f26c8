"""The demo generator: deterministic, and holding what the journeys (JOURNEYS.md) need to be walked through."""

import datetime

import pytest
from django.db.models import Count
from django.utils import timezone

from mixedflows.core.deletion import personal_data_erasure
from mixedflows.core.models import Organisation, Site
from mixedflows.demo.generator import Generator
from mixedflows.demo.names import NATIONALITIES
from mixedflows.demo.scenes import add_scenes
from mixedflows.demo.world import ensure_world
from mixedflows.people.models import DobPrecision, Encounter, Group, Person, Relationship
from mixedflows.people.selectors import group_view, people_search


def generate(people=1200, seed=2026):
    generator = Generator(ensure_world(), seed=seed)
    generator.run(people=people)
    add_scenes(generator)
    return generator


@pytest.fixture
def demo(db):
    generate()


def _erase_everyone():
    with personal_data_erasure(actor=None, reason="test: generate again", object_type="demo"):
        Group.objects.all().delete()
        Person.objects.all().delete()


def test_the_same_seed_gives_the_same_people(db):
    generate(people=400)
    first = list(
        Person.objects.order_by("registration_number").values_list(
            "registration_number", "given_name", "fathers_name", "nationality", "date_of_birth"
        )
    )
    _erase_everyone()
    generate(people=400)
    second = list(
        Person.objects.order_by("registration_number").values_list(
            "registration_number", "given_name", "fathers_name", "nationality", "date_of_birth"
        )
    )
    assert first == second and len(first) >= 400
    _erase_everyone()
    generate(people=400, seed=7)
    assert (
        list(
            Person.objects.order_by("registration_number").values_list(
                "registration_number", "given_name", "fathers_name", "nationality", "date_of_birth"
            )
        )
        != first
    )


def test_organisations_and_sites(demo):
    assert Organisation.objects.count() == 4
    assert len(set(Organisation.objects.values_list("kind", flat=True))) == 4
    assert Site.objects.count() == 6
    assert set(Site.objects.values_list("country", flat=True)) == {"ITA", "MLT"}
    assert Site.objects.annotate(n=Count("organisations")).filter(n__gte=3).exists()


def test_people_of_every_listed_nationality_with_original_scripts(demo):
    assert 1200 <= Person.objects.count() <= 1400
    assert set(Person.objects.values_list("nationality", flat=True)) == set(NATIONALITIES)
    scripts = "".join(
        Person.objects.exclude(name_original_script="").values_list("name_original_script", flat=True)
    )
    assert any("\u0600" <= c <= "\u06ff" for c in scripts), "no Arabic script"
    assert any("\u1200" <= c <= "\u137f" for c in scripts), "no Ge'ez script"


def test_transliteration_variants_meet_on_a_key(demo):
    """Several spellings of one name are in the data, and they share a search key."""
    people = Person.objects.filter(name_keys__key="mhmd")
    spellings = {
        n for row in people.values_list("given_name", "fathers_name", "grandfathers_name") for n in row
    }
    assert (
        len(spellings & {"Mohamed", "Mohammed", "Muhammad", "Mohammad", "Mohamad", "Maxamed", "Mahamed"}) >= 3
    )


def test_dates_of_birth_of_every_precision(demo):
    precisions = dict(Person.objects.values_list("dob_precision").annotate(n=Count("pk")))
    assert set(precisions) == set(DobPrecision.values)
    assert precisions[DobPrecision.ESTIMATED] > precisions[DobPrecision.YEAR]


def test_boats_families_and_children_who_stand_out(demo):
    boats = Group.objects.filter(kind=Group.Kind.BOAT).annotate(n=Count("members"))
    assert boats.count() > 20 and max(b.n for b in boats) >= 40
    kinds = set(Relationship.objects.values_list("kind", flat=True))
    assert {"mother", "father", "spouse", "other_relative", "unrelated_companion"} <= kinds
    flags = [m for g in boats.filter(organisation__short_name="AGM")[:40] for m in group_view(group=g)]
    assert any(m.accompaniment == "unaccompanied" for m in flags)
    assert any(m.accompaniment == "accompanied" for m in flags)
    companion_groups = Group.objects.filter(relationships__kind="unrelated_companion").distinct()
    assert any(m.with_unrelated_adult for g in companion_groups for m in group_view(group=g))


def test_encounters_over_twelve_months_and_people_met_by_several_agencies(demo):
    times = Encounter.objects.values_list("occurred_at", flat=True)
    assert max(times) - min(times) > datetime.timedelta(days=300)
    assert max(times) <= timezone.now()
    assert Person.objects.filter(encounters__kind="other").exists()  # met again at a reception centre
    per_org = dict(Person.objects.values_list("organisation__short_name").annotate(n=Count("pk")))
    assert per_org["AGM"] > per_org["RPO"] > 0 and per_org.get("RCS", 0) > 0


def test_the_night_landing_scene(demo):
    group = Group.objects.get(label="Night landing · coast guard rescue")
    rows = {m.person.nationality + str(m.person.sex): m for m in group_view(group=group)}
    assert rows["ERIF"].accompaniment == "separated"  # the girl with her "cousin"
    assert rows["SOMM"].accompaniment == "unaccompanied"  # the boy alone


def test_the_man_registered_in_malta_is_found_by_the_somali_spelling(demo):
    agm = Organisation.objects.get(short_name="AGM").memberships.first().user
    hits = people_search(user=agm, query="Maxamed Cabdiraxmaan")
    assert any(h.person.encounters.filter(site__country="MLT").exists() for h in hits)

"""What an officer typing a registration row must be shown: the right person, even spelt another way."""

import datetime

import pytest

from mixedflows.linkage import selectors
from mixedflows.people.models import AccessGrant


def _typed(**fields):
    row = {"given_name": "", "fathers_name": "", "grandfathers_name": "", "family_name": "", "dob_or_age": ""}
    return selectors.row_features({**row, **fields})


def _proposed(user, **fields):
    return [c.person for c in selectors.candidates_for_row(user=user, row=_typed(**fields))]


def _year(year, **extra):
    return {"date_of_birth": datetime.date(year, 1, 1), "dob_precision": "year", **extra}


def test_a_transliteration_variant_with_a_year_only_date_is_proposed(world, register):
    mohamed = register(
        given_name="Mohamed",
        fathers_name="Abdirahman",
        grandfathers_name="Yusuf",
        sex="M",
        date_of_birth=datetime.date(1990, 5, 17),
        nationality="SOM",
    )
    register(given_name="Mohamed", fathers_name="Ali", sex="M", **_year(1990))
    proposed = _proposed(
        world.alice, given_name="Maxamed", fathers_name="Cabdiraxmaan", sex="M", dob_or_age="1990"
    )
    assert proposed[:1] == [mohamed]


def test_names_typed_in_the_other_order_are_proposed(world, register):
    yohannes = register(
        given_name="Yohannes", fathers_name="Tesfaye", sex="M", date_of_birth=datetime.date(1985, 3, 2)
    )
    proposed = _proposed(
        world.alice, given_name="Tesfaye", fathers_name="Yohannes", sex="M", dob_or_age="1985-03-02"
    )
    assert proposed == [yohannes]


@pytest.mark.parametrize(
    "typed, stored",
    [
        (("Johannes", "Tesfay"), ("Yohannes", "Tesfaye")),  # a leading j or y
        (("Ahmet", "Aly"), ("Ahmed", "Ali")),  # a final d or t
        (("Saara", "Mohamnad"), ("Sara", "Mohamed")),  # a typo: no pair of names in common
    ],
)
def test_spellings_the_search_keys_keep_apart_are_proposed(world, register, typed, stored):
    person = register(
        given_name=stored[0], fathers_name=stored[1], sex="M", date_of_birth=datetime.date(1985, 9, 9)
    )
    proposed = _proposed(
        world.alice, given_name=typed[0], fathers_name=typed[1], sex="M", dob_or_age="1985-09-09"
    )
    assert proposed == [person]


def test_one_name_on_either_side_is_enough_with_the_birthday(world, register):
    karim = register(given_name="Karim", sex="M", date_of_birth=datetime.date(1969, 4, 8))
    lwam = register(given_name="Lwam", fathers_name="Haile", grandfathers_name="Ali", sex="F", **_year(1983))
    assert _proposed(
        world.alice, given_name="Karim", fathers_name="Ahmad", sex="M", dob_or_age="1969-04-08"
    ) == [karim]
    assert _proposed(world.alice, given_name="Luwam", sex="F", dob_or_age="1983-11-15") == [lwam]


def test_among_thirty_namesakes_the_one_of_that_year_and_sex_comes_first(world, register, monkeypatch):
    # Fewer people scored than there are namesakes: the query itself must narrow them by year.
    monkeypatch.setattr(selectors, "LOOKUP_CANDIDATES", 10)
    for year in range(1970, 2000):
        register(given_name="Fatima", fathers_name="Mohamed", sex="F", nationality="SOM", **_year(year))
    register(given_name="Fatima", fathers_name="Mohamed", sex="M", nationality="SOM", **_year(1991))
    right = register(
        given_name="Fatima",
        fathers_name="Mohamed",
        sex="F",
        nationality="SOM",
        date_of_birth=datetime.date(1991, 4, 12),
    )
    proposed = _proposed(
        world.alice, given_name="Faadumo", fathers_name="Maxamed", sex="F", dob_or_age="1991-04-12"
    )
    assert proposed[0] == right


def test_a_person_of_another_agency_is_proposed_only_when_granted(world, register):
    fields = {"given_name": "Halima", "fathers_name": "Osman", "sex": "F", "nationality": "SDN"}
    hidden = register(user=world.bob, site=world.north, date_of_birth=datetime.date(1994, 2, 3), **fields)
    shared = register(user=world.bob, site=world.north, date_of_birth=datetime.date(1995, 2, 3), **fields)
    AccessGrant.objects.create(
        person=shared,
        organisation=world.alpha,
        legal_basis="consent",
        source_type="referral",
        source_id="1",
        granted_by=world.bob,
        field_groups=["identity"],
    )
    typed = {"given_name": "Xaliimo", "fathers_name": "Cismaan", "sex": "F"}
    assert _proposed(world.alice, dob_or_age="1994-02-03", **typed) == [shared]
    assert _proposed(world.alice, dob_or_age="1994", **typed) == [shared]
    assert _proposed(world.bob, dob_or_age="1994-02-03", **typed) == [hidden, shared]

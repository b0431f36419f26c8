"""The benchmark generator's habits (issue 17): each one changes what it says, and the defaults change nothing."""

import datetime
from collections import defaultdict

from mixedflows.linkage.features import ImpossibleDate, parse_dob
from mixedflows.linkage.synthetic import Habits, generate, make_people
from mixedflows.linkage.synthetic.names import OTHER_MALE


def test_default_habits_make_the_same_registry_as_before():
    assert generate(300, seed=7) == generate(300, seed=7, habits=Habits())


def _families(people):
    families = defaultdict(list)
    for person in people:
        families[person["family"]].append(person["dob"])
    return families


def test_close_siblings_are_born_one_to_three_years_apart():
    import random

    families = _families(make_people(random.Random(2), 600, Habits(sibling_gap=True)))
    spans = [max(dobs) - min(dobs) for dobs in families.values() if len(dobs) > 1]
    # Each younger child is born 1-3 years after the one before (or is a twin of the eldest).
    assert spans and all(span < datetime.timedelta(days=3 * 365 * 5) for span in spans)
    assert sum(span >= datetime.timedelta(days=365) for span in spans) > len(spans) / 2
    unrelated = make_people(random.Random(2), 600)
    assert max(max(d) - min(d) for d in _families(unrelated).values()) > datetime.timedelta(days=20 * 365)


def test_other_habits_change_names_fields_and_dates():
    records = generate(
        1500, seed=3, habits=Habits(names="other", misuse=0.2, date_typos=0.2, registrar_spelling=True)
    )
    spellings = {s.lower() for variants, _ in OTHER_MALE.values() for s in variants}
    assert any(r["given_name"].lower() in spellings for r in records)
    assert any(not r["family_name"] for r in records) and any(not r["given_name"] for r in records)
    impossible = 0
    for r in records:
        try:
            parse_dob(r["date_of_birth"])
        except ImpossibleDate:
            impossible += 1
    assert impossible > 10

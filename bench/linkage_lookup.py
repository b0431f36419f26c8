"""Measure the "possibly the same person" lookup against a registry of N people.

    MIXEDFLOWS_DATA_DIR=/tmp/lookup-bench python bench/linkage_lookup.py --people 1000000 [--queries 200]

Fills the (empty, migrated) database with invented people from mixedflows/linkage/synthetic/
in one organisation, with their name keys, then types rows that are other registrations of
people already there and calls `candidates_for_row` for each. Prints what an officer gets:
how often the right person is among the candidates shown (recall@shown) and first, how many
wrong people are shown per row, and the median and 95th percentile time. A database already
filled by an earlier run with the same --people is reused (loading a million takes minutes).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mixedflows.settings")

BATCH = 20_000


def fill(people: int, org, user) -> tuple[list[dict], dict[int, int]]:
    """The first registration of every person in the database; returns the other registrations
    and each loaded Person's person_id (pk -> person_id), the truth to check the candidates against."""
    from mixedflows.linkage.synthetic import generate
    from mixedflows.people.models import Person

    records = generate(people, seed=7)
    first = {}
    for r in records:
        first.setdefault(r["person_id"], r)
    rows = list(first.values())
    loaded = Person.objects.count()
    if not loaded:
        load(rows, org, user)
    elif loaded != len(rows) or any(
        rows[int(number.removeprefix("BEN-"))]["given_name"] != given
        for number, given in Person.objects.values_list("registration_number", "given_name")[:100]
    ):
        sys.exit(
            "the database holds other people (another size or generator): use an empty MIXEDFLOWS_DATA_DIR"
        )
    truth = {
        pk: rows[int(number.removeprefix("BEN-"))]["person_id"]
        for pk, number in Person.objects.values_list("pk", "registration_number").iterator(chunk_size=BATCH)
    }
    return [r for r in records if first[r["person_id"]] is not r], truth


def load(rows: list[dict], org, user) -> None:
    from django.db import transaction

    from mixedflows.lib.dates import parse_partial_date
    from mixedflows.lib.names import name_keys
    from mixedflows.people.models import Person, PersonNameKey

    for start in range(0, len(rows), BATCH):
        chunk = rows[start : start + BATCH]
        with transaction.atomic():
            persons = []
            for i, r in enumerate(chunk, start=start):
                parts = r["family_name"].split(" ", 1) + [""]
                dob, precision = parse_partial_date(r["date_of_birth"]) if r["date_of_birth"] else (None, "")
                persons.append(
                    Person(
                        registration_number=f"BEN-{i:08d}",
                        organisation=org,
                        created_by=user,
                        given_name=r["given_name"],
                        fathers_name=parts[0],
                        grandfathers_name=parts[1],
                        sex=r["sex"],
                        nationality=r["nationality"],
                        date_of_birth=dob,
                        dob_precision=precision,
                    )
                )
            saved = Person.objects.bulk_create(
                persons, batch_size=5000
            )  # primary keys come back (SQLite, PostgreSQL)
            keys = [
                PersonNameKey(person_id=p.pk, organisation=org, key=k)
                for p in saved
                for k in name_keys(p.given_name, p.fathers_name, p.grandfathers_name)
            ]
            PersonNameKey.objects.bulk_create(keys, batch_size=10_000)
        print(f"  {min(start + BATCH, len(rows)):,} people loaded", file=sys.stderr)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args(argv)
    import django

    django.setup()
    from django.core.management import call_command

    from mixedflows.core.models import Membership, Organisation, User
    from mixedflows.core.roles import Role
    from mixedflows.linkage.selectors import candidates_for_row, row_features

    call_command("migrate", verbosity=0)
    org, _ = Organisation.objects.get_or_create(
        short_name="BEN", defaults={"name": "Bench agency", "kind": "ngo"}
    )
    user, created = User.objects.get_or_create(username="bench.officer")
    if created:
        Membership.objects.create(user=user, organisation=org, role=Role.PROTECTION_OFFICER)
    user = User.objects.get(pk=user.pk)
    started = time.perf_counter()
    queries, truth = fill(args.people, org, user)
    queries = queries[: args.queries]
    print(f"loaded in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    timings, shown, right, first, wrong = [], 0, 0, 0, 0
    for r in queries:
        parts = r["family_name"].split(" ", 1) + [""]
        row = row_features(
            {
                "given_name": r["given_name"],
                "fathers_name": parts[0],
                "grandfathers_name": parts[1],
                "sex": r["sex"],
                "dob_or_age": r["date_of_birth"],
                "nationality": r["nationality"],
            }
        )
        start = time.perf_counter()
        candidates = candidates_for_row(user=user, row=row)
        timings.append(time.perf_counter() - start)
        people = [truth[c.person.pk] for c in candidates]
        shown += bool(people)
        right += r["person_id"] in people
        first += people[:1] == [r["person_id"]]
        wrong += sum(p != r["person_id"] for p in people)
    timings.sort()
    n = len(timings)
    print(
        f"{args.people:,} people, {n} typed re-registrations: right person shown {right / n:.1%} "
        f"(first {first / n:.1%}), wrong people shown {wrong / n:.2f} per row, a candidate shown for {shown}; "
        f"lookup median {statistics.median(timings) * 1000:.0f} ms, "
        f"95th percentile {timings[int(n * 0.95) - 1] * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()

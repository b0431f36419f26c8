"""Benchmark: registering people through the service layer, and name search latency.

Not a test. Fills the database chosen by the environment (DATABASE_URL for
PostgreSQL, otherwise SQLite in MIXEDFLOWS_DATA_DIR) with the demo generator,
then measures:

* registering 1,000 people, row by row, through `person_register` (as the arrival grid does);
* `people_search` latency (median, p95) for realistic queries: names as recorded, other
  transliterations, word order changed, accents and case changed, typing slips
  (a dropped vowel, a doubled letter, swapped letters), original script, a given name
  alone, registration numbers and document numbers.

    MIXEDFLOWS_DATA_DIR=/tmp/bench-sqlite .venv/bin/python bench/foundation_registration_search.py --people 100000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mf_foundation .venv/bin/python bench/foundation_registration_search.py --people 100000

The database is emptied first unless it already holds the requested number of
generated people (then the fill is reused). Results are printed as a Markdown
table row and appended as JSON to --out.
"""

import argparse
import datetime
import json
import os
import platform
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mixedflows.settings")

import django  # noqa: E402
from rapidfuzz import fuzz  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from mixedflows.core.models import Organisation, User  # noqa: E402
from mixedflows.demo.generator import Generator  # noqa: E402
from mixedflows.demo.names import NATIONALITIES  # noqa: E402
from mixedflows.demo.world import ensure_world  # noqa: E402
from mixedflows.lib.names import ascii_fold  # noqa: E402
from mixedflows.people import selectors, services  # noqa: E402
from mixedflows.people.models import Document, Person  # noqa: E402


def fill(people: int, seed: int) -> float:
    """Empty the database and generate `people` records; returns seconds taken."""
    call_command("migrate", interactive=False, verbosity=0)
    if Organisation.objects.filter(short_name="AGM").exists():
        if people <= Person.objects.count() < people * 1.05 + 5000:  # this fill, plus earlier benchmark rows
            return 0.0
        call_command("flush", interactive=False, verbosity=0)
    started = time.monotonic()
    generator = Generator(ensure_world(), seed=seed)
    done = 0

    def progress(n):
        nonlocal done
        done += n
        if done % 50000 < n:
            print(f"  generated {done:,} in {time.monotonic() - started:.0f} s", file=sys.stderr, flush=True)

    generator.run(people=people, progress=progress, batch_size=10000)
    analyze()
    return time.monotonic() - started


def analyze() -> None:
    """Planner statistics (and on PostgreSQL the visibility map, for index-only scans of the name keys)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def register_thousand(n: int = 1000, seed: int = 7) -> dict:
    """Register `n` people one by one through the service, as rows of one arrival."""
    rng = random.Random(seed)
    actor = User.objects.get(username="agm.registration")
    site = actor.organisation.sites.filter(kind="landing_point").first()
    context = services.EncounterContext(
        site=site, occurred_at=timezone.now(), kind="sea_rescue", departure_country="LBY"
    )
    group = services.arrival_open(actor=actor, label="Benchmark boat", context=context)
    durations = []
    for _ in range(n):
        nat = rng.choice(list(NATIONALITIES))
        _, style, male, _, families, languages, _ = NATIONALITIES[nat]
        given, father = rng.choice(male), rng.choice(male)
        data = services.PersonInput(
            given_name=given[0][0],
            fathers_name=father[0][0],
            name_original_script=" ".join(filter(None, (given[1], father[1]))),
            family_name=rng.choice(families)[0][0] if families else "",
            sex="M",
            age=rng.randrange(14, 50),
            nationality=nat,
            languages=languages[:1],
            intake_key=f"bench-{uuid.uuid4().hex}",
        )
        started = time.perf_counter()
        services.person_register(actor=actor, data=data, context=context, group=group)
        durations.append(time.perf_counter() - started)
    return {
        "register_total_s": round(sum(durations), 2),
        "register_median_ms": round(statistics.median(durations) * 1000, 1),
        "register_p95_ms": round(_p95(durations) * 1000, 1),
    }


_SPELLINGS = {}
for _nat, (_w, _style, _male, _female, _families, _langs, _dep) in NATIONALITIES.items():
    for _variants, _script in [*_male, *_female, *(_families or [])]:
        for _v in _variants:
            _SPELLINGS.setdefault(_v.lower(), set()).update(v for v in _variants if v != _v)


def _slip(rng, word: str) -> str:
    """A typing slip of the kind a tired officer makes: a dropped vowel, a doubled consonant, swapped letters."""
    kind = rng.choice(["drop_vowel", "double", "swap"])
    vowels = [i for i, c in enumerate(word) if c in "aeiou" and i > 0]
    if kind == "drop_vowel" and vowels:
        i = rng.choice(vowels)
        return word[:i] + word[i + 1 :]
    if kind == "double" and len(word) > 2:
        i = rng.randrange(1, len(word) - 1)
        return word[:i] + word[i] + word[i:]
    if len(word) > 3:
        i = rng.randrange(1, len(word) - 2)
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word


def _variant(rng, word: str) -> str:
    others = sorted(_SPELLINGS.get(word.lower(), ()))
    return rng.choice(others) if others else word


def queries(sample: list[Person], seed: int = 11) -> list[tuple[str, str, Person]]:
    """(kind, query text, the person it should find) for a sample of recorded people."""
    rng = random.Random(seed)
    out = []
    kinds = [
        "as_recorded",
        "transliteration",
        "word_order",
        "case_accents",
        "slip",
        "original_script",
        "given_only",
        "registration_number",
        "document",
    ]
    for person in sample:
        # Officers search with the names the person gives: given, father's, and grandfather's or family name.
        names = [
            n
            for n in (person.given_name, person.fathers_name, person.grandfathers_name, person.family_name)
            if n
        ][:3]
        kind = rng.choice(kinds)
        if kind == "as_recorded":
            q = " ".join(names)
        elif kind == "transliteration":
            q = " ".join(_variant(rng, n) for n in names)
        elif kind == "word_order":
            q = " ".join(reversed(names))
        elif kind == "case_accents":
            q = " ".join(names).upper().replace("E", "É", 1)
        elif kind == "slip":
            q = " ".join([_slip(rng, names[0]), *names[1:]])
        elif kind == "original_script" and person.name_original_script:
            q = person.name_original_script
        elif kind == "given_only":
            q = names[0]
        elif kind == "registration_number":
            q = person.registration_number.lower()
        elif kind == "document" and (doc := Document.objects.filter(person=person).first()):
            q = doc.number
        else:
            kind, q = "as_recorded", " ".join(names)
        out.append((kind, q, person))
    return out


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def _own_score(query: str, person: Person) -> float:
    """How well the person's own names match the query, by the search's own ranking."""
    names = [person.display_name, person.name_original_script, *person.aliases.values_list("name", flat=True)]
    folded = ascii_fold(query)
    return max(fuzz.token_set_ratio(folded, ascii_fold(n)) for n in names if n)


def measure_search(n: int, seed: int) -> dict:
    user = User.objects.get(username="agm.protection")
    ids = list(
        Person.objects.filter(organisation=user.organisation)
        .order_by("pk")
        .values_list("pk", flat=True)[:200000]
    )
    rng = random.Random(seed)
    sample = list(Person.objects.filter(pk__in=rng.sample(ids, min(n, len(ids)))).order_by("pk"))
    cases = queries(sample)
    for _, q, _ in cases[:20]:  # warm caches
        selectors.people_search(user=user, query=q)
    by_kind: dict[str, list[float]] = {}
    found_by_kind: dict[str, int] = {}
    durations, found, sizes, crowded = [], 0, [], 0
    for kind, q, person in cases:
        started = time.perf_counter()
        hits = selectors.people_search(user=user, query=q)
        elapsed = time.perf_counter() - started
        durations.append(elapsed)
        by_kind.setdefault(kind, []).append(elapsed)
        sizes.append(len(hits))
        hit = any(h.person.pk == person.pk for h in hits)
        found += hit
        found_by_kind[kind] = found_by_kind.get(kind, 0) + hit
        if not hit and len(hits) == selectors.SEARCH_LIMIT and hits[-1].score >= _own_score(q, person):
            crowded += 1  # 50 namesakes match the query at least as well as the person looked for
    return {
        "queries": len(cases),
        "search_median_ms": round(statistics.median(durations) * 1000, 1),
        "search_p95_ms": round(_p95(durations) * 1000, 1),
        "search_max_ms": round(max(durations) * 1000, 1),
        "found_share": round(found / len(cases), 3),
        "crowded_out_share": round(crowded / len(cases), 3),
        "median_results": statistics.median(sizes),
        "p95_ms_by_kind": {k: round(_p95(v) * 1000, 1) for k, v in sorted(by_kind.items())},
        "found_by_kind": {k: f"{found_by_kind[k]}/{len(v)}" for k, v in sorted(by_kind.items())},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--queries", type=int, default=400)
    parser.add_argument("--analyze", action="store_true", help="Refresh planner statistics of a reused fill")
    parser.add_argument("--out", default="bench/results/foundation_registration_search.jsonl")
    args = parser.parse_args()

    fill_s = fill(args.people, args.seed)
    if args.analyze and not fill_s:
        analyze()
    result = {
        "at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "database": connection.vendor,
        "people": Person.objects.count(),
        "fill_s": round(fill_s, 1),
        **measure_search(args.queries, args.seed),
        **register_thousand(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, {platform.python_implementation()} {platform.python_version()}",
    }
    print(json.dumps(result, indent=2))
    print(
        f"| {result['database']} | {result['people']:,} | {result['search_median_ms']} | {result['search_p95_ms']} "
        f"| {result['found_share']:.0%} | {result['register_total_s']} s ({result['register_median_ms']} ms/person) |"
    )
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "a") as fh:
        fh.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()

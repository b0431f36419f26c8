"""A labelled synthetic registry, hard the way real registration data is hard.

    python -m mixedflows.linkage.synthetic --people 10000 --output /tmp/people.csv [--seed 1]

Each invented person is registered one to five times (landing point, reception,
another agency, another country). Every registration writes the names again:
other spellings (Mohamed, Muhammad, Maxamed), the original script only (محمد,
ዮሐንስ), typos, given and father's name swapped, grandfather's or all family names
missing; dates of birth exact, year-only, 1 January of a guessed year, estimated
from an age, day and month swapped; nationality changed or left out; a passport
number sometimes. Families are drawn with siblings (same father and grandfather)
and twins (same date of birth too, at West Africa's rate), and names follow a skewed frequency so that
namesakes are as common as they are on a quay. Column `person_id` is the truth.
`--noise` scales every error rate (0.5: half the typos, missing names, guessed dates...)
to show how accuracy depends on how carefully the registrations were taken.

Registrations follow journeys, not a shuffle: most families travel as one party (the
rest of their members alone), a party lands in a boat of 20-80 people at one of the
landing sites on a day within a three-year window, and its members are registered
again days or weeks later at reception, detention, transit or a border, together when
the party is still together (one group per registration), alone otherwise; one journey
in six has a gap of months (moving on, coming back). So the encounter date, site and
travel group carry the evidence they carry in a real registry, and no more: namesakes
land on other days, and the registry grows denser with its size.
"""

import argparse
import csv
import datetime
import random
import sys
from dataclasses import dataclass

from mixedflows.linkage.synthetic.names import POOLS


@dataclass(frozen=True)
class Habits:
    """How a registry's people are named and how its registrars write. The defaults are the generator as it
    has always been (the same records for a seed); the benchmark varies them to check that one model fits all."""

    names: str = "default"  # the name pool: "default" or "other"
    misuse: float = 0.0  # names in the wrong field: all in one field, given name under family, one name only
    script_only: float = 0.07  # written in the original script only (times the noise)
    registrar_spelling: bool = False  # each site writes a name its own way (else the person's usual spelling)
    date_typos: float = 0.0  # a date of birth typed wrong: digits swapped, an impossible day (1945-04-93)
    sex_errors: float = 0.0  # sex ticked wrong
    sibling_gap: bool = False  # brothers and sisters born 1-3 years apart (else anywhere in fifty years)


NATIONALITIES = ["SOM", "ERI", "ETH", "SDN", "SYR", "AFG", "NGA", "EGY", "MLI", "GIN"]
GEEZ = {"ERI", "ETH"}
LANDINGS = ["Quay", "North post"]
LATER_SITES = ["Reception A", "Detention B", "Border C", "Transit D"]
SITES = LANDINGS + LATER_SITES
WINDOW_DAYS = 3 * 365  # the registry's span: namesakes are spread over it, one person's journey is not
START = datetime.date(2024, 1, 1)


# The share of younger siblings born a twin of the eldest: about West Africa's twin rate, the world's highest.
TWINS = 0.04


def _zipf_choice(rng: random.Random, keys: list[str]) -> str:
    # A few names are very common (namesakes), most are rare.
    index = int(rng.paretovariate(0.3)) - 1
    return keys[index] if index < len(keys) else rng.choice(keys)


def _pool(nationality: str, pool: dict) -> list[str]:
    geez = [k for k, (_, script) in pool.items() if script and "\u1200" <= script[0] <= "\u137f"]
    other = [k for k in pool if k not in geez]
    return geez + other if nationality in GEEZ else other + geez


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 1)
    match rng.randrange(3):
        case 0:
            return word[:i] + word[i + 1 :]
        case 1:
            return word[:i] + rng.choice("aeinorstu") + word[i + 1 :]
        case _:
            return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _spell(rng: random.Random, canonical: str, pool: dict, base: int, noise: float) -> tuple[str, str]:
    spellings, script = pool[canonical]
    # A person has a usual spelling; other registrars write another one half the time.
    word = spellings[base % len(spellings)] if rng.random() < 0.5 else rng.choice(spellings)
    if rng.random() < 0.08 * noise:
        word = _typo(rng, word)
    return word, script


def make_people(rng: random.Random, n: int, habits: Habits | None = None) -> list[dict]:
    habits = habits or Habits()
    male, female = POOLS[habits.names]
    people: list[dict] = []
    family = 0
    while len(people) < n:
        family += 1
        nationality = rng.choice(NATIONALITIES)
        father = _zipf_choice(rng, _pool(nationality, male))
        grandfather = _zipf_choice(rng, _pool(nationality, male))
        family_size = min(1 + int(rng.expovariate(0.7)), 6)
        twin_dob, taken = None, {father, grandfather}
        for child in range(family_size):
            sex = rng.choice("MF")
            pool = male if sex == "M" else female
            given = _zipf_choice(rng, _pool(nationality, pool))
            while given in taken:  # parents do not give two children the same name
                given = rng.choice(list(pool))
            taken.add(given)
            if twin_dob and rng.random() < TWINS:
                dob = twin_dob  # twins
            elif twin_dob and habits.sibling_gap:
                dob = people[-1]["dob"] + datetime.timedelta(days=rng.randrange(365, 3 * 365))
            else:
                dob = datetime.date(1960, 1, 1) + datetime.timedelta(days=rng.randrange(0, 365 * 50))
            twin_dob = dob if child == 0 else twin_dob
            people.append(
                {
                    "id": len(people),
                    "family": family,
                    "sex": sex,
                    "given": given,
                    "father": father,
                    "grandfather": grandfather,
                    "dob": dob,
                    "nationality": nationality,
                    "spell": rng.randrange(6),
                    "passport": f"P{rng.randrange(10**7):07d}" if rng.random() < 0.3 else "",
                }
            )
    return people[:n]


def _dob_text(rng: random.Random, dob: datetime.date, noise: float) -> str:
    # With noise 1, 45% of dates are exact; the other shares shrink with the noise.
    r = rng.random()
    if r < 1 - 0.55 * noise:
        return dob.isoformat()
    r = 0.45 + (r - (1 - 0.55 * noise)) / noise
    if r < 0.45:
        return dob.isoformat()
    if r < 0.60:
        return str(dob.year)
    if r < 0.75:
        return f"{dob.year}-01-01"  # a guessed year written as 1 January
    if r < 0.85:
        return f"{dob.year + rng.choice([-2, -1, 1, 2])}-01-01"  # estimated from an age
    if r < 0.90 and dob.day <= 12:
        return f"{dob.year}-{dob.day:02d}-{dob.month:02d}"  # day and month swapped
    if r < 0.95:
        return f"{dob.year}-{dob.month:02d}"
    return ""


def registration(
    rng: random.Random,
    person: dict,
    record_id: str,
    noise: float = 1.0,
    habits: Habits | None = None,
    site: str = "",
) -> dict:
    habits = habits or Habits()
    male, female = POOLS[habits.names]
    pool = male if person["sex"] == "M" else female
    # The usual spelling is the person's own, or (registrar_spelling) the one this site's registrars use.
    base = SITES.index(site) if habits.registrar_spelling and site in SITES else person["spell"]
    parts = [
        _spell(rng, person["given"], pool, base, noise),
        _spell(rng, person["father"], male, base, noise),
        _spell(rng, person["grandfather"], male, base, noise),
    ]
    if rng.random() < 0.35 * noise:
        parts = parts[:2]  # grandfather's name not asked
    if rng.random() < 0.05 * noise:
        parts = parts[:1]  # family name missing
    if rng.random() < 0.06 * noise and len(parts) > 1:
        parts[0], parts[1] = parts[1], parts[0]  # father's name written first
    script_only = rng.random() < habits.script_only * noise and all(script for _, script in parts)
    words = [script if script_only else word for word, script in parts]
    given, family = words[0], " ".join(words[1:])
    if habits.misuse and rng.random() < habits.misuse:
        match rng.randrange(4):
            case 0:
                given, family = " ".join(words), ""  # every name in the given-name field
            case 1:
                given, family = "", " ".join(words)  # every name in the family-name field
            case 2:
                given, family = family or given, given if family else ""  # the two fields swapped
            case _:
                given, family = words[0], ""  # a single name only
    nationality = person["nationality"]
    r = rng.random()
    if r < 0.08 * noise:
        nationality = rng.choice(NATIONALITIES)  # self-declared differently
    elif r < 0.16 * noise:
        nationality = ""
    document = person["passport"] if person["passport"] and rng.random() < 0.6 else ""
    if document and rng.random() < 0.05 * noise:
        document = _typo(rng, document)
    date_of_birth = _dob_text(rng, person["dob"], noise)
    if habits.date_typos and len(date_of_birth) == 10 and rng.random() < habits.date_typos:
        date_of_birth = _date_typo(rng, date_of_birth)
    sex = person["sex"] if rng.random() > 0.03 * noise else ""
    if habits.sex_errors and sex and rng.random() < habits.sex_errors:
        sex = "F" if sex == "M" else "M"
    return {
        "record_id": record_id,
        "given_name": given,
        "family_name": family,
        "date_of_birth": date_of_birth,
        "sex": sex,
        "nationality": nationality,
        "document_number": document,
        "person_id": person["id"],
    }


def _date_typo(rng: random.Random, text: str) -> str:
    """1990-05-17 typed wrong: the day's or the month's digits swapped (1990-05-71), or the day's tens a 9."""
    year, month, day = text[:4], text[5:7], text[8:10]
    match rng.randrange(3):
        case 0:
            day = day[::-1]
        case 1:
            month = month[::-1]
        case _:
            day = "9" + day[1]
    return f"{year}-{month}-{day}"


def _parties(rng: random.Random, people: list[dict]) -> list[list[dict]]:
    """Most families travel together; the others' members, like single travellers, travel alone."""
    families: dict[int, list[dict]] = {}
    for person in people:
        families.setdefault(person["family"], []).append(person)
    parties = []
    for members in families.values():
        if len(members) > 1 and rng.random() < 0.7:
            parties.append(members)
        else:
            parties.extend([m] for m in members)
    return parties


def _gap(rng: random.Random) -> int:
    """Days to the next registration: days or weeks on the way, months when the person moves on or comes back."""
    if rng.random() < 1 / 6:
        return rng.randrange(60, 600)
    return 1 + int(rng.expovariate(1 / 10))


def generate(n_people: int, seed: int = 1, noise: float = 1.0, habits: Habits | None = None) -> list[dict]:
    """Records of `n_people` invented people (about 1.6 records each), in boats of 20-80 and later registrations."""
    rng = random.Random(seed)
    people = make_people(rng, n_people, habits)
    parties = _parties(rng, people)
    for party in parties:
        party_start = rng.randrange(WINDOW_DAYS)
        for member in party:
            member["start"] = party_start
    # Landings: the parties of each day, in boats of 20-80 people, at one landing site.
    parties.sort(key=lambda party: party[0]["start"])
    events = []  # (day, site, group, members)
    boat, size, aboard = 0, rng.randrange(20, 80), 0
    for party in parties:
        if aboard + len(party) > size:
            boat, size, aboard = boat + 1, rng.randrange(20, 80), 0
        if aboard == 0:
            boat_day, boat_site = party[0]["start"], rng.choice(LANDINGS)
        aboard += len(party)
        events.append((boat_day, boat_site, f"B{boat:06d}", party))
        # Later registrations of the party: together while it stays together, one by one otherwise.
        visits = 1 + min(int(rng.expovariate(1.6)), 4)
        day = boat_day
        for _ in range(1, visits):
            day += _gap(rng)
            site = rng.choice(LATER_SITES)
            present = [m for m in party if len(party) == 1 or rng.random() < 0.85]
            if len(present) > 1 and rng.random() < 0.7:
                events.append((day, site, f"G{boat:06d}-{len(events)}", present))
            else:
                events.extend((day, site, "", [m]) for m in present)
    events.sort(key=lambda event: event[0])
    records: list[dict] = []
    for day, site, group, members in events:
        for person in members:
            record = registration(rng, person, f"R{len(records):07d}", noise, habits, site)
            record.update(
                group_id=group,
                encounter_date=(START + datetime.timedelta(days=day)).isoformat(),
                site=site,
            )
            records.append(record)
    return records


COLUMNS = [
    "record_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "nationality",
    "document_number",
    "group_id",
    "encounter_date",
    "site",
    "person_id",
]


def write_csv(records: list[dict], path: str) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(records)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--noise",
        type=float,
        default=1.0,
        help="scale every error rate (typos, missing parts, guessed dates...)",
    )
    parser.add_argument("--output", required=True)
    args = parser.parse_args(argv)
    records = generate(args.people, args.seed, args.noise)
    write_csv(records, args.output)
    print(f"{len(records)} records of {args.people} people -> {args.output}", file=sys.stderr)

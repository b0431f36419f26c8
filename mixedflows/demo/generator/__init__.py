"""A seeded generator of believable, invented arrivals: boats, families, children, encounters.

The same code makes the ~2,000-record demo and the 1,000,000-record benchmark
registry. It writes through bulk inserts in batches, each batch one audit event
carrying a hash of the records it created.
"""

import datetime
import random
import uuid
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from mixedflows.core.audit import AuditAction, audit_record, batch_digest
from mixedflows.demo.generator.batch import Batch, Individual
from mixedflows.demo.names import NATIONALITIES
from mixedflows.lib.names import name_keys
from mixedflows.people.models import (
    Alias,
    DobPrecision,
    Document,
    Encounter,
    Group,
    Person,
    PersonNameKey,
    Relationship,
    document_number_index,
)

_REG_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_NAT_CODES = list(NATIONALITIES)
_NAT_WEIGHTS = [NATIONALITIES[c][0] for c in _NAT_CODES]


class Generator:
    def __init__(self, world: dict, *, seed: int = 2026, today: datetime.date | None = None):
        self.rng = random.Random(seed)
        self.world = world
        self.today = today or timezone.localdate()
        self.orgs = world["orgs"]
        self.users = world["users"]
        sites = world["sites"]
        self.landing = [s for s in sites.values() if s.kind == "landing_point"]
        self.reception = {s.country: s for s in sites.values() if s.kind == "reception_centre"}
        self.registrar = {
            "AGM": self.users["agm.registration"],
            "RPO": self.users["rpo.protection"],
            "RCS": self.users["rcs.registration"],
            "CBS": self.users["cbs.registration"],
        }
        self.hosts = {site.pk: {o.short_name for o in site.organisations.all()} for site in self.landing}
        self.batch = Batch()
        self.records = 0

    # --- identifiers -------------------------------------------------------------------------------
    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def registration_number(self, prefix: str) -> str:
        return f"{prefix}-" + "".join(self.rng.choice(_REG_ALPHABET) for _ in range(8))

    # --- people --------------------------------------------------------------------------------------
    def individual(
        self,
        *,
        age: int,
        sex: str | None = None,
        nationality: str | None = None,
        father: tuple | None = None,
        family: tuple | None = None,
    ) -> Individual:
        rng = self.rng
        nat = nationality or rng.choices(_NAT_CODES, _NAT_WEIGHTS)[0]
        _, style, male, female, families, languages, _ = NATIONALITIES[nat]
        sex = sex or rng.choice("MMMF")
        given = rng.choice(male if sex == "M" else female)
        dob = self.today - datetime.timedelta(days=age * 365 + rng.randrange(365))
        passport = ""
        if rng.random() < 0.3:
            passport = f"{nat[:1]}{rng.randrange(10**6, 10**7)}"
        if style == "patronymic":
            return Individual(
                nat, sex, dob, given, father or rng.choice(male), rng.choice(male), None, languages, passport
            )
        return Individual(
            nat,
            sex,
            dob,
            given,
            father if rng.random() < 0.3 else None,
            None,
            family or rng.choice(families or [()]),
            languages,
            passport,
        )

    def spell(self, entry: tuple | None) -> tuple[str, str]:
        """One registrar's spelling of a name entry, and its original script."""
        if entry is None:
            return "", ""
        variants, script = entry
        choice = variants[0] if self.rng.random() < 0.55 else self.rng.choice(variants)
        if self.rng.random() < 0.03 and len(choice) > 4:  # a typing slip
            i = self.rng.randrange(1, len(choice) - 1)
            choice = choice[:i] + choice[i + 1] + choice[i] + choice[i + 2 :]
        return choice, script

    def record(
        self,
        ind: Individual,
        *,
        org: str,
        at: datetime.datetime,
        site,
        group: Group | None,
        encounter_kind: str = Encounter.Kind.SEA_RESCUE,
        departure: str = "LBY",
    ) -> Person:
        rng = self.rng
        organisation = self.orgs[org]
        parts = {}
        scripts = []
        for name, entry in (
            ("given_name", ind.given),
            ("fathers_name", ind.father),
            ("grandfathers_name", ind.grandfather),
            ("family_name", ind.family),
        ):
            parts[name], script = self.spell(entry)
            if script:
                scripts.append(script)
        # Registrars without an interpreter often miss the grandfather's name.
        if parts["grandfathers_name"] and rng.random() < 0.3:
            parts["grandfathers_name"] = ""
        original = " ".join(scripts) if scripts and rng.random() < 0.5 else ""
        age = (self.today - ind.dob).days // 365
        roll = rng.random()
        if roll < 0.35:
            dob, precision, declared = ind.dob, DobPrecision.EXACT, None
        elif roll < 0.45:
            dob, precision, declared = ind.dob.replace(day=1), DobPrecision.MONTH, None
        elif roll < 0.55:
            dob, precision, declared = ind.dob.replace(month=1, day=1), DobPrecision.YEAR, None
        else:
            declared = max(age + rng.choice([-1, 0, 0, 0, 1]), 0)
            dob, precision = datetime.date(at.year - declared, 1, 1), DobPrecision.ESTIMATED
        person = Person(
            uuid=self.uuid(),
            registration_number=self.registration_number(org),
            organisation=organisation,
            sex=ind.sex,
            date_of_birth=dob,
            dob_precision=precision,
            age_declared=declared,
            nationality=ind.nationality,
            languages=ind.languages[:1],
            name_original_script=original,
            created_at=at,
            created_by=self.registrar[org],
            **parts,
        )
        self.batch.people.append(person)
        self.batch.keys.extend((person, k) for k in name_keys(*parts.values(), original))
        if ind.passport and rng.random() < 0.7:
            self.batch.documents.append(
                Document(
                    person=person,
                    organisation=organisation,
                    kind=Document.Kind.PASSPORT,
                    number=ind.passport,
                    number_index=document_number_index(ind.passport),
                    issuing_country=ind.nationality,
                )
            )
        self.batch.encounters.append(
            Encounter(
                uuid=self.uuid(),
                organisation=organisation,
                person=person,
                group=group,
                site=site,
                occurred_at=at,
                kind=encounter_kind,
                departure_country=departure,
                transport_mode=Encounter.Transport.BOAT,
                intended_destination=rng.choice(
                    ["", "", "Germany", "France", "Italy", "Sweden", "United Kingdom"]
                ),
                created_by=self.registrar[org],
            )
        )
        if group is not None:
            self.batch.members.append((group, person))
        # Some are met again at the reception centre of the same country a few days later.
        if org == "AGM" and rng.random() < 0.15 and site.country in self.reception:
            later = at + datetime.timedelta(days=rng.randrange(2, 20), hours=rng.randrange(8))
            if later.date() <= self.today:
                self.batch.encounters.append(
                    Encounter(
                        uuid=self.uuid(),
                        organisation=organisation,
                        person=person,
                        site=self.reception[site.country],
                        occurred_at=later,
                        kind=Encounter.Kind.OTHER,
                        created_by=self.registrar[org],
                    )
                )
        self.records += 1
        return person

    # --- boats ---------------------------------------------------------------------------------------
    def boat_people(self, size: int) -> list[tuple[Individual, list[tuple[int, str]]]]:
        """The individuals on one boat, with relationships as (index of relative, kind)."""
        rng = self.rng
        people: list[tuple[Individual, list[tuple[int, str]]]] = []
        while len(people) < size:
            roll = rng.random()
            if roll < 0.12:  # a mother with children
                mother = self.individual(age=rng.randrange(22, 45), sex="F")
                people.append((mother, []))
                m = len(people) - 1
                for _ in range(rng.randrange(1, 4)):
                    child = self.individual(
                        age=rng.randrange(0, 15), nationality=mother.nationality, family=mother.family
                    )
                    people.append((child, [(m, Relationship.Kind.MOTHER)]))
            elif roll < 0.18:  # a couple with a child
                father = self.individual(age=rng.randrange(25, 50), sex="M")
                mother = self.individual(
                    age=rng.randrange(20, 45), sex="F", nationality=father.nationality, family=father.family
                )
                people += [(father, []), (mother, [(len(people), Relationship.Kind.SPOUSE)])]
                f = len(people) - 2
                child = self.individual(
                    age=rng.randrange(0, 12),
                    nationality=father.nationality,
                    father=father.given,
                    family=father.family,
                )
                people.append((child, [(f, Relationship.Kind.FATHER), (f + 1, Relationship.Kind.MOTHER)]))
            elif roll < 0.25:  # an unaccompanied child
                people.append((self.individual(age=rng.randrange(13, 18)), []))
            elif roll < 0.28:  # a child with an adult who says he is a cousin
                adult = self.individual(age=rng.randrange(22, 40), sex="M")
                people.append((adult, []))
                child = self.individual(age=rng.randrange(13, 18), nationality=adult.nationality)
                kind = (
                    Relationship.Kind.OTHER_RELATIVE
                    if rng.random() < 0.6
                    else Relationship.Kind.UNRELATED_COMPANION
                )
                people.append((child, [(len(people) - 1, kind)]))
            else:
                people.append((self.individual(age=rng.randrange(18, 60)), []))
        return people[:size]

    def boat(self, *, at: datetime.datetime, site, size: int, label: str) -> None:
        rng = self.rng
        departure = rng.choice(["LBY", "LBY", "LBY", "TUN"])
        crew = self.boat_people(size)
        group = self.group(org="AGM", label=label, site=site, at=at, departure=departure)
        records = [
            self.record(
                ind,
                org="AGM",
                at=at + datetime.timedelta(minutes=i),
                site=site,
                group=group,
                departure=departure,
            )
            for i, (ind, _) in enumerate(crew)
        ]
        for i, (_, relations) in enumerate(crew):
            for j, kind in relations:
                self.batch.relationships.append(
                    Relationship(
                        organisation=self.orgs["AGM"],
                        group=group,
                        person=records[i],
                        relative=records[j],
                        kind=kind,
                    )
                )
        # The refugee agency registers those who express protection needs; the Red Crescent, medical cases.
        for org, share in (("RPO", 0.25), ("RCS", 0.08)):
            if org not in self.hosts[site.pk]:
                continue
            other_group = None
            for i, (ind, _) in enumerate(crew):
                if rng.random() < share:
                    other_group = other_group or self.group(
                        org=org, label=label, site=site, at=at, departure=departure
                    )
                    self.record(
                        ind,
                        org=org,
                        at=at + datetime.timedelta(minutes=30 + i),
                        site=site,
                        group=other_group,
                        departure=departure,
                    )

    def group(self, *, org: str, label: str, site, at, departure: str) -> Group:
        group = Group(
            uuid=self.uuid(),
            organisation=self.orgs[org],
            kind=Group.Kind.BOAT,
            label=label,
            site=site,
            arrived_at=at,
            encounter_kind=Encounter.Kind.SEA_RESCUE,
            departure_country=departure,
            transport_mode=Encounter.Transport.BOAT,
            created_at=at,
            created_by=self.registrar[org],
        )
        self.batch.groups.append(group)
        return group

    # --- writing -------------------------------------------------------------------------------------
    @transaction.atomic
    def flush(self) -> int:
        b = self.batch
        if not b.people:
            return 0
        Group.objects.bulk_create(b.groups, batch_size=2000)
        Person.objects.bulk_create(b.people, batch_size=2000)
        PersonNameKey.objects.bulk_create(
            (PersonNameKey(person=p, organisation_id=p.organisation_id, key=k) for p, k in b.keys),
            batch_size=5000,
        )
        Alias.objects.bulk_create(b.aliases, batch_size=2000)
        Document.objects.bulk_create(b.documents, batch_size=2000)
        Group.members.through.objects.bulk_create(
            (Group.members.through(group=g, person=p) for g, p in b.members), batch_size=5000
        )
        Relationship.objects.bulk_create(b.relationships, batch_size=2000)
        Encounter.objects.bulk_create(b.encounters, batch_size=2000)
        audit_record(
            actor="demo",
            action=AuditAction.BULK_CREATE,
            object_type="person",
            detail={"records": len(b.people), "batch_sha256": batch_digest(p.uuid for p in b.people)},
        )
        count = len(b.people)
        self.batch = Batch()
        return count

    def run(
        self, *, people: int, progress: Callable[[int], None] | None = None, batch_size: int = 5000
    ) -> int:
        """Generate boats over the last twelve months until about `people` records exist."""
        rng = self.rng
        start = timezone.now() - datetime.timedelta(days=365)
        written = 0
        boat_no = 0
        while self.records < people:
            boat_no += 1
            at = start + datetime.timedelta(minutes=rng.randrange(360 * 24 * 60))
            at = at.replace(second=0, microsecond=0)
            site = rng.choice(self.landing)
            size = min(rng.randrange(15, 90), max(people - self.records, 1))
            self.boat(at=at, site=site, size=size, label=f"Boat {boat_no:05d} · {at:%d %b %Y}")
            if len(self.batch.people) >= batch_size:
                n = self.flush()
                written += n
                if progress:
                    progress(n)
        n = self.flush()
        written += n
        if progress and n:
            progress(n)
        return written

"""Benchmark: import and evaluate 1,000 ODK submissions (target: under 5 seconds), then re-import them.

    MIXEDFLOWS_DATA_DIR=/tmp/bench .venv/bin/python bench/screening_import.py            # SQLite
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mf_NAME .venv/bin/python bench/screening_import.py

Runs in a throw-away test database (test_<name>) and writes its figures into docs/benchmarks.md
under "## Screening", one row per database.
"""

import os
import platform
import re
import sys
import time
import uuid
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mixedflows.settings")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_databases, teardown_databases  # noqa: E402
from django.utils import timezone  # noqa: E402

SUBMISSIONS = 1000
TARGET_SECONDS = 5.0
DOCS = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def build(n: int):
    from mixedflows.core.models import Membership, Organisation, Site, User
    from mixedflows.core.roles import Role
    from mixedflows.people.models import Encounter, Person
    from mixedflows.screening.tests.submission_files import central

    org = Organisation.objects.create(name="Bench Agency", short_name="BEN", kind=Organisation.Kind.NGO)
    site = Site.objects.create(name="Bench quay", kind=Site.Kind.LANDING_POINT, country="ITA")
    site.organisations.set([org])
    officer = User.objects.create_user("bench.protection")
    Membership.objects.create(user=officer, organisation=org, role=Role.PROTECTION_OFFICER)
    officer = User.objects.get(pk=officer.pk)
    now = timezone.now()
    people = Person.objects.bulk_create(
        [
            Person(
                registration_number=f"BEN-{i:08d}",
                organisation=org,
                given_name=f"Person {i}",
                sex="FM"[i % 2],
                age_declared=10 + i % 60,
                created_by=officer,
            )
            for i in range(n)
        ]
    )
    people = list(Person.objects.filter(organisation=org).order_by("pk"))
    Encounter.objects.bulk_create(
        [
            Encounter(
                organisation=org, person=p, site=site, occurred_at=now, kind="sea_rescue", created_by=officer
            )
            for p in people
        ]
    )
    sections = [
        {
            "child": {"travels_with": "alone"},
            "trafficking": {"control_methods": "debt_bondage withheld_documents"},
            "smuggling": {"paid_smuggler": "yes", "amount_paid": 3000, "owes_smuggler": "yes"},
        },
        {"protection": {"fear_of_return": "yes", "reasons_for_leaving": "persecution conflict"}},
        {"health": {"medical_needs": "yes", "pregnancy": "pregnant"}, "gbv": {"gbv_disclosed": "yes"}},
        {"situation": {"purpose": "work", "stranded": "yes"}},
    ]
    submissions = [
        central(p, instance=f"uuid:{uuid.uuid4()}", **sections[i % len(sections)])
        for i, p in enumerate(people)
    ]
    return officer, submissions


def run() -> dict:
    from mixedflows.screening.models import Screening
    from mixedflows.screening.submissions import screenings_import

    officer, submissions = build(SUBMISSIONS)
    started = time.perf_counter()
    first = screenings_import(actor=officer, submissions=submissions)
    first_seconds = time.perf_counter() - started
    started = time.perf_counter()
    again = screenings_import(actor=officer, submissions=submissions)
    again_seconds = time.perf_counter() - started
    assert first.created == SUBMISSIONS and again.unchanged == SUBMISSIONS
    assert Screening.objects.count() == SUBMISSIONS
    return {"first": first_seconds, "again": again_seconds}


def write(vendor: str, figures: dict) -> None:
    row = (
        f"| {vendor} | {SUBMISSIONS:,} | {figures['first']:.2f} s | {figures['again']:.2f} s | "
        f"{'yes' if figures['first'] < TARGET_SECONDS else 'NO'} | {timezone.localdate()} · {platform.machine()}, "
        f"{os.cpu_count()} cores |"
    )
    header = (
        "## Screening\n\n"
        "`bench/screening_import.py`: 1,000 ODK Central submissions checked, evaluated by the instrument's rules and\n"
        "written in one transaction (target under 5 s), then the same file again (nothing changes).\n\n"
        "| database | submissions | import | re-import | under 5 s | measured |\n|---|---|---|---|---|---|\n"
    )
    text = DOCS.read_text() if DOCS.exists() else "# Benchmarks\n"
    if "## Screening" not in text:
        text = text.rstrip("\n") + "\n\n" + header
    start = text.index("## Screening")
    end = text.find("\n## ", start + 1)
    section = text[start:] if end == -1 else text[start : end + 1]
    lines = [line for line in section.rstrip("\n").splitlines() if not line.startswith(f"| {vendor} |")]
    new_section = "\n".join(lines) + "\n" + row + "\n"
    text = text[:start] + new_section + ("" if end == -1 else text[end + 1 :])
    DOCS.write_text(re.sub(r"\n{3,}", "\n\n", text))


def main() -> None:
    old = setup_databases(verbosity=0, interactive=False)
    try:
        vendor = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}.get(connection.vendor, connection.vendor)
        figures = run()
    finally:
        teardown_databases(old, verbosity=0)
    print(
        f"{vendor}: import {figures['first']:.2f} s, re-import {figures['again']:.2f} s "
        f"(target under {TARGET_SECONDS:.0f} s)"
    )
    write(vendor, figures)


if __name__ == "__main__":
    main()

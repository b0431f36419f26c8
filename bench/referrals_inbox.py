"""Benchmark: the referral inbox with 100,000 referrals, through the Django test client.

    .venv/bin/python bench/referrals_inbox.py [--referrals 100000] [--runs 40]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mf_referrals .venv/bin/python bench/referrals_inbox.py

Builds a throw-away database (a temporary SQLite file, or `bench_<name>` on PostgreSQL), puts every referral in
one agency's inbox (the worst case), then times the inbox page as its users open it: the default view, each
filter, an htmx partial and a deep page. Prints median and p95 per view, and the median time spent in SQL;
target under 150 ms.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
import uuid

TARGET_MS = 150


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=25_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="bench-referrals-")
    os.environ.setdefault("MIXEDFLOWS_DATA_DIR", workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mixedflows.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    test = connection.settings_dict.setdefault("TEST", {})
    test["NAME"] = (
        os.path.join(workdir, "bench.sqlite3")
        if connection.vendor == "sqlite"
        else f"bench_{connection.settings_dict['NAME']}"
    )
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        started = time.monotonic()
        users = build(referrals=args.referrals, people=args.people, seed=args.seed)
        print(
            f"{connection.vendor}: built {args.referrals:,} referrals in {time.monotonic() - started:.0f} s"
        )
        return measure(users, runs=args.runs)
    finally:
        connection.creation.destroy_test_db(test["NAME"], verbosity=0)


def build(*, referrals: int, people: int, seed: int) -> dict:
    from django.db import connection, transaction
    from django.utils import timezone

    from mixedflows.core.audit import audit_record, batch_digest
    from mixedflows.core.models import LegalBasis, Membership, Organisation, Site, User
    from mixedflows.core.roles import Role
    from mixedflows.people.models import Person
    from mixedflows.referrals.models import Referral
    from mixedflows.referrals.services import due_at_for
    from mixedflows.screening.codes import Procedure, Urgency

    rng = random.Random(seed)
    alpha = Organisation.objects.create(name="Alpha Agency", short_name="ALP", kind="un_agency")
    beta = Organisation.objects.create(
        name="Beta Agency", short_name="BET", kind="international_organisation"
    )
    site = Site.objects.create(name="Quay", kind="landing_point", country="ITA")
    site.organisations.set([alpha, beta])
    users = {}
    for name, org in (("alice", alpha), ("bob", beta)):
        users[name] = User.objects.create_user(name, password="bench-password-123")
        Membership.objects.create(user=users[name], organisation=org, role=Role.PROTECTION_OFFICER)
    now = timezone.now()
    statuses = [
        ("sent", 10),
        ("acknowledged", 8),
        ("accepted", 20),
        ("completed", 45),
        ("declined", 10),
        ("withdrawn", 7),
    ]
    with transaction.atomic():
        persons = [
            Person(
                uuid=uuid.UUID(int=rng.getrandbits(128)),
                registration_number=f"BET-{i:08d}",
                organisation=beta,
                given_name=f"P{i}",
                created_by=users["bob"],
                created_at=now,
            )
            for i in range(people)
        ]
        Person.objects.bulk_create(persons, batch_size=5000)
        rows = []
        for _ in range(referrals):
            sent = now - datetime.timedelta(minutes=rng.randrange(365 * 24 * 60))
            urgency = rng.choice(Urgency.values)
            rows.append(
                Referral(
                    uuid=uuid.UUID(int=rng.getrandbits(128)),
                    person=rng.choice(persons),
                    from_organisation=beta,
                    to_organisation=alpha,
                    service=rng.choice(Procedure.values),
                    urgency=urgency,
                    legal_basis=LegalBasis.CONSENT,
                    consent_given_by="The person",
                    field_groups=["identity"],
                    status=rng.choices([s for s, _ in statuses], weights=[w for _, w in statuses])[0],
                    due_at=due_at_for(urgency, sent),
                    created_by=users["bob"],
                    created_at=sent,
                    site=site,
                )
            )
        Referral.objects.bulk_create(rows, batch_size=5000)
        audit_record(
            actor="bench",
            action="bulk_create",
            object_type="referral",
            detail={"records": len(rows), "batch_sha256": batch_digest(r.uuid for r in rows)},
        )
    # Fresh statistics, as a running database has after its routine maintenance.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE")
    return users


def measure(users, *, runs: int) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    client = Client()
    client.force_login(users["alice"])
    inbox = reverse("referrals:inbox")
    views = [
        ("inbox (awaiting, default)", {}, {}),
        ("overdue only", {"status": "", "overdue": "on"}, {}),
        ("one service, open", {"status": "open", "service": "shelter"}, {}),
        ("all statuses, htmx partial", {"status": ""}, {"HX-Request": "true"}),
        ("completed, page 1000", {"status": "completed", "page": "1000"}, {}),
    ]
    worst = 0.0
    print(f"{'view':<32} {'median ms':>10} {'p95 ms':>8} {'SQL ms':>8}  rows")
    for label, params, headers in views:
        for _ in range(3):
            client.get(inbox, params, headers=headers)
        times, sql = [], []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(inbox, params, headers=headers)
                times.append((time.perf_counter() - started) * 1000)
            sql.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
            assert response.status_code == 200, response.status_code
        times.sort()
        median, p95 = statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]
        worst = max(worst, p95)
        rows = response.context["page"].paginator.count
        print(f"{label:<32} {median:>10.1f} {p95:>8.1f} {statistics.median(sql):>8.1f}  {rows:,}")
    verdict = "within" if worst < TARGET_MS else "OVER"
    print(f"{connection.vendor}: worst p95 {worst:.1f} ms, {verdict} the {TARGET_MS} ms target")
    return 0 if worst < TARGET_MS else 1


if __name__ == "__main__":
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    sys.exit(main())

"""Benchmark: person search and the referral inbox through the JSON API, at 100,000 people and 100,000 referrals.

Not a test. Fills the database chosen by the environment (DATABASE_URL for PostgreSQL, otherwise SQLite in
MIXEDFLOWS_DATA_DIR) with the demo generator's people (reused when already there), puts 100,000 referrals in
one agency's inbox (the worst case), then times what an integration does with a token, end to end through
Django (authentication, scope, audit event, serialisation):

* `POST /api/v1/people/search` with the foundation benchmark's realistic queries (names as recorded, other
  transliterations, word order, slips, original script, registration and document numbers);
* `GET /api/v1/referrals/inbox`: the default page, each filter, and ten pages deep by cursor.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mf_api .venv/bin/python bench/api_search_inbox.py
    MIXEDFLOWS_DATA_DIR=/tmp/bench-api .venv/bin/python bench/api_search_inbox.py

Prints median and p95 per call; the target is p95 under 100 ms on PostgreSQL.
"""

import argparse
import datetime
import json
import random
import statistics
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from django.db import transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402
from foundation_registration_search import analyze, fill, queries  # noqa: E402  (sets Django up)

from mixedflows.core.audit import audit_record, batch_digest  # noqa: E402
from mixedflows.core.models import LegalBasis, Organisation, User  # noqa: E402
from mixedflows.integrations.services import token_create  # noqa: E402
from mixedflows.people.models import Person  # noqa: E402
from mixedflows.referrals.models import Referral  # noqa: E402
from mixedflows.referrals.services import due_at_for  # noqa: E402
from mixedflows.screening.codes import Procedure, Urgency  # noqa: E402

TARGET_MS = 100
BENCH_NOTE = "api-bench"


def add_referrals(n: int, seed: int) -> None:
    """`n` referrals from RPO to AGM (AGM's inbox), about people RPO registered; kept between runs."""
    agm, rpo = Organisation.objects.get(short_name="AGM"), Organisation.objects.get(short_name="RPO")
    have = Referral.objects.filter(to_organisation=agm, note=BENCH_NOTE).count()
    if have >= n:
        return
    rng = random.Random(seed)
    people = list(Person.objects.filter(organisation=rpo).values_list("pk", flat=True)[:50_000]) or list(
        Person.objects.values_list("pk", flat=True)[:50_000]
    )
    sender = User.objects.get(username="rpo.protection")
    now = timezone.now()
    statuses = (
        ["sent"] * 10
        + ["acknowledged"] * 8
        + ["accepted"] * 20
        + ["completed"] * 45
        + ["declined"] * 10
        + ["withdrawn"] * 7
    )
    rows = []
    for _ in range(n - have):
        sent = now - datetime.timedelta(minutes=rng.randrange(365 * 24 * 60))
        urgency = rng.choice(Urgency.values)
        rows.append(
            Referral(
                uuid=uuid.UUID(int=rng.getrandbits(128)),
                person_id=rng.choice(people),
                from_organisation=rpo,
                to_organisation=agm,
                service=rng.choice(Procedure.values),
                urgency=urgency,
                note=BENCH_NOTE,
                legal_basis=LegalBasis.CONSENT,
                consent_given_by="The person",
                field_groups=["identity"],
                status=rng.choice(statuses),
                due_at=due_at_for(urgency, sent),
                created_by=sender,
                created_at=sent,
            )
        )
    with transaction.atomic():
        Referral.objects.bulk_create(rows, batch_size=5000)
        audit_record(
            actor="bench",
            action="bulk_create",
            object_type="referral",
            detail={"records": len(rows), "batch_sha256": batch_digest(r.uuid for r in rows)},
        )
    analyze()


def timed(call, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        response = call()
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:300]
    return times


def row(label: str, times: list[float]) -> str:
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) >= 20 else max(times)
    return f"| {label} | {len(times)} | {statistics.median(times):.1f} | {p95:.1f} |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()

    built = fill(args.people, args.seed)
    add_referrals(args.referrals, args.seed)
    from django.db import connection

    print(
        f"{connection.vendor}: {Person.objects.count():,} people, {Referral.objects.count():,} referrals (filled in {built:.0f} s)"
    )
    user = User.objects.get(username="agm.protection")
    secret = token_create(actor=user, name="benchmark", scopes=["read"], expires_days=1).secret
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}", HTTP_HOST="127.0.0.1")  # a host the settings allow

    sample = list(Person.objects.filter(organisation=user.organisation).order_by("?")[: args.runs])
    searches = [q for _, q, _ in queries(sample, seed=args.seed)]
    search_times = []
    for q in searches:
        started = time.perf_counter()
        response = client.post(
            "/api/v1/people/search", data=json.dumps({"query": q}), content_type="application/json"
        )
        search_times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:300]

    inbox = "/api/v1/referrals/inbox"
    lines = [
        "| call | runs | median ms | p95 ms |",
        "|---|---|---|---|",
        row("POST /people/search (mixed realistic queries)", search_times),
        row("GET /referrals/inbox (awaiting, first page)", timed(lambda: client.get(inbox), args.runs)),
        row(
            "GET /referrals/inbox?status=completed",
            timed(lambda: client.get(inbox, {"status": "completed"}), args.runs),
        ),
        row(
            "GET /referrals/inbox?overdue=true",
            timed(lambda: client.get(inbox, {"overdue": "true"}), args.runs),
        ),
        row(
            "GET /referrals/inbox?service=shelter",
            timed(lambda: client.get(inbox, {"service": "shelter"}), args.runs),
        ),
    ]
    cursor = None
    for _ in range(10):
        page = client.get(inbox, {"status": "open", **({"cursor": cursor} if cursor else {})}).json()
        cursor = page["next"]
    deep = {"status": "open", "cursor": cursor}
    lines.append(
        row("GET /referrals/inbox, page 11 by cursor", timed(lambda: client.get(inbox, deep), args.runs))
    )
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())

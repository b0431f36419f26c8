"""Benchmark: caseload pages with 200,000 cases and 2,000,000 services delivered.

    DATABASE_URL=postgres://... .venv/bin/python bench/cases_caseload.py [--cases 200000] [--services-per-case 10]
    MIXEDFLOWS_DATA_DIR=/tmp/bench .venv/bin/python bench/cases_caseload.py          # SQLite

Bulk-creates an invented agency ("Bench Agency", BEN) once (one audit event per batch, with the batch's hash),
then times each caseload page through Django's test client: my cases, overdue actions, awaiting my approval,
by stage (with a drill-down), a case page and the returns board. Prints a Markdown table of p50 and p95.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mixedflows.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from mixedflows.cases.models import (  # noqa: E402
    Action,
    Case,
    CasePlan,
    CaseType,
    Fund,
    FundRequest,
    ReturnCase,
    ServiceDelivery,
)
from mixedflows.cases.models.cases import CaseStatus  # noqa: E402
from mixedflows.cases.models.plan import ServiceKind  # noqa: E402
from mixedflows.cases.models.returns import ReturnStage  # noqa: E402
from mixedflows.core.audit import audit_record, batch_digest  # noqa: E402
from mixedflows.core.models import Membership, Organisation, User  # noqa: E402
from mixedflows.core.roles import Role  # noqa: E402
from mixedflows.people.models import Person  # noqa: E402

BATCH = 10_000
CASEWORKERS, SUPERVISORS = 200, 20


def _users(org):
    password = make_password("bench-password-not-for-use")
    names = [f"ben.cw{i:03d}" for i in range(CASEWORKERS)] + [f"ben.sup{i:02d}" for i in range(SUPERVISORS)]
    User.objects.bulk_create([User(username=n, password=password) for n in names + ["ben.fund"]])
    users = {u.username: u for u in User.objects.filter(username__startswith="ben.")}
    roles = [(n, Role.CASEWORKER) for n in names[:CASEWORKERS]] + [
        (n, Role.SUPERVISOR) for n in names[CASEWORKERS:]
    ]
    Membership.objects.bulk_create(
        [
            Membership(user=users[n], organisation=org, role=r)
            for n, r in roles + [("ben.fund", Role.FUND_MANAGER)]
        ]
    )
    return [users[n] for n in names[:CASEWORKERS]], [users[n] for n in names[CASEWORKERS:]], users["ben.fund"]


def _bulk(model, rows, label):
    with transaction.atomic():
        created = model.objects.bulk_create(rows, batch_size=2000)
        audit_record(
            actor="benchmark",
            action="create",
            object_type=label,
            detail={"rows": len(rows), "batch_hash": batch_digest(r.pk or i for i, r in enumerate(created))},
        )


def build(n_cases: int, services_per_case: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    org = Organisation.objects.create(name="Bench Agency", short_name="BEN", kind="ngo")
    caseworkers, supervisors, fund_manager = _users(org)
    now, today = timezone.now(), timezone.localdate()
    types, started = CaseType.values, time.monotonic()
    statuses = (
        [CaseStatus.OPEN] * 12
        + [CaseStatus.FOLLOW_UP] * 3
        + [CaseStatus.CLOSED] * 4
        + [CaseStatus.CLOSED_REFERRED]
    )
    fund = Fund.objects.create(
        organisation=org,
        name="Bench fund",
        currency="EUR",
        period_start=today.replace(month=1, day=1),
        period_end=today.replace(month=12, day=31),
        budget=Decimal("10000000"),
        fund_manager_threshold=Decimal("500"),
    )
    for start in range(0, n_cases, BATCH):
        ids = range(start, min(start + BATCH, n_cases))
        _bulk(
            Person,
            [
                Person(
                    organisation=org,
                    registration_number=f"BEN-{i:09d}",
                    given_name="Bench",
                    sex="F",
                    created_by=caseworkers[0],
                )
                for i in ids
            ],
            "person",
        )
        people = dict(
            Person.objects.filter(registration_number__in=[f"BEN-{i:09d}" for i in ids]).values_list(
                "registration_number", "pk"
            )
        )
        cases = [
            Case(
                reference=f"BEN-C-{i:09d}",
                organisation=org,
                person_id=people[f"BEN-{i:09d}"],
                type=types[i % len(types)],
                status=rng.choice(statuses),
                caseworker=caseworkers[i % CASEWORKERS],
                supervisor=supervisors[i % SUPERVISORS],
                opened_by=caseworkers[i % CASEWORKERS],
                opened_at=now - datetime.timedelta(days=rng.randint(0, 1000)),
            )
            for i in ids
        ]
        _bulk(Case, cases, "case")
        case_ids = list(
            Case.objects.filter(reference__in=[c.reference for c in cases]).values_list("pk", "caseworker_id")
        )
        closed = set(
            Case.objects.filter(
                reference__in=[c.reference for c in cases], status__in=["closed", "closed_referred"]
            ).values_list("pk", flat=True)
        )
        _bulk(
            CasePlan,
            [
                CasePlan(case_id=pk, author_id=cw, status=rng.choice(["draft", "submitted", "approved"]))
                for pk, cw in case_ids
            ],
            "case_plan",
        )
        _bulk(
            Action,
            [
                Action(
                    organisation=org,
                    case_id=pk,
                    description="Follow-up call",
                    owner_id=cw,
                    created_by_id=cw,
                    due_on=today + datetime.timedelta(days=rng.randint(-60, 60)),
                    done_at=now if rng.random() < 0.7 else None,
                )
                for pk, cw in case_ids
            ],
            "case_action",
        )
        _bulk(
            ServiceDelivery,
            [
                ServiceDelivery(
                    organisation=org,
                    case_id=pk,
                    kind=rng.choice(ServiceKind.values),
                    provider="Partner",
                    delivered_on=today - datetime.timedelta(days=rng.randint(0, 900)),
                    cost=Decimal(rng.randint(5, 300)),
                    currency="EUR",
                    recorded_by_id=cw,
                )
                for pk, cw in case_ids
                for _ in range(services_per_case)
            ],
            "case_service",
        )
        _bulk(
            FundRequest,
            [
                FundRequest(
                    organisation=org,
                    case_id=pk,
                    fund=fund,
                    amount=Decimal("120"),
                    purpose="Rent",
                    justification="Bench",
                    requested_by_id=cw,
                    status=rng.choice(["pending", "approved", "awaiting_fund_manager"]),
                )
                for pk, cw in case_ids[::100]
            ],
            "fund_request",
        )
        _bulk(
            ReturnCase,
            [
                ReturnCase(
                    organisation=org,
                    case_id=pk,
                    destination_country="NGA",
                    stage=rng.choice(ReturnStage.values),
                    informed_on=today,
                    created_by_id=cw,
                    case_open=pk not in closed,
                    progressed_at=now - datetime.timedelta(days=rng.randint(0, 90)),
                )
                for pk, cw in case_ids[::20]
            ],
            "return",
        )
        done = min(start + BATCH, n_cases)
        print(
            f"  {done:>9,} cases, {done * services_per_case:>11,} services  ({time.monotonic() - started:.0f} s)",
            file=sys.stderr,
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "VACUUM ANALYZE"
            )  # what autovacuum does on a live server: visibility map and statistics


def measure(n: int = 40) -> list[tuple[str, float, float]]:
    org = Organisation.objects.get(short_name="BEN")
    caseworker, supervisor = User.objects.get(username="ben.cw000"), User.objects.get(username="ben.sup00")
    case = Case.objects.filter(organisation=org, caseworker=caseworker).order_by("pk").first()
    pages = [
        ("My cases", caseworker, reverse("cases:mine")),
        ("Overdue actions", caseworker, reverse("cases:overdue")),
        ("Awaiting my approval (supervisor)", supervisor, reverse("cases:approvals")),
        ("By stage", supervisor, reverse("cases:stages")),
        (
            "By stage, one cell listed",
            supervisor,
            reverse("cases:stages") + "?type=stranded_migrant&status=open",
        ),
        ("A case page (10 services)", caseworker, reverse("cases:detail", args=[case.uuid])),
        ("Returns board", supervisor, reverse("cases:returns_board")),
    ]
    results = []
    for label, user, url in pages:
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        times = []
        for _ in range(n):
            t = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        results.append((label, statistics.median(times), times[int(0.95 * (len(times) - 1))]))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--services-per-case", type=int, default=10)
    parser.add_argument("--requests", type=int, default=40, help="Timed requests per page")
    args = parser.parse_args()
    call_command("migrate", interactive=False, verbosity=0)
    if not Organisation.objects.filter(short_name="BEN").exists():
        started = time.monotonic()
        build(args.cases, args.services_per_case)
        print(f"built in {time.monotonic() - started:.0f} s", file=sys.stderr)
    n_cases = Case.objects.filter(organisation__short_name="BEN").count()
    n_services = ServiceDelivery.objects.filter(organisation__short_name="BEN").count()
    print(
        f"\n{connection.vendor}: {n_cases:,} cases, {n_services:,} services delivered, {args.requests} requests per page\n"
    )
    print("| page | p50 ms | p95 ms |\n|---|---:|---:|")
    for label, p50, p95 in measure(args.requests):
        print(f"| {label} | {p50:.1f} | {p95:.1f} |")


if __name__ == "__main__":
    main()

"""Parquet snapshots of the operational database, for DuckDB analytics.

Rows are streamed from the ORM into Arrow record batches and written to Parquet (DuckDB 2 has no
sqlite/postgres scanner offline). A snapshot holds no names and no dates of birth: age bands, sex,
nationality, site, dates and profile categories only.
"""

import datetime
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
from django.db.models import Count
from django.utils import timezone

from mixedflows.flows.analytics import category_mask
from mixedflows.flows.models import COUNT_FIELDS, Observation, Snapshot, SurveyInterview, age_band
from mixedflows.lib.env import data_dir
from mixedflows.people.models import Encounter, Person
from mixedflows.screening.models import Screening

BATCH = 50_000

REGISTRY_SCHEMA = pa.schema(
    [
        ("org", pa.int64()),
        ("point_id", pa.int64()),
        ("point", pa.string()),
        ("site_id", pa.int64()),
        ("country", pa.string()),
        ("date", pa.date32()),
        ("direction", pa.string()),
        ("movement", pa.string()),
        ("nationality", pa.string()),
        ("previous_place", pa.string()),
        ("next_place", pa.string()),
        ("final_destination", pa.string()),
        ("transport", pa.string()),
        *[(name, pa.int32()) for name in COUNT_FIELDS],
        ("total", pa.int32()),
    ]
)
ARRIVALS_SCHEMA = pa.schema(
    [
        ("org", pa.int64()),
        ("person_id", pa.int64()),
        ("date", pa.date32()),
        ("site_id", pa.int64()),
        ("site", pa.string()),
        ("site_country", pa.string()),
        ("departure_country", pa.string()),
        ("nationality", pa.string()),
        ("sex", pa.string()),
        ("age_band", pa.string()),
        ("screened", pa.bool_()),
        ("category_mask", pa.int32()),
        ("n_encounters", pa.int32()),
    ]
)
SURVEY_SCHEMA = pa.schema(
    [
        ("org", pa.int64()),
        ("point_id", pa.int64()),
        ("country", pa.string()),  # the point's
        ("date", pa.date32()),
        ("sex", pa.string()),
        ("age_band", pa.string()),
        ("nationality", pa.string()),
        ("departure_country", pa.string()),
        ("intended_destination", pa.string()),
        ("intention", pa.string()),
        ("journey_cost_usd", pa.int64()),
        ("reasons", pa.list_(pa.string())),
        ("incident_kinds", pa.list_(pa.string())),
        ("needs", pa.list_(pa.string())),
    ]
)
TABLES = {"registry": REGISTRY_SCHEMA, "arrivals": ARRIVALS_SCHEMA, "survey": SURVEY_SCHEMA}


def snapshot_root() -> Path:
    return data_dir() / "flows-snapshots"


def _write(path: Path, schema: pa.Schema, rows: Iterable[tuple], advance: Callable[[int], None]) -> int:
    names = schema.names
    count = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        batch: list[tuple] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                writer.write_batch(
                    pa.RecordBatch.from_arrays(
                        [
                            pa.array(col, type=schema.field(i).type)
                            for i, col in enumerate(zip(*batch, strict=True))
                        ],
                        names=names,
                    )
                )
                count += len(batch)
                advance(len(batch))
                batch = []
        if batch:
            writer.write_batch(
                pa.RecordBatch.from_arrays(
                    [
                        pa.array(col, type=schema.field(i).type)
                        for i, col in enumerate(zip(*batch, strict=True))
                    ],
                    names=names,
                )
            )
            count += len(batch)
            advance(len(batch))
    return count


def _registry_rows() -> Iterator[tuple]:
    fields = [
        "organisation_id",
        "point_id",
        "point__name",
        "point__site_id",
        "point__country",
        "date",
        "direction",
        "movement",
        "nationality",
        "previous_place",
        "next_place",
        "final_destination",
        "transport",
        *COUNT_FIELDS,
        "total",
    ]
    yield from Observation.objects.order_by().values_list(*fields).iterator(chunk_size=BATCH)


def _latest_categories() -> dict[int, int]:
    """Each person's outcome from their latest completed screening, as a category bit mask."""
    latest: dict[int, int] = {}
    rows = (
        Screening.objects.filter(status=Screening.Status.COMPLETED, completed_at__isnull=False)
        .order_by("person_id", "completed_at")
        .values_list("person_id", "categories")
    )
    for person_id, categories in rows.iterator(chunk_size=BATCH):
        latest[person_id] = category_mask(categories or [])
    return latest


def _age_at(
    dob: datetime.date | None, assessed: int | None, declared: int | None, day: datetime.date
) -> int | None:
    if dob:
        return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))
    return assessed if assessed is not None else declared


def _arrival_rows() -> Iterator[tuple]:
    categories = _latest_categories()
    encounters = dict(
        Encounter.objects.order_by().values("person_id").annotate(n=Count("pk")).values_list("person_id", "n")
    )
    people = {
        pid: (sex, nat, dob, assessed, declared)
        for pid, sex, nat, dob, assessed, declared in Person.objects.order_by()
        .values_list("pk", "sex", "nationality", "date_of_birth", "age_assessed", "age_declared")
        .iterator(chunk_size=BATCH)
    }
    rows = Encounter.objects.order_by().values_list(
        "organisation_id",
        "person_id",
        "occurred_at",
        "site_id",
        "site__name",
        "site__country",
        "departure_country",
    )
    for org, pid, occurred_at, site_id, site, site_country, departure in rows.iterator(chunk_size=BATCH):
        sex, nat, dob, assessed, declared = people[pid]
        day = timezone.localdate(occurred_at)
        mask = categories.get(pid)
        yield (
            org,
            pid,
            day,
            site_id,
            site,
            site_country,
            departure,
            nat,
            sex or "",
            age_band(_age_at(dob, assessed, declared, day)),
            mask is not None,
            mask or 0,
            encounters[pid],
        )


def _survey_rows() -> Iterator[tuple]:
    rows = SurveyInterview.objects.order_by().values_list(
        "organisation_id",
        "point_id",
        "point__country",
        "interviewed_on",
        "sex",
        "age_band",
        "nationality",
        "departure_country",
        "intended_destination",
        "intention",
        "journey_cost_usd",
        "reasons",
        "incidents",
        "needs",
    )
    for *head, reasons, incidents, needs in rows.iterator(chunk_size=BATCH):
        yield (*head, list(reasons), [i.get("kind", "") for i in incidents], list(needs))


def _sources() -> dict[str, tuple[Callable[[], Iterable[tuple]], int]]:
    return {
        "registry": (_registry_rows, Observation.objects.count()),
        "arrivals": (_arrival_rows, Encounter.objects.count()),
        "survey": (_survey_rows, SurveyInterview.objects.count()),
    }


def snapshot_take(
    *, on_total: Callable[[int], None] | None = None, advance: Callable[[int], None] | None = None
) -> Snapshot:
    """Write a new snapshot; on success it becomes the current one and all but the previous one are removed."""
    snapshot = Snapshot.objects.create(directory="")
    directory = snapshot_root() / snapshot.uuid.hex
    directory.mkdir(parents=True, exist_ok=True)
    snapshot.directory = str(directory)
    snapshot.save(update_fields=["directory"])
    sources = _sources()
    if on_total is not None:
        on_total(sum(total for _, total in sources.values()))
    advance = advance or (lambda n: None)
    try:
        rows = {
            name: _write(directory / f"{name}.parquet", TABLES[name], make(), advance)
            for name, (make, _total) in sources.items()
        }
    except Exception as error:
        Snapshot.objects.filter(pk=snapshot.pk).update(
            status=Snapshot.Status.FAILED, finished_at=timezone.now(), message=f"{type(error).__name__}"
        )
        shutil.rmtree(directory, ignore_errors=True)
        raise
    snapshot.rows, snapshot.status, snapshot.finished_at = rows, Snapshot.Status.DONE, timezone.now()
    snapshot.save(update_fields=["rows", "status", "finished_at"])
    # Keep the previous snapshot too: a page that opened it a moment ago may still be reading it.
    for old in Snapshot.objects.exclude(status=Snapshot.Status.RUNNING).order_by("-started_at")[2:]:
        shutil.rmtree(old.directory, ignore_errors=True)
        old.delete()
    return snapshot


def current_snapshot() -> Snapshot | None:
    return Snapshot.objects.filter(status=Snapshot.Status.DONE).order_by("-finished_at").first()

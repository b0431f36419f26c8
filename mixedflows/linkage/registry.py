"""Whole-registry linkage: snapshot the main database to Arrow, score with Splink, file the results.

Pairs inside one organisation go to its review queue (never merged automatically).
Pairs across organisations become match notices, and only where the other
organisation's data-sharing agreement allows match notices.
"""

import datetime

import pyarrow as pa
import pyarrow.compute as pc
from django.db import transaction
from django.db.models import Min, Q
from django.utils import timezone

from mixedflows.core.models import DataSharingAgreement
from mixedflows.core.tasks import JobProgress
from mixedflows.linkage import engine
from mixedflows.linkage.features import person_features
from mixedflows.linkage.models import MatchCandidate, MatchNotice
from mixedflows.people.models import Document, Encounter, Person

CHUNK = 5000


def snapshot(progress: JobProgress | None = None) -> tuple[pa.Table, dict[str, tuple[int, int]]]:
    """Current records of every organisation as comparison features, streamed in chunks into Arrow.

    Returns the table and, per record uuid, (person pk, organisation pk).
    """
    batches, owners = [], {}
    people = Person.objects.filter(retired_at__isnull=True).order_by("pk")
    last = 0
    while True:
        chunk = list(people.filter(pk__gt=last)[:CHUNK])
        if not chunk:
            break
        last = chunk[-1].pk
        ids = [p.pk for p in chunk]
        documents: dict[int, str] = {}
        for person_id, number in Document.objects.filter(person_id__in=ids).values_list(
            "person_id", "number"
        ):
            documents.setdefault(person_id, number)
        groups: dict[int, str] = {}
        for person_id, group_id in Person.groups.through.objects.filter(person_id__in=ids).values_list(
            "person_id", "group_id"
        ):
            groups.setdefault(person_id, str(group_id))
        first_met = dict(
            Encounter.objects.filter(person_id__in=ids)
            .values("person_id")
            .annotate(first=Min("occurred_at"))
            .values_list("person_id", "first")
        )
        rows = [
            person_features(
                p,
                document=documents.get(p.pk, ""),
                group_id=groups.get(p.pk, ""),
                first_met=first_met[p.pk].date() if p.pk in first_met else None,
            )
            for p in chunk
        ]
        batches.append(engine.to_arrow(rows))
        owners.update({str(p.uuid): (p.pk, p.organisation_id) for p in chunk})
        if progress:
            progress.advance(len(chunk), message="snapshot")
    table = pa.concat_tables(batches) if batches else engine.to_arrow([])
    return table, owners


def _notice_allowed() -> set[tuple[int, int]]:
    """(from, to) organisation pairs whose current agreement allows match notices."""
    today = timezone.localdate()
    agreements = DataSharingAgreement.objects.filter(match_notices=True, signed_on__lte=today).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )
    return set(agreements.values_list("from_organisation_id", "to_organisation_id"))


def run(
    *,
    model: dict,
    model_version: int | None,
    threshold: float = engine.DEFAULT_THRESHOLD,
    progress: JobProgress | None = None,
    job=None,
) -> dict:
    table, owners = snapshot(progress)
    if table.num_rows < 2:
        return {"records": table.num_rows, "pairs": 0, "review": 0, "notices": 0}
    if progress:
        progress.advance(0, message="scoring pairs with Splink")
    if model_version is None:  # the default model: its share of matching pairs rescaled to this registry
        model = engine.default_model(records=table.num_rows)
    pairs = engine.predict([table], model, threshold=engine.REVIEW_FLOOR)
    half = table.num_rows // 2  # the second half of the bar: scoring, then filing
    if progress:
        progress.advance(half, message="filing pairs")
    allowed = _notice_allowed()
    ids_l, ids_r, probabilities = (
        pairs.column(c).to_pylist() for c in ("unique_id_l", "unique_id_r", "match_probability")
    )
    paired = pa.array(sorted(set(ids_l) | set(ids_r)), type=pa.string())
    features = {
        row["unique_id"]: row
        for row in table.filter(pc.is_in(table["unique_id"], value_set=paired)).to_pylist()
    }
    candidates: list[MatchCandidate] = []
    notices: dict[tuple[int, int], tuple[float, int]] = {}
    for left, right, probability in zip(ids_l, ids_r, probabilities, strict=True):
        (pk_l, org_l), (pk_r, org_r) = owners[left], owners[right]
        if org_l == org_r:
            _, levels = engine.pair_probability(model, features[left], features[right])
            a, b = sorted([pk_l, pk_r])
            candidates.append(
                MatchCandidate(
                    person_a_id=a,
                    person_b_id=b,
                    organisation_id=org_l,
                    probability=probability,
                    reasons=engine.reasons(levels),
                    model_version=model_version,
                    job=job,
                )
            )
        elif probability >= threshold:
            for (pk, org), other in (((pk_l, org_l), org_r), ((pk_r, org_r), org_l)):
                if (other, org) in allowed and probability > notices.get((pk, other), (0,))[0]:
                    notices[(pk, other)] = (probability, org)
    with transaction.atomic():
        before = MatchCandidate.objects.count(), MatchNotice.objects.count()
        # A pair already in the queue keeps its decision: a reviewer's "different people" stands.
        MatchCandidate.objects.bulk_create(candidates, batch_size=2000, ignore_conflicts=True)
        MatchNotice.objects.bulk_create(
            [
                MatchNotice(
                    person_id=pk, other_organisation_id=other, organisation_id=org, probability=p, job=job
                )
                for (pk, other), (p, org) in notices.items()
            ],
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["person", "other_organisation"],
            update_fields=["probability", "job"],
        )
        review = MatchCandidate.objects.count() - before[0]
        new_notices = MatchNotice.objects.count() - before[1]
    if progress:
        progress.advance(table.num_rows - half, message="pairs filed")
    return {
        "records": table.num_rows,
        "pairs": len(probabilities),
        "review": review,
        "notices": new_notices,
        "finished": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }

"""Import ODK Central or KoboToolbox JSON submissions as screenings: all or nothing, idempotent, edits update.

A submission is known by its root instanceID (ODK Central's `__id`, Kobo's `meta/rootUuid`, else the
first instanceID seen); every instanceID of it is kept, so re-importing a file changes nothing and
an edited submission (`meta/deprecatedID`) updates the screening it replaces. The form version (our
calculated `instrument_version`, else ODK Central's `__system/formVersion`) chooses the instrument
version whose questions map the answers.
"""

import datetime
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from mixedflows.core.audit import AuditAction, audit_record, batch_digest
from mixedflows.core.models import User
from mixedflows.core.roles import Perm
from mixedflows.core.submission_versions import holders_by_version
from mixedflows.people.models import Encounter, Person
from mixedflows.screening.answers import AnswerError, clean_answer
from mixedflows.screening.instruments import all_questions
from mixedflows.screening.models import Instrument, Screening
from mixedflows.screening.review import REJECTED, review_state
from mixedflows.screening.services import apply_outcome, checked_answers
from mixedflows.screening.submission_json import (
    ImportFailed,
    SubmissionProblem,
    flatten,
    read_submissions,
    strip_uuid,
    too_deep,
)

__all__ = ["ImportFailed", "ImportResult", "SubmissionProblem", "read_submissions", "screenings_import"]


@dataclass
class Parsed:
    index: int
    instance_id: str
    root_id: str
    deprecated_id: str
    instrument: Instrument
    person: Person
    answers: dict
    started_at: datetime.datetime | None = None
    ended_at: datetime.datetime | None = None
    label: str = ""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    flagged: int = 0  # rejected by the server's reviewer after import: flagged for review
    screenings: list[str] = field(default_factory=list)
    refused: list[SubmissionProblem] = field(default_factory=list)  # rejected by the reviewer: not imported

    def as_dict(self) -> dict:
        return {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "flagged": self.flagged,
            "refused": len(self.refused),
        }


def _by_name(flat: dict) -> dict:
    """The last path segment: question keys are unique in an instrument, so groups do not matter."""
    return {path.rsplit("/", 1)[-1]: value for path, value in flat.items()}


def _when(text):
    """A submission time; Kobo's `_submission_time` has no zone and is UTC."""
    moment = parse_datetime(text) if isinstance(text, str) else None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment, datetime.UTC)
    return moment


def parse_one(
    index: int, submission: dict, *, instruments: dict, people: dict, problems: list
) -> Parsed | None:
    flat = flatten(submission)
    named = _by_name(flat)
    instance_id = strip_uuid(flat.get("meta/instanceID") or submission.get("_uuid") or submission.get("__id"))
    label = instance_id or f"#{index + 1}"
    before = len(problems)
    if not instance_id:
        problems.append(SubmissionProblem(label, "meta/instanceID", "missing"))
    version = str(named.get("instrument_version") or flat.get("__system/formVersion") or "").strip()
    instrument = instruments.get(version)
    if instrument is None:
        known = ", ".join(sorted(instruments)) or "none"
        problems.append(
            SubmissionProblem(
                label,
                "form version",
                f"{version or '(missing)'} is not a loaded instrument version (known: {known})",
            )
        )
    registration = str(named.get("registration_number") or "").strip()
    # The form's calculate fills the number from the entity, the scan or the typing; the entity alone (an
    # older form, a calculate that could not run) still names the person.
    entity = str(named.get("person") or "").strip()
    person = people.get(registration) if registration else people.get(f"uuid:{entity}") if entity else None
    if person is None:
        problems.append(
            SubmissionProblem(
                label,
                "registration_number",
                "missing" if not registration else "no person of your agency has it",
            )
        )
    answers = {}
    if instrument is not None:
        for key, question in all_questions(instrument.definition).items():
            try:
                answers[key] = clean_answer(question, named.get(key))
            except AnswerError as error:
                problems.append(SubmissionProblem(label, key, str(error)))
    if len(problems) == before and instrument is not None and person is not None:
        # The page's checks: skip logic, constraints, a child's consent only from an appointed guardian.
        answers, wrong = checked_answers(instrument.definition, answers, person)
        problems += [SubmissionProblem(label, key, message) for key, message in wrong.items()]
    if len(problems) > before or instrument is None or person is None:
        return None
    # The form's own start and end times; else when the server received it.
    ended = _when(named.get("end")) or _when(
        flat.get("__system/submissionDate") or submission.get("_submission_time")
    )
    return Parsed(
        index=index,
        instance_id=instance_id,
        root_id=strip_uuid(submission.get("__id") or flat.get("meta/rootUuid")),
        deprecated_id=strip_uuid(flat.get("meta/deprecatedID")),
        instrument=instrument,
        person=person,
        answers=answers,
        started_at=_when(named.get("start")) or ended,
        ended_at=ended,
        label=label,
    )


def screenings_import(
    *,
    actor: User,
    submissions: list[dict],
    code: str = "protection",
    progress: Callable[[int], None] | None = None,
) -> ImportResult:
    """Import a batch in one transaction; ImportFailed (nothing written) names every bad submission and field."""
    if not actor.can(Perm.SCREEN) or actor.organisation is None:
        raise PermissionDenied(Perm.SCREEN)
    if deep := too_deep(submissions):
        raise ImportFailed(deep)
    instruments = {i.version: i for i in Instrument.objects.filter(code=code)}
    rejected = [s for s in submissions if review_state(s) == REJECTED]
    submissions = [s for s in submissions if review_state(s) != REJECTED]
    people = _people(actor, submissions)
    problems: list[SubmissionProblem] = []
    parsed = []
    for index, submission in enumerate(submissions):
        item = parse_one(index, submission, instruments=instruments, people=people, problems=problems)
        if item is not None:
            parsed.append(item)
        if progress:
            progress(1)
    problems += _conflicting_duplicates(parsed)
    if problems:
        raise ImportFailed(problems)
    with transaction.atomic():
        result = _write(actor=actor, parsed=parsed, rejected=rejected)
    if progress:
        progress(len(rejected))
    return result


def _people(actor: User, submissions: list[dict]) -> dict:
    """The agency's people the batch names, by registration number and by "uuid:<entity name>"."""
    registrations, entities = set(), set()
    for submission in submissions:
        named = _by_name(flatten(submission))
        registrations.add(str(named.get("registration_number") or "").strip())
        try:
            entities.add(uuid.UUID(str(named.get("person") or "")))
        except ValueError:
            pass
    owned = Person.objects.owned_by(actor.organisation)
    people = {p.registration_number: p for p in owned.filter(registration_number__in=registrations)}
    people |= {f"uuid:{p.uuid}": p for p in owned.filter(uuid__in=entities)}
    return people


def _conflicting_duplicates(parsed: list[Parsed]) -> list[SubmissionProblem]:
    """The same instanceID twice in one batch must be the same submission; otherwise which one is true?"""
    first: dict[str, Parsed] = {}
    problems = []
    for item in parsed:
        seen = first.setdefault(item.instance_id, item)
        if seen is not item and (seen.person, seen.instrument, seen.answers) != (
            item.person,
            item.instrument,
            item.answers,
        ):
            problems.append(
                SubmissionProblem(
                    item.label,
                    "meta/instanceID",
                    f"appears as submissions #{seen.index + 1} and #{item.index + 1} of the batch "
                    "with different answers",
                )
            )
    return problems


def _flag_rejected(*, actor: User, rejected: list[dict], result: ImportResult) -> None:
    """Rejected by the server's reviewer: never imported; a screening imported before is flagged for review."""
    org = actor.organisation
    for submission in rejected:
        flat = flatten(submission)
        ids = {
            strip_uuid(i)
            for i in (flat.get("meta/instanceID"), submission.get("_uuid"), submission.get("__id"))
            if i
        }
        ids |= {strip_uuid(flat.get("meta/deprecatedID"))} - {""}
        screening = Screening.objects.filter(organisation=org, submission_id__in=ids).first()
        if screening is None:
            versions = Screening.objects.filter(organisation=org, source=Screening.Source.ODK)
            screening = next((s for s in versions.iterator() if ids & set(s.submission_versions)), None)
        label = next(iter(sorted(ids)), "(no instanceID)")
        if screening is None:
            result.refused.append(
                SubmissionProblem(label, "review", "rejected by a reviewer on the server: not imported")
            )
        elif screening.rejected_at_source_at is None:
            screening.rejected_at_source_at = timezone.now()
            screening.save(update_fields=["rejected_at_source_at"])
            result.flagged += 1
            audit_record(
                actor=actor,
                action=AuditAction.CHANGE,
                object_type="screening",
                object_id=screening.uuid,
                fields=["rejected_at_source_at"],
                detail={"reason": "rejected by a reviewer on the server after import"},
            )


def _write(*, actor: User, parsed: list[Parsed], rejected: Sequence[dict] = ()) -> ImportResult:
    org = actor.organisation
    by_version = holders_by_version(
        Screening.objects.filter(organisation=org),
        ids={i for p in parsed for i in (p.instance_id, p.root_id, p.deprecated_id)},
        replaced={p.deprecated_id for p in parsed},
        lock=True,
    )
    sites = _latest_sites({p.person.pk for p in parsed})
    result, new, changed = ImportResult(), [], {}
    for item in parsed:
        screening = next(
            (
                by_version[i]
                for i in (item.root_id, item.deprecated_id, item.instance_id)
                if i and i in by_version
            ),
            None,
        )
        if screening is not None and item.instance_id in screening.submission_versions:
            result.unchanged += 1
            continue
        if screening is None:
            screening = Screening(
                organisation=org,
                source=Screening.Source.ODK,
                status=Screening.Status.COMPLETED,
                submission_id=item.root_id or item.deprecated_id or item.instance_id,
                performed_by=actor,
                submission_versions=[v for v in (item.deprecated_id,) if v],
            )
            new.append(screening)
        elif screening.pk:
            changed[screening.pk] = screening
        screening.person, screening.instrument, screening.answers = item.person, item.instrument, item.answers
        screening.encounter_id, screening.site_id = sites.get(item.person.pk, (None, None))
        screening.completed_at = item.ended_at or timezone.now()
        screening.started_at = item.started_at or screening.completed_at
        screening.submission_versions = [*screening.submission_versions, item.instance_id]
        apply_outcome(screening, item.person)
        for version in screening.submission_versions + [screening.submission_id]:
            by_version[version] = screening
    Screening.objects.bulk_create(new, batch_size=500)
    Screening.objects.bulk_update(
        list(changed.values()),
        [
            "person",
            "instrument",
            "answers",
            "encounter",
            "site",
            "started_at",
            "completed_at",
            "submission_versions",
            "categories",
            "urgency",
            "procedures",
            "explanation",
        ],
        batch_size=500,
    )
    result.created, result.updated = len(new), len(changed)
    result.screenings = [str(s.uuid) for s in [*new, *changed.values()]]
    _flag_rejected(actor=actor, rejected=list(rejected), result=result)
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        object_type="screening",
        detail={
            **result.as_dict(),
            "submissions": len(parsed),
            "batch_digest": batch_digest(sorted(p.instance_id for p in parsed)),
        },
    )
    return result


def _latest_sites(person_ids: set[int]) -> dict[int, tuple[int, int | None]]:
    latest: dict[int, tuple[int, int | None]] = {}
    rows = (
        Encounter.objects.filter(person_id__in=person_ids)
        .order_by("occurred_at")
        .values_list("person_id", "pk", "site_id")
    )
    for person_id, encounter_id, site_id in rows:
        latest[person_id] = (encounter_id, site_id)
    return latest

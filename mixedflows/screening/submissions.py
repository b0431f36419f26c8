"""Import ODK Central or KoboToolbox JSON submissions as screenings: all or nothing, idempotent, edits update.

A submission is known by its root instanceID (ODK Central's `__id`, Kobo's `meta/rootUuid`, else the
first instanceID seen); every instanceID of it is kept, so re-importing a file changes nothing and
an edited submission (`meta/deprecatedID`) updates the screening it replaces. The form version (our
calculated `instrument_version`, else ODK Central's `__system/formVersion`) chooses the instrument
version whose questions map the answers.
"""

import datetime
import json
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from mixedflows.core.audit import audit_record, batch_digest
from mixedflows.core.roles import Perm
from mixedflows.people.models import Encounter, Person
from mixedflows.screening.answers import AnswerError, clean_answer
from mixedflows.screening.instruments import all_questions
from mixedflows.screening.models import Instrument, Screening
from mixedflows.screening.services import apply_outcome

MAX_REPORTED = 50
# A form nests groups and repeats a few levels; anything deeper is not a submission (and would exhaust the stack).
MAX_DEPTH = 32


@dataclass
class SubmissionProblem:
    submission: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"submission {self.submission}: {self.field}: {self.message}"


class ImportFailed(Exception):
    """Nothing was imported; `problems` names each submission and field at fault."""

    def __init__(self, problems: list[SubmissionProblem]):
        self.problems = problems
        shown = "; ".join(str(p) for p in problems[:MAX_REPORTED])
        more = f" (and {len(problems) - MAX_REPORTED} more)" if len(problems) > MAX_REPORTED else ""
        super().__init__(f"Nothing imported: {len(problems)} problem(s). {shown}{more}")


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
    screenings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"created": self.created, "updated": self.updated, "unchanged": self.unchanged}


def read_submissions(text: str | bytes) -> list[dict]:
    """A JSON list, an OData response ({"value": [...]}) or a Kobo API page ({"results": [...]})."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as error:
        raise ImportFailed([SubmissionProblem("(file)", "JSON", f"not valid JSON ({error})")]) from error
    except RecursionError as error:
        raise ImportFailed([_too_deep_in_text(text)]) from error
    if isinstance(data, dict):
        data = data.get("value", data.get("results"))
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise ImportFailed([SubmissionProblem("(file)", "JSON", "expected a list of submissions")])
    if deep := too_deep(data):
        raise ImportFailed(deep)
    return data


def too_deep(submissions: list[dict]) -> list[SubmissionProblem]:
    return [
        SubmissionProblem(_label(item, index), "JSON", f"nested more than {MAX_DEPTH} levels deep")
        for index, item in enumerate(submissions)
        if _depth(item) > MAX_DEPTH
    ]


def _depth(value) -> int:
    """How deeply objects and lists nest, without recursion (stops counting past MAX_DEPTH)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list) and level <= MAX_DEPTH + 1:
            deepest = max(deepest, level)
            stack += [(child, level + 1) for child in (item.values() if isinstance(item, dict) else item)]
    return deepest


def _label(submission: dict, index: int) -> str:
    """The submission's instanceID where it can be read, else its place in the file."""
    meta = submission.get("meta")
    instance = submission.get("meta/instanceID") or submission.get("_uuid") or submission.get("__id")
    if not instance and isinstance(meta, dict):
        instance = meta.get("instanceID")
    return _strip(instance) if isinstance(instance, str) and instance.strip() else f"#{index + 1}"


def _too_deep_in_text(text: str | bytes) -> SubmissionProblem:
    """Too deep for the JSON parser: find which submission of the list goes past MAX_DEPTH, by scanning."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    depth, in_string, escaped, index, outer = 0, False, False, 0, None
    for char in text:
        if in_string:
            escaped, in_string = (False, True) if escaped else (char == "\\", char != '"')
            continue
        if char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if outer is None and char == "[":
                outer = depth  # the list of submissions (top level, or under "value"/"results")
            elif outer is not None and depth - outer > MAX_DEPTH:
                break
        elif char in "]}":
            depth -= 1
            if outer is not None and depth == outer:
                index += 1
    else:
        return SubmissionProblem("(file)", "JSON", f"nested more than {MAX_DEPTH} levels deep")
    return SubmissionProblem(f"#{index + 1}", "JSON", f"nested more than {MAX_DEPTH} levels deep")


def flatten(submission: dict, prefix: str = "") -> dict:
    """Nested groups (ODK Central) and "group/question" keys (Kobo) both become {path: value}."""
    flat = {}
    for key, value in submission.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{path}/"))
        else:
            flat[path] = value
    return flat


def _strip(identifier) -> str:
    text = str(identifier or "").strip()
    return text[5:] if text.startswith("uuid:") else text


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
    instance_id = _strip(flat.get("meta/instanceID") or submission.get("_uuid") or submission.get("__id"))
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
    person = people.get(registration)
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
    if len(problems) > before or instrument is None or person is None:
        return None
    # The form's own start and end times; else when the server received it.
    ended = _when(named.get("end")) or _when(
        flat.get("__system/submissionDate") or submission.get("_submission_time")
    )
    return Parsed(
        index=index,
        instance_id=instance_id,
        root_id=_strip(submission.get("__id") or flat.get("meta/rootUuid")),
        deprecated_id=_strip(flat.get("meta/deprecatedID")),
        instrument=instrument,
        person=person,
        answers=answers,
        started_at=_when(named.get("start")) or ended,
        ended_at=ended,
        label=label,
    )


def screenings_import(
    *, actor, submissions: list[dict], code: str = "protection", progress: Callable[[int], None] | None = None
) -> ImportResult:
    """Import a batch in one transaction; ImportFailed (nothing written) names every bad submission and field."""
    if not actor.can(Perm.SCREEN) or actor.organisation is None:
        raise PermissionDenied(Perm.SCREEN)
    if deep := too_deep(submissions):
        raise ImportFailed(deep)
    instruments = {i.version: i for i in Instrument.objects.filter(code=code)}
    registrations = {str(_by_name(flatten(s)).get("registration_number") or "").strip() for s in submissions}
    people = {
        p.registration_number: p
        for p in Person.objects.owned_by(actor).filter(registration_number__in=registrations)
    }
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
        return _write(actor=actor, parsed=parsed)


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


def _write(*, actor, parsed: list[Parsed]) -> ImportResult:
    org = actor.organisation
    ids = {i for p in parsed for i in (p.instance_id, p.root_id, p.deprecated_id) if i}
    existing = list(Screening.objects.select_for_update().filter(organisation=org, submission_id__in=ids))
    known = {s.submission_id: s for s in existing}
    # An edit whose root is not in the file: find the screening that holds the replaced instanceID.
    wanted = {p.deprecated_id for p in parsed if p.deprecated_id and p.deprecated_id not in known}
    if wanted:
        # Rare (Kobo exports without a root id): scan the instanceIDs only, then load the few that match.
        versions = Screening.objects.filter(organisation=org, source=Screening.Source.ODK).values_list(
            "pk", "submission_versions"
        )
        matched = [pk for pk, seen in versions.iterator(chunk_size=5000) if wanted & set(seen)]
        existing += (
            Screening.objects.select_for_update()
            .filter(pk__in=matched)
            .exclude(pk__in=[e.pk for e in existing])
        )
    by_version = {v: s for s in existing for v in [s.submission_id, *s.submission_versions]}
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
    audit_record(
        actor=actor,
        action="import",
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

"""Writes: loading instruments, starting, answering and completing screenings."""

from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixedflows.core.audit import AuditAction, audit_files_loaded, audit_record
from mixedflows.core.models import Site, User
from mixedflows.core.roles import Perm
from mixedflows.people.models import Person
from mixedflows.people.services.guardians import child_consent_problem
from mixedflows.screening.answers import AnswerError, clean_answer
from mixedflows.screening.instruments import InstrumentError, all_questions, instrument_files, version_key
from mixedflows.screening.logic import constraint_error, relevant_keys, without_irrelevant
from mixedflows.screening.models import Instrument, Screening
from mixedflows.screening.rules import Facts, evaluate
from mixedflows.screening.selectors import people_entity_rows

FINISHED = _("This screening is finished; its answers no longer change. Screen again for a new one.")
REQUIRED_TO_COMPLETE = _("Answer this before finishing: it says on what basis the answers are recorded.")


def instruments_load(
    *, model: type[Instrument] = Instrument, directory: Path | None = None
) -> list[tuple[str, str]]:
    """Load every instrument file not yet in the database; refuse a file changed after it was loaded.

    Returns (instrument, "loaded" | "unchanged") pairs. `model` lets the data migration pass its historical model.
    """
    files = instrument_files(directory) if directory else instrument_files()
    report = []
    with transaction.atomic():
        for item in files:
            stored = model.objects.filter(code=item.code, version=item.version).first()
            label = f"{item.code} v{item.version}"
            if stored is None:
                model.objects.create(
                    code=item.code,
                    version=item.version,
                    title=item.definition["title"],
                    definition=item.definition,
                    sha256=item.sha256,
                )
                report.append((label, "loaded"))
            elif stored.sha256 != item.sha256:
                raise InstrumentError(
                    f"{item.path.name} differs from {label} as loaded on {stored.loaded_at:%Y-%m-%d}: a changed "
                    "instrument is a new version (copy it to a new file with a new version number)."
                )
            else:
                report.append((label, "unchanged"))
    return report


@transaction.atomic
def instruments_install(*, actor: str) -> list[tuple[str, str]]:
    """`instruments_load` for the command line, with the load of any new version in the audit trail."""
    return audit_files_loaded(instruments_load(), actor=actor, object_type="instrument")


def people_entity_list_export(*, actor: User, site: Site) -> list[dict]:
    """The site's entity list for the form (names of the agency's people), audited as an export."""
    if not actor.can(Perm.SCREEN):
        raise PermissionDenied(Perm.SCREEN)
    rows = people_entity_rows(user=actor, site=site)
    audit_record(
        actor=actor,
        action=AuditAction.EXPORT,
        object_type="site",
        object_id=site.uuid,
        detail={"format": "odk-entity-list", "rows": len(rows)},
    )
    return rows


def current_instrument(code: str = "protection") -> Instrument:
    """The newest loaded version of an instrument (Instrument.DoesNotExist when none is loaded)."""
    versions = list(Instrument.objects.filter(code=code).only("id", "version"))
    if not versions:
        raise Instrument.DoesNotExist(
            f"No instrument {code!r} is loaded: run `mixedflows screening load-instruments`."
        )
    newest = max(versions, key=lambda i: version_key(i.version))
    return Instrument.objects.get(pk=newest.pk)


def person_facts(person: Person) -> dict:
    """What the rules and the skip logic know of the person from the record."""
    return {"age": person.age, "sex": person.sex}


# The legal bases of the instrument that are someone's consent: whose.
CONSENT_OF = {"consent_person": "person", "consent_guardian": "guardian"}


def checked_answers(definition: dict, answers: dict, person: Person) -> tuple[dict, dict[str, str]]:
    """The answers as kept (those to questions no longer asked emptied) and what is wrong with them.

    The same checks serve the screening page and the ODK/Kobo import: constraints, and a child's
    consent, which only an appointed guardian recorded on the person gives.
    """
    facts = person_facts(person)
    kept = without_irrelevant(definition, answers, facts)
    errors = {}
    known = Facts(answers=kept, person=facts)
    for key, question in all_questions(definition).items():
        if message := constraint_error(question, kept.get(key), known):
            errors[key] = message
    whose = CONSENT_OF.get(str(kept.get("legal_basis", "")))
    if whose and (problem := child_consent_problem(person, whose)):
        errors["legal_basis"] = problem
    return kept, errors


def apply_outcome(screening: Screening, person: Person) -> None:
    """Recompute the outcome from the answers with the screening's own instrument version."""
    outcome = evaluate(
        screening.instrument.definition, Facts(answers=screening.answers, person=person_facts(person))
    )
    screening.categories = outcome.categories
    screening.urgency = outcome.urgency
    screening.procedures = outcome.procedures
    screening.explanation = outcome.explanation


def _check_actor(actor: User, person: Person) -> None:
    if not actor.can(Perm.SCREEN):
        raise PermissionDenied(Perm.SCREEN)
    if actor.organisation is None or person.organisation_id != actor.organisation.pk:
        raise PermissionDenied("Only the agency that registered the person screens with this record.")


@transaction.atomic
def screening_start(*, actor: User, person: Person, instrument: Instrument | None = None) -> Screening:
    """Open a screening of the person, or return the one already in progress."""
    _check_actor(actor, person)
    existing = Screening.objects.filter(
        person=person, organisation=actor.organisation, status=Screening.Status.IN_PROGRESS
    ).first()
    if existing:
        return existing
    encounter = person.encounters.order_by("-occurred_at").first()
    screening = Screening(
        organisation=actor.organisation,
        person=person,
        instrument=instrument or current_instrument(),
        encounter=encounter,
        site=encounter.site if encounter else None,
        performed_by=actor,
    )
    apply_outcome(screening, person)
    screening.save()
    audit_record(actor=actor, action=AuditAction.CREATE, object_type="screening", object_id=screening.uuid)
    return screening


def clean_section(instrument: Instrument, section_key: str, raw: dict) -> dict:
    """Clean the raw answers of one section; ValidationError naming each wrong question."""
    sections = {s["key"]: s for s in instrument.definition["sections"]}
    if section_key not in sections:
        raise ValidationError(
            {
                "section": _("No section %(section)s in %(instrument)s.")
                % {"section": repr(section_key), "instrument": instrument}
            }
        )
    cleaned, errors = {}, {}
    for question in sections[section_key]["questions"]:
        try:
            cleaned[question["key"]] = clean_answer(question, raw.get(question["key"]))
        except AnswerError as error:
            message = str(error)
            errors[question["key"]] = message[:1].upper() + message[1:] + "."
    if errors:
        raise ValidationError(errors)
    return cleaned


@transaction.atomic
def screening_save_section(*, actor: User, screening: Screening, section_key: str, raw: dict) -> list[str]:
    """Save one section's answers (as the officer goes); returns the keys of the questions that changed."""
    _check_actor(actor, screening.person)
    cleaned = clean_section(screening.instrument, section_key, raw)
    # Two sections saved at the same moment must not overwrite each other: merge into the locked, current row.
    _refresh_locked(screening)
    if screening.status == Screening.Status.COMPLETED:
        raise ValidationError(FINISHED)
    answers, problems = checked_answers(
        screening.instrument.definition, {**screening.answers, **cleaned}, screening.person
    )
    if problems := {key: problem for key, problem in problems.items() if key in cleaned}:
        raise ValidationError(problems)
    changed = sorted(
        k for k, v in answers.items() if screening.answers.get(k, "" if not isinstance(v, list) else []) != v
    )
    if not changed:
        return []
    screening.answers = answers
    apply_outcome(screening, screening.person)
    screening.save(update_fields=["answers", "categories", "urgency", "procedures", "explanation"])
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="screening",
        object_id=screening.uuid,
        fields=changed,
    )
    return changed


def _refresh_locked(screening: Screening) -> None:
    current = Screening.objects.select_for_update().values("answers", "status").get(pk=screening.pk)
    screening.answers, screening.status = current["answers"], current["status"]


def missing_required(screening: Screening) -> dict[str, str]:
    """Required questions left unanswered, among those asked of this person with these answers."""
    definition = screening.instrument.definition
    asked = relevant_keys(definition, Facts(answers=screening.answers, person=person_facts(screening.person)))
    return {
        q["key"]: str(REQUIRED_TO_COMPLETE)
        for section in definition["sections"]
        for q in section["questions"]
        if q.get("required") and q["key"] in asked and screening.answers.get(q["key"]) in (None, "", [])
    }


@transaction.atomic
def screening_complete(*, actor: User, screening: Screening) -> Screening:
    """Finish the screening: the outcome is computed once more and the time recorded."""
    _check_actor(actor, screening.person)
    _refresh_locked(screening)
    if screening.status == Screening.Status.COMPLETED:
        return screening
    if missing := missing_required(screening):
        raise ValidationError(missing)
    # Checked again at the end: the age or the guardian on the record may have changed since.
    screening.answers, problems = checked_answers(
        screening.instrument.definition, screening.answers, screening.person
    )
    if problems:
        raise ValidationError(problems)
    apply_outcome(screening, screening.person)
    screening.status = Screening.Status.COMPLETED
    screening.completed_at = screening.completed_at or timezone.now()
    screening.save()
    audit_record(
        actor=actor,
        action=AuditAction.COMPLETE,
        object_type="screening",
        object_id=screening.uuid,
        fields=["categories", "urgency", "procedures"],
    )
    return screening

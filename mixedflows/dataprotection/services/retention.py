"""Retention periods and the anonymisation job (issue 16, item 12).

Each agency sets how many months after a person's last encounter each kind of record is kept. When a
period has passed, `retention_run` removes identity and keeps statistics:

- person records: names (all parts, original script, aliases, name search keys), the registration number
  (replaced), the date of birth (the age is kept as the lowest age of its band at the first encounter, so
  statistics by age band do not change), an appointed guardian's name and reference; sex and nationality stay;
  the registration date is kept by month. With it go the documents, contact, encounter and screening details;
- identity documents: deleted;
- contact details: the phone number cleared;
- encounters: previous place and intended destination (free text) cleared, the date kept by month;
- screenings: the answers and the explanation (which quote them) cleared; categories, urgency and recommended
  procedures (the statistics) stay, the dates by month.

Every run is one `erase` event in the audit trail (through `core.deletion.personal_data_erasure`) with the
count of what was removed, by type, and the same counts are kept on the run for the register's page.
"""

import datetime
from collections import Counter
from collections.abc import Callable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mixedflows.core.audit import AuditAction, audit_record
from mixedflows.core.deletion import personal_data_erasure
from mixedflows.core.models import Job, Organisation, User
from mixedflows.core.roles import Perm
from mixedflows.dataprotection.models import AnonymisedPerson, RetentionPeriod, RetentionRun
from mixedflows.dataprotection.records import RETENTION_RECORD_TYPES, RecordType
from mixedflows.people.models import (
    Alias,
    Document,
    Encounter,
    Guardianship,
    Person,
    PersonNameKey,
    new_registration_number,
)
from mixedflows.screening.models import Screening

MAX_MONTHS = 1200
IDENTITY_FIELDS = [
    f
    for f in (
        "given_name",
        "fathers_name",
        "grandfathers_name",
        "family_name",
        "mothers_name",
        "place_of_birth",
        "name_original_script",
    )
    if f in {field.name for field in Person._meta.get_fields()}
]
# (code, lowest age, highest age or None). Each lies inside one of the flow statistics' bands (0-4, 5-17, 18-59,
# 60+), so the age kept (a band's lowest) counts in the same band there.
AGE_BANDS = [
    ("0-4", 0, 4),
    ("5-11", 5, 11),
    ("12-17", 12, 17),
    ("18-24", 18, 24),
    ("25-59", 25, 59),
    ("60+", 60, None),
]
_BAND_LOW = {code: low for code, low, _high in AGE_BANDS}


def age_band(age: int | None) -> str:
    for code, low, high in AGE_BANDS:
        if age is not None and age >= low and (high is None or age <= high):
            return code
    return "unknown"


def retention_officer_agency(actor: User) -> Organisation:
    if not actor.can(Perm.MANAGE_RETENTION) or actor.organisation is None:
        raise PermissionDenied(Perm.MANAGE_RETENTION)
    return actor.organisation


def _months_ago(now: datetime.datetime, months: int) -> datetime.datetime:
    year, month = divmod(now.year * 12 + now.month - 1 - months, 12)
    day = min(now.day, 28)
    return now.replace(year=year, month=month + 1, day=day)


def by_month(moment: datetime.datetime) -> datetime.datetime:
    """The first instant of the moment's month (UTC): dates kept for statistics, no more precise."""
    return moment.astimezone(datetime.UTC).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


@transaction.atomic
def retention_periods_set(*, actor: User, months: dict[str, int | None]) -> dict[str, int]:
    """Set the agency's retention period (months after the last encounter) per record type; None: no period."""
    organisation = retention_officer_agency(actor)
    unknown = set(months) - set(RETENTION_RECORD_TYPES)
    if unknown:
        raise ValidationError({"months": _("Unknown record type “%(type)s”.") % {"type": sorted(unknown)[0]}})
    for record_type, value in months.items():
        if value is not None and not (1 <= value <= MAX_MONTHS):
            raise ValidationError(
                {
                    f"months_{record_type}": _("A retention period is 1 to %(max)s months.")
                    % {"max": MAX_MONTHS}
                }
            )
    person = months.get(RecordType.PERSON)
    for record_type, value in months.items():
        if person is not None and record_type != RecordType.PERSON and value is not None and value > person:
            raise ValidationError(
                {
                    f"months_{record_type}": _(
                        "Longer than the person record's period: the person record takes it with it."
                    )
                }
            )
    for record_type, value in months.items():
        if value is None:
            RetentionPeriod.objects.filter(organisation=organisation, record_type=record_type).delete()
        else:
            RetentionPeriod.objects.update_or_create(
                organisation=organisation,
                record_type=record_type,
                defaults={"months": value, "created_by": actor},
            )
    periods = retention_periods_of(organisation)
    audit_record(
        actor=actor,
        action=AuditAction.CHANGE,
        object_type="retention_periods",
        object_id=organisation.uuid,
        fields=sorted(months),
        detail={"months": periods},
    )
    return periods


def retention_periods_of(organisation: Organisation) -> dict[str, int]:
    return dict(
        RetentionPeriod.objects.owned_by(organisation)
        .order_by("record_type")
        .values_list("record_type", "months")
    )


def _last_activity(people: list[Person]) -> dict[int, datetime.datetime]:
    """Each person's last encounter (or registration, if later)."""
    from django.db.models import Max

    last = dict(
        Encounter.objects.filter(person__in=people)
        .order_by()
        .values("person_id")
        .annotate(at=Max("occurred_at"))
        .values_list("person_id", "at")
    )
    return {p.pk: max(p.created_at, last.get(p.pk, p.created_at)) for p in people}


def _first_encounter_day(person: Person) -> datetime.date:
    first = person.encounters.order_by("occurred_at").values_list("occurred_at", flat=True).first()
    return (first or person.created_at).date()


def _anonymise_person(person: Person, run: RetentionRun | None, counts: Counter) -> None:
    band = age_band(person.age_on(_first_encounter_day(person)))
    AnonymisedPerson.objects.create(person=person, run=run, age_band=band)
    for field in IDENTITY_FIELDS:
        setattr(person, field, "")
    person.registration_number = new_registration_number("ANON")
    person.date_of_birth = None
    person.dob_precision = ""
    person.age_assessed = None
    person.age_declared = _BAND_LOW.get(band)
    person.age_disputed = False
    person.intake_key = None
    person.created_at = by_month(person.created_at)
    person.save()
    counts["person records anonymised"] += 1
    counts["aliases removed"] += Alias.objects.filter(person=person).delete()[0]
    PersonNameKey.objects.filter(person=person).delete()
    guardians = Guardianship.objects.filter(person=person).exclude(guardian_name="", reference="")
    counts["guardians' names removed"] += guardians.update(guardian_name="", reference="")


def _clear_documents(person: Person, counts: Counter) -> None:
    Document.objects.filter(person=person).delete()  # counted by personal_data_erasure, as people.document


def _clear_contact(person: Person, counts: Counter) -> None:
    if person.phone:
        Person.objects.filter(pk=person.pk).update(phone="")
        person.phone = ""
        counts["phone numbers removed"] += 1


def _clear_encounters(person: Person, counts: Counter) -> None:
    for encounter in Encounter.objects.filter(person=person):
        month = by_month(encounter.occurred_at)
        if encounter.previous_place or encounter.intended_destination or encounter.occurred_at != month:
            encounter.previous_place = encounter.intended_destination = ""
            encounter.occurred_at = month
            encounter.save(update_fields=["previous_place", "intended_destination", "occurred_at"])
            counts["encounters reduced to month and route"] += 1


def _clear_screenings(person: Person, counts: Counter) -> None:
    for screening in Screening.objects.filter(person=person):
        if screening.answers or screening.explanation:
            screening.answers, screening.explanation = {}, []
            screening.started_at = by_month(screening.started_at)
            if screening.completed_at:
                screening.completed_at = by_month(screening.completed_at)
            screening.save(update_fields=["answers", "explanation", "started_at", "completed_at"])
            counts["screening answers removed"] += 1


_CLEARERS: dict[str, Callable[[Person, Counter], None]] = {
    RecordType.DOCUMENT: _clear_documents,
    RecordType.CONTACT: _clear_contact,
    RecordType.ENCOUNTER: _clear_encounters,
    RecordType.SCREENING: _clear_screenings,
}


def person_identity_remove(person: Person, counts: Counter) -> None:
    """Everything a retention run removes when the person record's period has passed, for one person, now: the
    erasure of a data-subject request (services.subjects) removes exactly what retention would. Call it inside
    `personal_data_erasure`."""
    for record_type in RETENTION_RECORD_TYPES:
        if record_type in _CLEARERS:
            _CLEARERS[record_type](person, counts)
    _anonymise_person(person, None, counts)


@transaction.atomic
def retention_run(
    *, actor: User, progress: Callable[[int], None] | None = None, job: Job | None = None
) -> RetentionRun:
    """Apply the agency's retention periods now: one transaction, one audited proof of what was removed."""
    organisation = retention_officer_agency(actor)
    periods = retention_periods_of(organisation)
    now = timezone.now()
    cutoffs = {record_type: _months_ago(now, months) for record_type, months in periods.items()}
    run = RetentionRun.objects.create(organisation=organisation, created_by=actor, job=job, periods=periods)
    people = list(Person.objects.filter(organisation=organisation, anonymised__isnull=True))
    last = _last_activity(people)
    with personal_data_erasure(
        actor=actor,
        reason="retention",
        object_type="retention_run",
        object_id=run.uuid,
        organisation=organisation,
    ) as removed:
        counts: Counter = Counter()
        for done, person in enumerate(people, 1):
            due = {t for t, cutoff in cutoffs.items() if last[person.pk] < cutoff}
            if RecordType.PERSON in due:
                due |= set(_CLEARERS)
            for record_type in RETENTION_RECORD_TYPES:
                if record_type in due and record_type in _CLEARERS:
                    _CLEARERS[record_type](person, counts)
            if RecordType.PERSON in due:
                _anonymise_person(person, run, counts)
            if progress:
                progress(done)
        removed.update(+counts)  # unary plus: no zero counts
    run.finished_at = timezone.now()
    run.counts = dict(sorted(removed.items()))
    run.save(update_fields=["finished_at", "counts"])
    return run

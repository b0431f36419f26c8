"""Participants of an event, one by one or a whole list from the spreadsheet template: all or nothing, every bad
row named, the same official twice refused (within the list and against those already enrolled)."""

import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from mixedflows.core.audit import AuditAction, audit_record, batch_digest
from mixedflows.core.models import User
from mixedflows.lib.codes import country_code, is_country
from mixedflows.training.models import Event, Institution, Participant, Sex
from mixedflows.training.services.common import require_own, require_trainer

# The template's columns, in order: what the import reads and the download offers.
COLUMNS = ("name", "sex", "institution", "institution_type", "country", "position", "email", "phone")
REQUIRED = ("name", "sex", "institution", "institution_type", "country")
MAX_ROWS = 1000

_SEX_WORDS = {
    "f": Sex.FEMALE,
    "female": Sex.FEMALE,
    "woman": Sex.FEMALE,
    "femme": Sex.FEMALE,
    "m": Sex.MALE,
    "male": Sex.MALE,
    "man": Sex.MALE,
    "homme": Sex.MALE,
    "h": Sex.MALE,
    "x": Sex.OTHER,
    "other": Sex.OTHER,
    "autre": Sex.OTHER,
}


def fold(text: str) -> str:
    """Case, accents and spacing folded away: 'Aïcha  BENALI' and 'aicha benali' are one name."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.casefold().split())


def identity_key(name: str, institution_name: str, country: str) -> str:
    """The same official: the same name at the same institution of the same country."""
    return f"{fold(name)}|{fold(institution_name)}|{country.upper()}"[:300]


def _kind_of(text: str) -> str:
    value = fold(text).replace(" ", "_").replace("-", "_")
    if value in Institution.Kind.values:
        return value
    labels = {fold(str(label)).replace(" ", "_"): code for code, label in Institution.Kind.choices}
    return labels.get(value, "")


@dataclass
class _Checked:
    values: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def _check(row: dict, institutions: dict) -> _Checked:
    """One row's values, or what is wrong with it (every problem, not only the first)."""
    out = _Checked()
    cell = {name: str(row.get(name) or "").strip() for name in COLUMNS}
    for name in REQUIRED:
        if not cell[name]:
            out.problems.append(_("%(column)s is empty") % {"column": name})
    sex = _SEX_WORDS.get(fold(cell["sex"]))
    if cell["sex"] and sex is None:
        out.problems.append(_("sex is “%(value)s”: write F, M or X") % {"value": cell["sex"][:20]})
    kind = _kind_of(cell["institution_type"])
    if cell["institution_type"] and not kind:
        out.problems.append(
            _("institution_type “%(value)s” is not one of: %(kinds)s")
            % {"value": cell["institution_type"][:40], "kinds": ", ".join(Institution.Kind.values)}
        )
    country = country_code(cell["country"]) if cell["country"] else ""
    if cell["country"] and not is_country(country):
        out.problems.append(
            _("country “%(value)s” is not a country (write ITA or Italy)") % {"value": cell["country"][:40]}
        )
    if cell["email"]:
        try:
            validate_email(cell["email"])
        except ValidationError:
            out.problems.append(
                _("email “%(value)s” is not an email address") % {"value": cell["email"][:60]}
            )
    for name, limit in (("name", 200), ("institution", 200), ("position", 200), ("phone", 40)):
        if len(cell[name]) > limit:
            out.problems.append(
                _("%(column)s is longer than %(limit)s characters") % {"column": name, "limit": limit}
            )
    if out.problems:
        return out
    existing = institutions.get((fold(cell["institution"]), country))
    if existing is not None and existing.kind != kind:
        out.problems.append(
            _("%(institution)s (%(country)s) is recorded as %(recorded)s, not %(given)s")
            % {"institution": existing.name, "country": country, "recorded": existing.kind, "given": kind}
        )
        return out
    out.values = {
        "full_name": " ".join(cell["name"].split()),
        "sex": sex,
        "institution_name": existing.name if existing else " ".join(cell["institution"].split()),
        "kind": kind,
        "country": country,
        "position": cell["position"],
        "email": cell["email"].lower(),
        "phone": cell["phone"],
    }
    return out


def _institutions_of(actor: User) -> dict:
    return {(fold(i.name), i.country): i for i in Institution.objects.owned_by(actor.agency)}


def _write(actor: User, event: Event, values: dict, institutions: dict) -> Participant:
    organisation = require_trainer(actor)
    key = (fold(values["institution_name"]), values["country"])
    institution = institutions.get(key)
    if institution is None:
        institution = Institution.objects.create(
            organisation=organisation,
            created_by=actor,
            name=values["institution_name"],
            kind=values["kind"],
            country=values["country"],
        )
        institutions[key] = institution
    return Participant.objects.create(
        organisation=organisation,
        created_by=actor,
        event=event,
        full_name=values["full_name"],
        identity_key=identity_key(values["full_name"], institution.name, institution.country),
        sex=values["sex"],
        institution=institution,
        position=values["position"],
        email=values["email"],
        phone=values["phone"],
    )


@transaction.atomic
def participants_import(
    *, actor: User, event: Event, rows: list[dict], first_row: int = 2
) -> list[Participant]:
    """Enrol every row (a dict by template column) or none: a ValidationError on `file` lists each bad row by
    its number in the spreadsheet (`first_row` is the number of the first row given, after the header)."""
    require_trainer(actor)
    require_own(actor, event)
    institutions = _institutions_of(actor)
    enrolled_keys = set(event.participants.values_list("identity_key", flat=True))
    enrolled_emails = {e for e in event.participants.values_list("email", flat=True) if e}
    seen_keys: dict[str, int] = {}
    seen_emails: dict[str, int] = {}
    problems: list[str] = []
    checked: list[dict] = []
    numbered = [
        (first_row + i, row) for i, row in enumerate(rows) if any(str(v or "").strip() for v in row.values())
    ]
    if not numbered:
        raise ValidationError({"file": _("The file has no participant rows under the header.")})
    if len(numbered) > MAX_ROWS:
        raise ValidationError({"file": _("At most %(n)s participants in one file.") % {"n": MAX_ROWS}})
    for number, row in numbered:
        result = _check(row, institutions)
        if not result.problems:
            values = result.values
            key = identity_key(values["full_name"], values["institution_name"], values["country"])
            if key in enrolled_keys:
                result.problems.append(
                    _("%(name)s of %(institution)s is already enrolled in this event")
                    % {"name": values["full_name"], "institution": values["institution_name"]}
                )
            elif key in seen_keys:
                result.problems.append(_("the same person as row %(row)s") % {"row": seen_keys[key]})
            elif values["email"] and values["email"] in enrolled_emails:
                result.problems.append(
                    _("email %(email)s belongs to a participant already enrolled")
                    % {"email": values["email"]}
                )
            elif values["email"] and values["email"] in seen_emails:
                result.problems.append(
                    _("the same email as row %(row)s") % {"row": seen_emails[values["email"]]}
                )
            seen_keys.setdefault(key, number)
            if values["email"]:
                seen_emails.setdefault(values["email"], number)
        if result.problems:
            problems.append(
                _("Row %(row)s: %(problems)s.") % {"row": number, "problems": "; ".join(result.problems)}
            )
        else:
            checked.append(result.values)
    if problems:
        raise ValidationError({"file": problems})
    participants = [_write(actor, event, values, institutions) for values in checked]
    audit_record(
        actor=actor,
        action=AuditAction.IMPORT,
        object_type="training_event",
        object_id=event.uuid,
        fields=["participants"],
        detail={"count": len(participants), "batch": batch_digest(p.uuid for p in participants)},
    )
    return participants


@transaction.atomic
def participant_enrol(*, actor: User, event: Event, **row: str) -> Participant:
    """One participant typed into the form: the same checks as a row of the spreadsheet."""
    require_trainer(actor)
    require_own(actor, event)
    institutions = _institutions_of(actor)
    result = _check(row, institutions)
    if result.problems:
        raise ValidationError("; ".join(result.problems))
    values = result.values
    key = identity_key(values["full_name"], values["institution_name"], values["country"])
    if event.participants.filter(identity_key=key).exists():
        raise ValidationError(
            {
                "name": _("%(name)s of %(institution)s is already enrolled in this event")
                % {"name": values["full_name"], "institution": values["institution_name"]}
            }
        )
    if values["email"] and event.participants.filter(email=values["email"]).exists():
        raise ValidationError({"email": _("This email belongs to a participant already enrolled.")})
    participant = _write(actor, event, values, institutions)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="training_participant",
        object_id=participant.uuid,
        fields=["full_name", "sex", "institution", "position", "email", "phone"],
    )
    return participant

"""What a person and an encounter must be before anything is written: the inputs the forms, imports and
API build, and the checks every write runs on them."""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from mixedflows.core.models import Site, User
from mixedflows.lib.calendars import Calendar
from mixedflows.lib.codes import is_country, is_language
from mixedflows.lib.dates import date_from_age
from mixedflows.lib.phones import PhoneError, phone_e164
from mixedflows.people.models import (
    IDENTITY_FIELDS,
    NAME_FIELDS,
    DobPrecision,
    Encounter,
    Sex,
)

PERSON_FIELDS = (
    *IDENTITY_FIELDS,
    "phone",
    "legal_basis",
    "purpose",
)
MAX_AGE = 110


@dataclass
class EncounterContext:
    """Where, when and how a person was met; shared by everyone on one boat."""

    site: Site
    occurred_at: datetime.datetime
    kind: str
    departure_country: str = ""
    previous_place: str = ""
    intended_destination: str = ""
    transport_mode: str = ""
    detained: bool = False


@dataclass
class PersonInput:
    given_name: str = ""
    fathers_name: str = ""
    grandfathers_name: str = ""
    family_name: str = ""
    name_original_script: str = ""
    sex: str = ""
    date_of_birth: datetime.date | None = None
    dob_precision: str = ""
    dob_calendar: str = (
        ""  # the calendar the date was given in (lib.calendars.Calendar); the date is Gregorian
    )
    age: int | None = None  # as declared, when there is no date of birth
    nationality: str = ""
    languages: list[str] = field(default_factory=list)
    phone: str = ""
    aliases: list[str] = field(default_factory=list)
    documents: list[dict] = field(default_factory=list)
    intake_key: str = ""


def _check_site(actor: User, site: Site) -> None:
    if not Site.objects.usable_by(actor).filter(pk=site.pk).exists():
        raise ValidationError(
            {
                "site": _("%(agency)s does not work at %(site)s (or you are not assigned there).")
                % {"agency": actor.agency.short_name, "site": site.name}
            }
        )


def validate_person(
    data: PersonInput, *, today: datetime.date, country: str = "", stored_phone: str = ""
) -> dict:
    """Check a person's fields; return the model values. Raises ValidationError naming each bad field.

    `country` (alpha-3, the site's) is where a phone number typed without its + prefix belongs. A phone
    left as it was stored (an old one no parser reads) is kept, so it does not block the rest of an edit.
    """
    errors: dict[str, str] = {}
    if not any(getattr(data, f) for f in NAME_FIELDS):
        errors["given_name"] = _("Enter at least one name, as the person says it.")
    if data.sex not in Sex.values:
        errors["sex"] = _("Unknown sex %(sex)s.") % {"sex": repr(data.sex)}
    nationality = (data.nationality or "").upper()
    if nationality and not is_country(nationality):
        errors["nationality"] = _("Unknown country code %(code)s (use ISO 3166 alpha-3, e.g. ERI).") % {
            "code": repr(data.nationality)
        }
    languages = [code.lower() for code in data.languages if code]
    bad_languages = [code for code in languages if not is_language(code)]
    if bad_languages:
        errors["languages"] = _("Unknown language code %(code)s (use ISO 639-3, e.g. tir).") % {
            "code": repr(bad_languages[0])
        }
    dob, precision, age_declared = data.date_of_birth, data.dob_precision, data.age
    if dob is not None:
        if dob > today:
            errors["date_of_birth"] = _("The date of birth is in the future.")
        elif today.year - dob.year > MAX_AGE:
            errors["date_of_birth"] = _("The date of birth is more than %(max)d years ago.") % {
                "max": MAX_AGE
            }
        precision = precision or DobPrecision.EXACT
    elif age_declared is not None:
        if not 0 <= age_declared <= MAX_AGE:
            errors["age"] = _("An age is between 0 and %(max)d.") % {"max": MAX_AGE}
        else:
            dob, precision = date_from_age(age_declared, today), DobPrecision.ESTIMATED
    if precision and precision not in DobPrecision.values:
        errors["dob_precision"] = _("Unknown precision %(precision)s.") % {"precision": repr(precision)}
    calendar = data.dob_calendar if dob is not None and precision != DobPrecision.ESTIMATED else ""
    if calendar not in Calendar.values:
        errors["date_of_birth"] = _("Unknown calendar %(calendar)s.") % {"calendar": calendar}
    phone = stored_phone if stored_phone and data.phone.strip() == stored_phone else ""
    try:
        phone = phone or phone_e164(data.phone, country=country)
    except PhoneError as error:
        errors["phone"] = str(error)
    if errors:
        raise ValidationError(errors)
    return {
        "given_name": data.given_name.strip(),
        "fathers_name": data.fathers_name.strip(),
        "grandfathers_name": data.grandfathers_name.strip(),
        "family_name": data.family_name.strip(),
        "name_original_script": data.name_original_script.strip(),
        "sex": data.sex,
        "date_of_birth": dob,
        "dob_precision": precision if dob else "",
        "dob_calendar": calendar,
        "age_declared": age_declared,
        "nationality": nationality,
        "languages": languages,
        "phone": phone,
    }


def validate_encounter(actor: User, context: EncounterContext) -> None:
    errors = {}
    if context.kind not in Encounter.Kind.values:
        errors["kind"] = _("Unknown kind of encounter %(kind)s.") % {"kind": repr(context.kind)}
    if context.departure_country and not is_country(context.departure_country):
        errors["departure_country"] = _("Unknown country code %(code)s.") % {
            "code": repr(context.departure_country)
        }
    if context.transport_mode and context.transport_mode not in Encounter.Transport.values:
        errors["transport_mode"] = _("Unknown transport mode %(mode)s.") % {
            "mode": repr(context.transport_mode)
        }
    if context.occurred_at > timezone.now() + datetime.timedelta(minutes=5):
        errors["occurred_at"] = _("The encounter is in the future.")
    if errors:
        raise ValidationError(errors)
    _check_site(actor, context.site)

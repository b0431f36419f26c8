"""Dates of birth as people give them: a day, a month, a year, or an age, in their calendar and digits.

An officer types the date in the order of her interface language (31/12/1990; every interface
language writes the day first) or as ISO (1990-12-31), with Arabic-Indic or Eastern Arabic-Indic
digits as well as Latin ones, and may name another calendar with a prefix or suffix (EC, AH, SH:
lib.calendars.PREFIXES). Docs: docs/languages.md, "Dates".
"""

import datetime
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from mixedflows.lib.calendars import PREFIXES, Calendar, CalendarDateError, to_gregorian

# Arabic-Indic (U+0660..) and Eastern Arabic-Indic, Persian/Urdu (U+06F0..) digits; the Arabic date separator.
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹؍", "01234567890123456789/")
_ISO = re.compile(r"^(\d{4})(?:[-/.](\d{1,2}))?(?:[-/.](\d{1,2}))?$")
_DAY_FIRST = re.compile(r"^(?:(\d{1,2})[-/.])?(\d{1,2})[-/.](\d{4})$")
_CALENDAR = re.compile(r"^\s*(?:([^\d\s]+)\s*)?([\d/.\-]+)\s*(?:([^\d\s]+))?\s*$")
# The bidi marks a right-to-left keyboard or a copied text puts around digits.
_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


class PartialDateError(ValueError):
    pass


@dataclass(frozen=True)
class GivenDate:
    """A date as a person gave it: its Gregorian day, how much of it is known, and the calendar it came in."""

    day: datetime.date
    precision: str  # exact, month, year
    calendar: str = Calendar.GREGORIAN


def normalise_digits(text: str) -> str:
    """Latin digits for Arabic-Indic and Persian ones (٢٠٢٦ -> 2026), bidi marks removed."""
    return (text or "").translate(_DIGITS).translate(_MARKS)


def _calendar_of(token: str | None) -> str | None:
    if not token:
        return None
    return PREFIXES.get(token.replace(".", "").upper())


def parse_given_date(text: str, *, calendar: str = Calendar.GREGORIAN) -> GivenDate:
    """'31/12/1990', '1990-12-31', '12/1990', '1990', 'EC 12/05/1982', '١٣٦٨/١٠/٣٠ هـ.ش'. Raises PartialDateError.

    A calendar named in the text wins over `calendar` (the choice beside the box) unless both name
    different calendars other than the Gregorian, which is refused.
    """
    plain = normalise_digits(text).strip()
    match = _CALENDAR.match(plain)
    if not match:
        raise PartialDateError(
            _("%(text)s is not a date (write 31/12/1990, 12/1990 or 1990).") % {"text": text}
        )
    before, body, after = match.groups()
    named = [c for c in (_calendar_of(before), _calendar_of(after)) if c is not None]
    if (before and _calendar_of(before) is None) or (after and _calendar_of(after) is None) or len(named) > 1:
        raise PartialDateError(
            _("%(text)s is not a date: name the calendar with EC, AH or SH before the date.") % {"text": text}
        )
    if named and calendar and named[0] != calendar:
        raise PartialDateError(
            _("The date says %(typed)s but the calendar chosen is %(chosen)s.")
            % {"typed": Calendar(named[0]).label, "chosen": Calendar(calendar).label}
        )
    calendar = named[0] if named else calendar
    if iso := _ISO.match(body):
        year_text, month_text, day_text = iso.groups()
    elif day_first := _DAY_FIRST.match(body):
        day_text, month_text, year_text = day_first.groups()
    else:
        raise PartialDateError(
            _("%(text)s is not a date (write 31/12/1990, 12/1990 or 1990).") % {"text": text}
        )
    year = int(year_text)
    month = int(month_text) if month_text else None
    day = int(day_text) if day_text else None
    precision = "exact" if day else "month" if month else "year"
    try:
        gregorian_day = to_gregorian(calendar, year, month or 1, day or 1)
    except CalendarDateError as error:
        if calendar == Calendar.GREGORIAN:
            raise PartialDateError(_("%(text)s is not a real date.") % {"text": text}) from error
        raise PartialDateError(str(error)) from error
    return GivenDate(gregorian_day, precision, calendar)


def parse_partial_date(text: str) -> tuple[datetime.date, str]:
    """'1990-05-17' -> exact, '1990-05' -> month, '1990' -> year (Gregorian). Raises PartialDateError."""
    given = parse_given_date(text)
    return given.day, given.precision


def date_from_age(age: int, on: datetime.date) -> datetime.date:
    """An estimated birth date for someone who says they are `age`: 1 January, flagged estimated elsewhere."""
    return datetime.date(on.year - age, 1, 1)

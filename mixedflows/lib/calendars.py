"""Dates in the calendars people from Ethiopia, Eritrea, Afghanistan and Iran give them (docs/languages.md).

A date typed in another calendar is converted here to its Gregorian day (convertdate), so nobody
converts one by hand; the record keeps the calendar, and the date as given is computed back from
the Gregorian day when it is shown. convertdate 2.5 has no Ethiopian module: the Ethiopian calendar
is the Coptic one (same months, same leap rule) with years 276 later.
"""

import datetime

from convertdate import coptic, gregorian, islamic, persian  # type: ignore[import-untyped]
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ETHIOPIAN_TO_COPTIC_YEARS = 276


class Calendar(models.TextChoices):
    GREGORIAN = "", gettext_lazy("Gregorian")
    ETHIOPIAN = "ethiopian", gettext_lazy("Ethiopian (E.C.)")
    HIJRI = "hijri", gettext_lazy("Hijri (A.H.)")
    SOLAR_HIJRI = "solar_hijri", gettext_lazy("Solar Hijri, Persian (S.H.)")


# What an officer types before (or after) a date to name its calendar, dots and case ignored.
PREFIXES = {
    "EC": Calendar.ETHIOPIAN,
    "ET": Calendar.ETHIOPIAN,
    "ዓም": Calendar.ETHIOPIAN,
    "AH": Calendar.HIJRI,
    "H": Calendar.HIJRI,
    "هـ": Calendar.HIJRI,
    "ه": Calendar.HIJRI,
    "SH": Calendar.SOLAR_HIJRI,
    "HS": Calendar.SOLAR_HIJRI,
    "هـش": Calendar.SOLAR_HIJRI,
    "هش": Calendar.SOLAR_HIJRI,
}
# How a date in the calendar is written back: 12/05/1982 E.C.
SUFFIX = {Calendar.ETHIOPIAN: "E.C.", Calendar.HIJRI: "A.H.", Calendar.SOLAR_HIJRI: "S.H."}


class CalendarDateError(ValueError):
    pass


def _months(calendar: str) -> int:
    return 13 if calendar == Calendar.ETHIOPIAN else 12


def _month_length(calendar: str, year: int, month: int) -> int:
    match calendar:
        case Calendar.ETHIOPIAN:
            return coptic.month_length(year - ETHIOPIAN_TO_COPTIC_YEARS, month)
        case Calendar.HIJRI:
            return islamic.month_length(year, month)
        case Calendar.SOLAR_HIJRI:
            return persian.month_length(year, month)
    return gregorian.month_length(year, month)


def to_gregorian(calendar: str, year: int, month: int, day: int) -> datetime.date:
    """The Gregorian day of a date in `calendar`. Raises CalendarDateError naming what is impossible."""
    label = Calendar(calendar).label
    if not 1 <= month <= _months(calendar):
        raise CalendarDateError(
            _("There is no month %(month)d in the %(calendar)s calendar (months 1 to %(months)d).")
            % {"month": month, "calendar": label, "months": _months(calendar)}
        )
    length = _month_length(calendar, year, month)
    if not 1 <= day <= length:
        raise CalendarDateError(
            _("Month %(month)d of %(year)d has %(days)d days in the %(calendar)s calendar.")
            % {"month": month, "year": year, "days": length, "calendar": label}
        )
    match calendar:
        case Calendar.ETHIOPIAN:
            y, m, d = coptic.to_gregorian(year - ETHIOPIAN_TO_COPTIC_YEARS, month, day)
        case Calendar.HIJRI:
            y, m, d = islamic.to_gregorian(year, month, day)
        case Calendar.SOLAR_HIJRI:
            y, m, d = persian.to_gregorian(year, month, day)
        case _:
            y, m, d = year, month, day
    try:
        return datetime.date(int(y), int(m), int(d))
    except ValueError as error:
        raise CalendarDateError(_("That date is outside the years this system records.")) from error


def from_gregorian(calendar: str, day: datetime.date) -> tuple[int, int, int]:
    """(year, month, day) of a Gregorian day in `calendar`."""
    match calendar:
        case Calendar.ETHIOPIAN:
            y, m, d = coptic.from_gregorian(day.year, day.month, day.day)
            return y + ETHIOPIAN_TO_COPTIC_YEARS, m, d
        case Calendar.HIJRI:
            return islamic.from_gregorian(day.year, day.month, day.day)
        case Calendar.SOLAR_HIJRI:
            return persian.from_gregorian(day.year, day.month, day.day)
    return day.year, day.month, day.day

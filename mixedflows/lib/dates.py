"""Dates of birth as people give them: a day, a month, a year, or an age."""

import datetime
import re

_PARTIAL = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?\s*$")


class PartialDateError(ValueError):
    pass


def parse_partial_date(text: str) -> tuple[datetime.date, str]:
    """'1990-05-17' -> exact, '1990-05' -> month, '1990' -> year. Raises PartialDateError."""
    match = _PARTIAL.match(text or "")
    if not match:
        raise PartialDateError(f"{text!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY).")
    year_text, month_text, day_text = match.groups()
    year = int(year_text)
    month = int(month_text) if month_text else None
    try:
        if month is not None and day_text:
            return datetime.date(year, month, int(day_text)), "exact"
        if month is not None:
            return datetime.date(year, month, 1), "month"
        return datetime.date(year, 1, 1), "year"
    except ValueError as error:
        raise PartialDateError(f"{text!r} is not a real date.") from error


def date_from_age(age: int, on: datetime.date) -> datetime.date:
    """An estimated birth date for someone who says they are `age`: 1 January, flagged estimated elsewhere."""
    return datetime.date(on.year - age, 1, 1)

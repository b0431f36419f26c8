"""The columns linkage compares: names folded across scripts and spellings, dates with their precision.

One record (a CSV row or a Person) becomes one flat dict of plain values, so the
Splink SQL only needs equality, `levenshtein` and `abs`: functions DuckDB and Spark
both have.
"""

import datetime
import re

from mixedflows.lib.names import (
    ascii_fold,
    join_compounds,
    normalise_document_number,
    skeleton,
    soft_key,
    tokens,
)

FEATURE_COLUMNS = (
    "unique_id",
    "g1_sk",
    "g1_soft",
    "f1_sk",
    "f1_soft",
    "g1_only",
    "gf_sk",
    "rest_soft",
    "rest1_sk",
    "name_soft",
    "name_fold",
    "dob_s",
    "dob_y",
    "dob_m",
    "dob_d",
    "dob_prec",
    "sex",
    "nat",
    "doc",
    "group_id",
    "site",
    "encounter_date",
    "enc_day",
    "gfs",
    "gfs_nodob",
    "place_fold",
    # Lists the engine makes blocking keys of (see blocking.KEY_SQL).
    "names",
    "name_pairs",
    "place_words",
)
LIST_COLUMNS = ("names", "name_pairs", "place_words")
# Precisions that say "we only know the year" (1 January is how registrars write an unknown day).
IMPRECISE = ("year", "jan1", "estimated")

_DATE = re.compile(r"^\s*(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?\s*$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


class BadDate(ValueError):
    pass


class ImpossibleDate(BadDate):
    """Written as a date but no such day exists (1945-04-93): noisy data rather than a broken file."""


_EPOCH = datetime.date(1970, 1, 1)


def encounter_day(text: str) -> int | None:
    """'2024-03-05' (or a timestamp starting so) -> days since 1970, to compare encounters by their distance in time."""
    text = (text or "").strip()[:10]
    if not text:
        return None
    try:
        return (datetime.date.fromisoformat(text) - _EPOCH).days
    except ValueError as error:
        if _ISO_DAY.match(text):
            raise ImpossibleDate(f"encounter_date {text!r} is not a real date") from error
        raise BadDate(f"encounter_date {text!r} is not a date (use YYYY-MM-DD)") from error


def parse_dob(text: str, precision: str = "") -> tuple[int | None, int | None, int | None, str]:
    """'1990-05-17' -> (1990, 5, 17, 'exact'); '1990-05' -> month; '1990' -> year; 1 January -> 'jan1'."""
    text = (text or "").strip()
    if not text:
        return None, None, None, ""
    match = _DATE.match(text)
    if not match:
        raise BadDate(f"{text!r} is not a date (use YYYY-MM-DD, YYYY-MM or YYYY)")
    year = int(match.group(1))
    month, day = (int(g) if g else None for g in match.groups()[1:])
    try:
        datetime.date(year, month or 1, day or 1)
    except ValueError as error:
        raise ImpossibleDate(f"{text!r} is not a real date") from error
    if precision in IMPRECISE:
        return year, None, None, precision
    if day is None:
        return (year, month, None, "month") if month else (year, None, None, "year")
    if month == 1 and day == 1:
        return year, None, None, "jan1"
    return year, month, day, "exact"


def _for_comparison(token: str) -> str:
    """Two more folds for comparing (not for the search keys stored in the main database):
    a leading j is a y (Yordanos/Jordanos, Yohannes/Johannes), a final d a t (Dawit/Dawid)."""
    if token.startswith("j") and not token.startswith("dj"):
        token = "y" + token[1:]
    if len(token) >= 3 and token.endswith("d"):
        token = token[:-1] + "t"
    return token


def _or_none(value):
    return value if value not in ("", None) else None


def features(
    *,
    record_id,
    given_name: str = "",
    family_name: str = "",
    date_of_birth: str = "",
    dob_precision: str = "",
    sex: str = "",
    nationality: str = "",
    document_number: str = "",
    group_id: str = "",
    site: str = "",
    encounter_date: str = "",
    place: str = "",
    original_script: str = "",
) -> dict:
    """The comparison columns of one record. Raises BadDate for a date that is not one."""
    words = tokens(given_name) + tokens(family_name)
    if not words and original_script:
        words = tokens(original_script)
    words = [_for_comparison(w) for w in join_compounds(words)]
    sk = [skeleton(w) for w in words]
    soft = [soft_key(w) for w in words]
    year, month, day, precision = parse_dob(date_of_birth, dob_precision)
    g1_sk = sk[0] if sk else None
    f1_sk = sk[1] if len(sk) > 1 else None
    sex = (sex or "").strip().upper()[:1]
    encountered = encounter_day(encounter_date)
    place = ascii_fold(place)
    names = sorted({n for n in sk[:3] if n})
    gf = "|".join(sorted((g1_sk, f1_sk))) if g1_sk and f1_sk else None
    return {
        "unique_id": str(record_id),
        "g1_sk": g1_sk,
        "g1_soft": soft[0] if soft else None,
        "f1_sk": f1_sk,
        "f1_soft": soft[1] if len(soft) > 1 else None,
        # Set only when the family name is missing: blocks "Mohamed" against "Mohamed Ali Hassan".
        "g1_only": g1_sk if f1_sk is None else None,
        # Given and father's name as an order-free pair: the name-key format of the main database ("a|b").
        "gf_sk": gf,
        # With the sex, and set only without a date of birth: blocks a record with no year against the same
        # names (and sex: a million records hold many Mohamed Alis with no date).
        "gfs": f"{gf}/{sex}" if gf else None,
        "gfs_nodob": f"{gf}/{sex}" if gf and year is None else None,
        "rest_soft": _or_none(" ".join(soft[2:])),
        "rest1_sk": sk[2] if len(sk) > 2 else None,
        "name_soft": _or_none(" ".join(sorted(soft))),
        "name_fold": _or_none(ascii_fold(f"{given_name} {family_name}")),
        "dob_s": f"{year:04d}-{month:02d}-{day:02d}" if precision == "exact" else None,
        "dob_y": year,
        "dob_m": month,
        "dob_d": day,
        "dob_prec": _or_none(precision),
        "sex": _or_none(sex),
        "nat": _or_none((nationality or "").strip().upper()),
        "doc": _or_none(normalise_document_number(document_number)),
        "group_id": _or_none((group_id or "").strip()),
        "site": _or_none((site or "").strip()),
        "encounter_date": _or_none((encounter_date or "").strip()[:10]),
        "enc_day": encountered,
        "place_fold": place or None,
        "names": names,
        "name_pairs": [f"{a}|{b}" for i, a in enumerate(names) for b in names[i + 1 :]],
        "place_words": sorted({w for w in place.split() if len(w) >= 3}),
    }


_PRECISION_TEXT = {"exact": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y", "estimated": "%Y"}


def person_features(
    person,
    *,
    family_parts: list[str] | None = None,
    document: str = "",
    group_id: str = "",
    first_met: datetime.date | None = None,
) -> dict:
    """The comparison columns of a Person row (father's and grandfather's names go after the given name)."""
    parts = (
        family_parts
        if family_parts is not None
        else [person.fathers_name, person.grandfathers_name, person.family_name]
    )
    # When the person was first met (else when the record was made): how far apart two registrations are evidence.
    met = first_met or (person.created_at.date() if person.created_at else None)
    dob = person.date_of_birth
    dob_text = dob.strftime(_PRECISION_TEXT.get(person.dob_precision, "%Y-%m-%d")) if dob else ""
    return features(
        record_id=str(person.uuid),
        given_name=person.given_name,
        family_name=" ".join(p for p in parts if p),
        date_of_birth=dob_text,
        dob_precision="estimated" if person.dob_precision == "estimated" else "",
        sex=person.sex,
        nationality=person.nationality,
        document_number=document,
        group_id=group_id,
        encounter_date=met.isoformat() if met else "",
        original_script=person.name_original_script,
    )

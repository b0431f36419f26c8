"""The flow monitoring survey: its XLSForm for ODK Collect / KoboToolbox, and the import of submissions.

Consent comes first; without it the form ends and nothing is kept. A respondent is known by a key hashed from a
few answers (initials, birth year, sex, nationality): a person already interviewed is not interviewed again, and
the answers that make the key are never stored.
"""

import hashlib
import hmac
import io
import shutil
from dataclasses import dataclass, field

from django.utils.translation import gettext_noop
from openpyxl import Workbook

from mixedflows.flows.models import age_band

FORM_ID = "mixedflows_flow_survey"
VERSION = "2026.1"
INCIDENTS = [
    ("violence", "Physical violence"),
    ("detention", "Detention"),
    ("kidnapping", "Kidnapping"),
    ("extortion", "Extortion"),
]
CHOICES = {
    "yes_no": [("yes", "Yes"), ("no", "No")],
    "sex": [("F", "Female"), ("M", "Male"), ("X", "Other")],
    "reasons": [
        ("economic", gettext_noop("Economic reasons, work")),
        ("conflict", gettext_noop("War or conflict")),
        ("persecution", gettext_noop("Persecution")),
        ("family", gettext_noop("Family reunification")),
        ("education", gettext_noop("Education")),
        ("environment", gettext_noop("Natural disaster or environment")),
        ("services", gettext_noop("Access to services")),
        ("other", gettext_noop("Other")),
    ],
    "incidents": [*INCIDENTS, ("none", "None of these")],
    "perpetrators": [
        ("smugglers", "Smugglers"),
        ("traffickers", "Traffickers"),
        ("armed_groups", "Armed groups"),
        ("police_military", "Police or military"),
        ("border_officials", "Border officials"),
        ("other_migrants", "Other migrants"),
        ("unknown", "Unknown"),
        ("other", "Other"),
    ],
    "needs": [
        ("food", "Food"),
        ("water", "Water"),
        ("shelter", "Shelter"),
        ("health", "Health care"),
        ("legal", "Legal information"),
        ("money", "Money"),
        ("documents", "Documents"),
        ("family_contact", "Contact with family"),
        ("none", "None"),
    ],
    "intention": [
        ("continue", "Continue the journey"),
        ("stay", "Stay here"),
        ("return", "Return home"),
        ("undecided", "Undecided"),
    ],
}
ASKED = "${consent} = 'yes' and ${interviewed_before} = 'no'"


def point_choice(point) -> str:
    """A point's name in the form's choice list: stable, and a valid XML name."""
    return f"p{point.uuid.hex[:12]}"


def _survey_rows(*, with_points: bool = False) -> list[list]:
    rows = [
        ["start", "start", "", "", "", ""],
        ["today", "today", "", "", "", ""],
        ["select_one points" if with_points else "text", "point", "Monitoring point", "yes", "", ""],
        ["date", "interview_date", "Date of the interview", "yes", "", ""],
        [
            "select_one yes_no",
            "consent",
            "Explain the purpose and that answers are anonymous. Does the person agree to be interviewed?",
            "yes",
            "",
            "",
        ],
        [
            "select_one yes_no",
            "interviewed_before",
            "Have you answered this survey before?",
            "yes",
            "${consent} = 'yes'",
            "",
        ],
        [
            "note",
            "end_note",
            "Thank the person: no more questions.",
            "",
            "${consent} = 'no' or ${interviewed_before} = 'yes'",
            "",
        ],
        [
            "text",
            "key_initials",
            "First letters of given name and family name",
            "yes",
            ASKED,
            "regex(., '^[A-Za-z]{2}$')",
        ],
        ["integer", "birth_year", "Year of birth", "yes", ASKED, ". >= 1920 and . <= 2026"],
        ["select_one sex", "sex", "Sex", "yes", ASKED, ""],
        ["text", "nationality", "Nationality (ISO alpha-3)", "yes", ASKED, "string-length(.) = 3"],
        ["text", "departure_country", "Country the journey started from (ISO alpha-3)", "", ASKED, ""],
        ["text", "intended_destination", "Intended final destination (ISO alpha-3)", "", ASKED, ""],
        ["select_multiple reasons", "reasons", "Why did you leave?", "yes", ASKED, ""],
        ["integer", "journey_cost_usd", "Cost of the journey so far (USD)", "", ASKED, ". >= 0"],
        [
            "select_multiple incidents",
            "incidents",
            "Did any of these happen to you on the way?",
            "yes",
            ASKED,
            "not(selected(., 'none') and count-selected(.) > 1)",
        ],
    ]
    for code, label in INCIDENTS:
        relevant = f"{ASKED} and selected(${{incidents}}, '{code}')"
        rows.append(["text", f"{code}_where", f"{label}: where (country or place)?", "", relevant, ""])
        rows.append(["select_one perpetrators", f"{code}_by", f"{label}: by whom?", "", relevant, ""])
    rows += [
        ["select_multiple needs", "needs", "What do you need most now?", "", ASKED, ""],
        ["select_one intention", "intention", "What do you intend to do next?", "", ASKED, ""],
    ]
    return rows


def xlsform_bytes(points=()) -> bytes:
    """The survey as an XLSForm; with an agency's points, the enumerator picks the point from a list."""
    book = Workbook()
    survey = book.worksheets[0]
    survey.title = "survey"
    survey.append(["type", "name", "label", "required", "relevant", "constraint"])
    for row in _survey_rows(with_points=bool(points)):
        survey.append(row)
    choices = book.create_sheet("choices")
    choices.append(["list_name", "name", "label"])
    lists = {**CHOICES, "points": [(point_choice(p), p.name) for p in points]} if points else CHOICES
    for list_name, options in lists.items():
        for name, label in options:
            choices.append([list_name, name, label])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version"])
    settings.append(["Flow monitoring survey", FORM_ID, VERSION])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsform_check(data: bytes) -> str:
    """Convert with pyxform; with Java present, ODK Validate checks the XForm too. Returns what was checked."""
    from pyxform.xls2xform import convert

    validate = shutil.which("java") is not None
    convert(xlsform=io.BytesIO(data), validate=validate, file_type=".xlsx")
    return "pyxform and ODK Validate" if validate else "pyxform (ODK Validate skipped: Java not found)"


# --- Import of submissions ---------------------------------------------------------------------------------


@dataclass
class ParsedSubmission:
    instance_id: str
    deprecated_id: str
    root_id: (
        str  # the submission's first instanceID where the server says it (Central's __id, Kobo's rootUuid)
    )
    consent: bool
    interviewed_before: bool
    fields: dict = field(default_factory=dict)


def _flatten(data: dict, out: dict | None = None) -> dict:
    """Central nests groups as objects, Kobo as 'group/field' keys: both become field → value by last name."""
    out = {} if out is None else out
    for key, value in data.items():
        if isinstance(value, dict):
            _flatten(value, out)
        else:
            out[key.rsplit("/", 1)[-1]] = value
    return out


def submissions_of(payload) -> list[dict]:
    """Accept a list, ODK Central's OData {"value": [...]} or Kobo's {"results": [...]}."""
    if isinstance(payload, dict):
        payload = payload.get("value", payload.get("results"))
    if not isinstance(payload, list) or not all(isinstance(s, dict) for s in payload):
        raise ValueError(
            'Expected a list of submissions, ODK Central\'s {"value": [...]} or Kobo\'s {"results": [...]}.'
        )
    return payload


def respondent_key(*, org_uuid: str, initials: str, birth_year: int, sex: str, nationality: str) -> str:
    """HMAC of a few answers with the installation's secret: so few answers could be guessed back from a plain
    hash, but not from this one without the server's secret key."""
    from django.conf import settings

    text = f"{org_uuid}|{initials.strip().upper()}|{birth_year}|{sex.upper()}|{nationality.strip().upper()}"
    return hmac.new(settings.SECRET_KEY.encode(), text.encode(), hashlib.sha256).hexdigest()


def parse(submission: dict) -> ParsedSubmission:
    flat = _flatten(submission)
    instance_id = str(flat.get("instanceID") or flat.get("__id") or flat.get("_uuid") or "")
    if instance_id and not instance_id.startswith("uuid:") and flat.get("_uuid"):
        instance_id = f"uuid:{instance_id}"
    return ParsedSubmission(
        instance_id=instance_id,
        deprecated_id=str(flat.get("deprecatedID") or ""),
        root_id=str(flat.get("rootUuid") or (flat.get("__id") if flat.get("instanceID") else "") or ""),
        consent=flat.get("consent") == "yes",
        interviewed_before=flat.get("interviewed_before") == "yes",
        fields=flat,
    )


def _words(value) -> list[str]:
    return [w for w in str(value or "").split() if w]


def interview_values(parsed: ParsedSubmission, *, year_of_interview: int) -> dict:
    """The kept answers (no initials, no birth year): the survey's profile, journey, risks, needs and intentions."""
    f = parsed.fields
    incidents = [
        {"kind": code, "where": str(f.get(f"{code}_where") or ""), "by_whom": str(f.get(f"{code}_by") or "")}
        for code in _words(f.get("incidents"))
        if code != "none"
    ]
    birth_year = int(f["birth_year"])
    cost = f.get("journey_cost_usd")
    return {
        "sex": str(f.get("sex") or ""),
        "age_band": age_band(year_of_interview - birth_year),
        "nationality": str(f.get("nationality") or "").upper(),
        "departure_country": str(f.get("departure_country") or "").upper(),
        "intended_destination": str(f.get("intended_destination") or "").upper(),
        "reasons": _words(f.get("reasons")),
        "journey_cost_usd": int(cost) if cost not in (None, "") else None,
        "incidents": incidents,
        "needs": [n for n in _words(f.get("needs")) if n != "none"],
        "intention": str(f.get("intention") or ""),
    }

"""The instrument as an XLSForm for ODK Collect and KoboToolbox, built with openpyxl and checked with pyxform.

Each section is a group named by its key, each question keeps its key, so a submission maps back
to the instrument by name. The settings' version is the instrument version; a calculated field
`instrument_version` carries it too, because Kobo's exports replace the form version with their own.

The person is chosen from the agency's entity list `people` (ODK Entities: `people.csv`, one row per
registered person of the site, see `people_entity_rows`), searched by name or registration number; when
the person is not in the list, the officer scans the registration card's barcode or types the number.
The calculated `registration_number` carries whichever was used, so the import needs only that.
"""

import csv
import io
from io import BytesIO
from typing import Protocol

from openpyxl import Workbook
from pyxform.xls2xform import convert

from mixedflows.lib.cells import neutralise
from mixedflows.lib.codes import language_choices
from mixedflows.screening.logic import xpath


class Instrument(Protocol):
    """A loaded instrument (the model) or its file in the package (`InstrumentFile`): both build the form."""

    @property
    def code(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def title(self) -> str: ...
    @property
    def definition(self) -> dict: ...


XLS_TYPES = {"yes_no": "select_one yes_no", "integer": "integer", "decimal": "decimal", "text": "text"}
SURVEY_COLUMNS = [
    "type",
    "name",
    "label",
    "hint",
    "required",
    "calculation",
    "relevant",
    "constraint",
    "constraint_message",
    "appearance",
]
ENTITY_LIST = "people"
# The age in years and the sex drive the skip logic (the child section, pregnancy); nothing else is needed.
ENTITY_COLUMNS = ["name", "label", "registration_number", "sex", "age", "age_band"]
LANGUAGE_LIST = "iso639_3"


def form_id(instrument: Instrument) -> str:
    return f"mixedflows_{instrument.code}"


def xlsform_rows(instrument: Instrument) -> tuple[list[dict], list[dict]]:
    """(survey rows, choices rows) of the XLSForm."""
    survey: list[dict] = [
        {
            "type": f"select_one_from_file {ENTITY_LIST}.csv",
            "name": "person",
            "label": "Person (type a name or registration number to search)",
            "hint": "Not in the list? Leave empty and scan or type the registration number.",
            "appearance": "autocomplete",
        },
        {
            "type": "barcode",
            "name": "registration_scan",
            "label": "Scan the registration card",
            "relevant": "${person} = ''",
        },
        {
            "type": "text",
            "name": "registration_typed",
            "label": "Registration number",
            "required": "yes",
            "relevant": "${person} = '' and ${registration_scan} = ''",
        },
        {
            "type": "calculate",
            "name": "registration_number",
            "calculation": (
                f"if(${{person}} != '', instance('{ENTITY_LIST}')/root/item[name=${{person}}]/registration_number, "
                "if(${registration_scan} != '', ${registration_scan}, ${registration_typed}))"
            ),
        },
        *(
            {
                "type": "calculate",
                "name": f"person_{fact}",
                "calculation": f"if(${{person}} != '', instance('{ENTITY_LIST}')/root/item[name=${{person}}]/{fact}, '')",
            }
            for fact in ("age", "sex")
        ),
        {"type": "calculate", "name": "instrument_version", "calculation": f"'{instrument.version}'"},
        {"type": "start", "name": "start"},
        {"type": "end", "name": "end"},
    ]
    choices: list[dict] = [
        {"list_name": "yes_no", "name": "yes", "label": "Yes"},
        {"list_name": "yes_no", "name": "no", "label": "No"},
    ]
    questions = {q["key"]: q for s in instrument.definition["sections"] for q in s["questions"]}
    languages_listed = False
    for section in instrument.definition["sections"]:
        survey.append(
            {
                "type": "begin_group",
                "name": section["key"],
                "label": section["title"],
                "hint": section.get("help", ""),
                "relevant": xpath(section["relevant"], questions) if "relevant" in section else "",
            }
        )
        for question in section["questions"]:
            kind = question["type"]
            if kind == "language":
                xls_type = f"select_one {LANGUAGE_LIST}"
                if not languages_listed:
                    choices += [
                        {"list_name": LANGUAGE_LIST, "name": code, "label": f"{name} ({code})"}
                        for code, name in language_choices()
                    ]
                    languages_listed = True
            elif kind in ("select_one", "select_multiple"):
                list_name = question["key"]
                xls_type = f"{kind} {list_name}"
                choices += [
                    {"list_name": list_name, "name": str(o["value"]), "label": o["label"]}
                    for o in question["options"]
                ]
            else:
                xls_type = XLS_TYPES[kind]
            survey.append(
                {
                    "type": xls_type,
                    "name": question["key"],
                    "label": question["label"],
                    "hint": question.get("help", ""),
                    "required": "yes" if question.get("required") else "",
                    "relevant": xpath(question["relevant"], questions) if "relevant" in question else "",
                    "constraint": xpath(question["constraint"], questions, question["key"])
                    if "constraint" in question
                    else "",
                    "constraint_message": question.get("constraint_message", ""),
                    "appearance": "autocomplete" if kind == "language" else "",
                }
            )
        survey.append({"type": "end_group", "name": section["key"]})
    return survey, choices


def xlsform_workbook(instrument: Instrument) -> bytes:
    survey, choices = xlsform_rows(instrument)
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = "survey"
    sheet.append(SURVEY_COLUMNS)
    for row in survey:
        sheet.append([row.get(column, "") for column in SURVEY_COLUMNS])
    choice_sheet = book.create_sheet("choices")
    choice_sheet.append(["list_name", "name", "label"])
    for row in choices:
        choice_sheet.append([row["list_name"], row["name"], row["label"]])
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version"])
    settings.append([instrument.title, form_id(instrument), instrument.version])
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def xlsform_check(data: bytes, *, validate: bool) -> str:
    """Convert with pyxform (and ODK Validate, which needs Java, when validate=True); returns the XForm XML."""
    return convert(xlsform=BytesIO(data), file_type=".xlsx", validate=validate, form_name="data").xform


def entity_csv(rows: list[dict]) -> bytes:
    """The `people.csv` entity list the form selects from (attach it to the form, or upload it to Central)."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=ENTITY_COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: neutralise(str(row.get(key, ""))) for key in ENTITY_COLUMNS})
    return out.getvalue().encode("utf-8")

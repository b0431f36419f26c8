"""The instrument as an XLSForm for ODK Collect and KoboToolbox, built with openpyxl and checked with pyxform.

Each section is a group named by its key, each question keeps its key, so a submission maps back
to the instrument by name. The settings' version is the instrument version; a calculated field
`instrument_version` carries it too, because Kobo's exports replace the form version with their own.
"""

from io import BytesIO
from typing import Protocol

from openpyxl import Workbook
from pyxform.xls2xform import convert


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
SURVEY_COLUMNS = ["type", "name", "label", "hint", "required", "calculation"]


def form_id(instrument: Instrument) -> str:
    return f"mixedflows_{instrument.code}"


def xlsform_rows(instrument: Instrument) -> tuple[list[dict], list[dict]]:
    """(survey rows, choices rows) of the XLSForm."""
    survey: list[dict] = [
        {
            "type": "hidden",
            "name": "registration_number",
            "label": "Registration number (filled in by the link that opens the form)",
        },
        {"type": "calculate", "name": "instrument_version", "calculation": f"'{instrument.version}'"},
        {"type": "start", "name": "start"},
        {"type": "end", "name": "end"},
    ]
    choices: list[dict] = [
        {"list_name": "yes_no", "name": "yes", "label": "Yes"},
        {"list_name": "yes_no", "name": "no", "label": "No"},
    ]
    for section in instrument.definition["sections"]:
        survey.append(
            {
                "type": "begin_group",
                "name": section["key"],
                "label": section["title"],
                "hint": section.get("help", ""),
            }
        )
        for question in section["questions"]:
            kind = question["type"]
            if kind in ("select_one", "select_multiple"):
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

"""The participants' template (XLSX and CSV) and reading a filled one back into rows by column.

A file that is neither a workbook nor UTF-8 text (a PDF, an old .xls, a picture) is refused by name, as are a
missing or unknown column; what each row holds is for the import service to judge.
"""

import csv
import io
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from mixedflows.lib.cells import csv_text, neutralise
from mixedflows.training.models import Institution, Sex
from mixedflows.training.services.participants import COLUMNS, REQUIRED

MAX_BYTES = 2 * 1024 * 1024

_SIGNATURES = {
    b"%PDF": "a PDF document",
    b"\xd0\xcf\x11\xe0": "an old Excel (.xls) or Word file",
    b"\x89PNG": "a PNG picture",
    b"\xff\xd8\xff": "a JPEG picture",
    b"{\\rtf": "a rich text document",
}


def template_csv() -> bytes:
    return csv_text([list(COLUMNS)]).encode("utf-8")


def template_xlsx() -> bytes:
    """The participants sheet (header only) and a sheet that explains each column and its codes."""
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = "participants"
    sheet.append(list(COLUMNS))
    for column, width in zip("ABCDEFGH", (28, 6, 32, 18, 10, 24, 28, 16), strict=True):
        sheet.column_dimensions[column].width = width
    help_sheet = book.create_sheet("how to fill")
    rows = [
        ["column", "required", "what to write"],
        ["name", "yes", "The official's full name, as on their ID."],
        ["sex", "yes", ", ".join(f"{code} ({label})" for code, label in Sex.choices)],
        ["institution", "yes", "The institution's name, e.g. Ministry of Interior."],
        ["institution_type", "yes", ", ".join(Institution.Kind.values)],
        ["country", "yes", "The institution's country: ISO code (ITA) or name (Italy)."],
        ["position", "no", "Rank or post."],
        ["email", "no", "Work email."],
        ["phone", "no", "Work phone."],
        [],
        ["", "", "One official a row, under the header; the same person twice is refused."],
    ]
    for row in rows:
        help_sheet.append([neutralise(value) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _header(cells: list) -> list[str]:
    names = [str(c or "").strip().lower().replace(" ", "_") for c in cells]
    unknown = [n for n in names if n and n not in COLUMNS]
    missing = [c for c in REQUIRED if c not in names]
    if unknown or missing:
        problems = []
        if missing:
            problems.append(_("missing column(s): %(names)s") % {"names": ", ".join(missing)})
        if unknown:
            problems.append(_("unknown column(s): %(names)s") % {"names": ", ".join(unknown)})
        raise ValidationError(
            {
                "file": _(
                    "The first row is not the template's header (%(problems)s). Download the template and fill it in."
                )
                % {"problems": "; ".join(problems)}
            }
        )
    return names


def _rows(header: list[str], body) -> list[dict]:
    rows = []
    for cells in body:
        values = ["" if c is None else str(c) for c in cells]
        rows.append({name: values[i] if i < len(values) else "" for i, name in enumerate(header) if name})
    return rows


def read_rows(data: bytes, filename: str = "") -> list[dict]:
    """The rows of a filled template (XLSX or CSV), by column name, first data row first (row 2)."""
    if not data:
        raise ValidationError({"file": _("The file is empty.")})
    if len(data) > MAX_BYTES:
        raise ValidationError({"file": _("The file is larger than 2 MB: split the list.")})
    for signature, kind in _SIGNATURES.items():
        if data.startswith(signature):
            raise ValidationError(
                {
                    "file": _("This is %(kind)s, not a spreadsheet: upload the template as .xlsx or .csv.")
                    % {"kind": kind}
                }
            )
    if data.startswith(b"PK\x03\x04"):
        try:
            book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds on a zip that is not a workbook
            raise ValidationError(
                {
                    "file": _(
                        "This zip file is not an Excel workbook (.xlsx): upload the template as .xlsx or .csv."
                    )
                }
            ) from error
        sheet = book["participants"] if "participants" in book.sheetnames else book.worksheets[0]
        lines: list[Sequence[object]] = list(sheet.iter_rows(values_only=True))
        book.close()
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ValidationError(
                {
                    "file": _(
                        "This file is not a spreadsheet or UTF-8 text: upload the template as .xlsx or .csv."
                    )
                }
            ) from error
        if "\x00" in text:
            raise ValidationError(
                {
                    "file": _(
                        "This file is not a spreadsheet or UTF-8 text: upload the template as .xlsx or .csv."
                    )
                }
            )
        sample = text[:4096]
        try:
            dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        lines = list(csv.reader(io.StringIO(text), dialect))
    if not lines:
        raise ValidationError({"file": _("The file is empty.")})
    return _rows(_header(list(lines[0])), lines[1:])

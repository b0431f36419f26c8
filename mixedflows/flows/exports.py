"""CSV and XLSX exports of published tables, with an HXL hashtag row, ready for the Humanitarian Data Exchange.

Cells that a spreadsheet would run as a formula (starting with = + - @) are neutralised with a leading quote.
"""

import io
import re

from openpyxl import Workbook

from mixedflows.lib.cells import csv_text, neutralise
from mixedflows.lib.disclosure import TOTAL

SUPPRESSED = ""  # empty: HXL counts must be numbers; zeros are published as 0, so empty means suppressed

# Hashtag of a row dimension's column (HXL 1.1 dictionary hashtags and attributes).
DIMENSION_TAGS = {
    "nationality": "#country+code+nationality",
    "departure_country": "#country+code+departure",
    "site": "#loc+name",
    "point": "#loc+name+point",
    "month": "#date+month",
    "sex": "#group+sex",
    "age_band": "#group+age",
    "direction": "#indicator+direction",
    "movement": "#indicator+movement",
}
# Attributes of a count column, by the column's value. Sex and age from the HXL dictionary (+f, +m, +i;
# +children, +adults, +elderly), exact bands in HDX's population-statistics form (+age0_4, +age60plus);
# docs/flows.md lists the few we had to invent.
VALUE_ATTRIBUTES = {
    "F": "+f",
    "M": "+m",
    "X": "+i",
    "0_4": "+children+age0_4",
    "5_17": "+children+age5_17",
    "18_59": "+adults+age18_59",
    "60p": "+elderly+age60plus",
    "unknown": "+unknown",
}
PCODE_TAGS = ["#adm1+code", "#adm2+code"]


VALUE_LABELS = {
    "F": "Female",
    "M": "Male",
    "X": "Other",
    "0_4": "Age 0-4",
    "5_17": "Age 5-17",
    "18_59": "Age 18-59",
    "60p": "Age 60+",
    "unknown": "Not known",
}


def _attribute(value: str) -> str:
    """The column's attributes: the dictionary's where it has them, else the value as an attribute."""
    if value in VALUE_ATTRIBUTES:
        return VALUE_ATTRIBUTES[value]
    slug = re.sub(r"[^a-z0-9_]+", "_", value.lower()).strip("_")
    return "+" + (slug or "unknown")


def hxl_rows(publication) -> list[list]:
    """Header row, hashtag row, then data rows: period, scope, the row dimension (and its p-codes), counts.

    The table's total row is left out, so that a tool summing a column (HXL Proxy, HDX) never counts
    anyone twice; the row totals stay, in their own column tagged +total.
    """
    spec, grid = publication.spec, publication.content["grid"]
    header, body = grid[0], [line for line in grid[1:] if line[0] != TOTAL]
    pcodes = publication.content.get("pcodes")
    indicator = "#affected+num" if spec.get("source") == "arrivals" else "#indicator+num+seen"
    head = [
        "Period start",
        "Period end",
        "Scope",
        spec.get("rows_label", spec.get("rows", "")),
        *(["Admin 1 p-code", "Admin 2 p-code"] if pcodes else []),
        *("Total" if col == TOTAL else VALUE_LABELS.get(str(col), col) for col in header[1:]),
    ]
    tags = [
        "#date+start",
        "#date+end",
        "#meta+scope",
        DIMENSION_TAGS.get(spec.get("rows"), "#meta+row"),
        *(PCODE_TAGS if pcodes else []),
        *(indicator + ("+total" if col == TOTAL else _attribute(str(col))) for col in header[1:]),
    ]
    rows = [
        [
            spec.get("start", ""),
            spec.get("end", ""),
            spec.get("scope_label", ""),
            line[0],
            *(pcodes.get(line[0], ["", ""]) if pcodes else []),
            *(SUPPRESSED if v is None else v for v in line[1:]),
        ]
        for line in body
    ]
    return [head, tags, *rows]


MICRODATA_TAGS = {
    "sex": "#group+sex",
    "age_band": "#group+age",
    "nationality": "#country+code+nationality",
    "site": "#loc+name",
    "departure_country": "#country+code+departure",
    "month": "#date+month",
    "categories": "#indicator+categories",
}


def microdata_rows(publication) -> list[list]:
    """Header row, hashtag row, then one row per record of a k-anonymous extract."""
    columns = publication.spec["columns"]
    records = publication.content["records"]
    return [
        columns,
        [MICRODATA_TAGS.get(c, "#meta") for c in columns],
        *([r.get(c, "") for c in columns] for r in records),
    ]


def hxl_check(rows: list[list]) -> list[str]:
    """Problems libhxl finds in the table (empty when valid). Its validation can raise on odd cells: wrapped."""
    try:
        import hxl

        report = hxl.validate(hxl.data(rows))
    except Exception as error:  # libhxl raises on some #date cells; report it rather than fail the export
        return [f"libhxl could not validate the table ({type(error).__name__})"]
    # Warnings such as "possible numeric outlier" are about the data, not the format: only errors count here.
    return [
        issue.get("description", str(issue))
        for issue in report.get("issues", [])
        if issue.get("severity") == "error"
    ]


def to_xlsx(rows: list[list], title: str) -> bytes:
    book = Workbook()
    sheet = book.worksheets[0]
    sheet.title = re.sub(r"[\\/*?:\[\]]", " ", title)[:31] or "Table"
    for row in rows:
        sheet.append([neutralise(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def publication_file(publication, fmt: str) -> tuple[str, bytes]:
    """(file name, content) of a publication as CSV or XLSX: what the page downloads and the command writes."""
    rows = hxl_rows(publication) if publication.kind == "table" else microdata_rows(publication)
    name = f"mixedflows-{publication.uuid.hex[:8]}.{fmt}"
    if fmt == "csv":
        return name, csv_text(rows).encode("utf-8")
    return name, to_xlsx(rows, publication.title)

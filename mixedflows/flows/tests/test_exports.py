import csv
import io

from openpyxl import load_workbook

from mixedflows.flows.exports import hxl_check, neutralise, to_xlsx
from mixedflows.lib.cells import csv_text


def test_cells_that_a_spreadsheet_would_run_are_neutralised():
    rows = [
        ["Site", "n"],
        ["#loc+name", "#affected"],
        ['=HYPERLINK("http://x")', 3],
        ["+1", 4],
        ["-2", 5],
        ["@SUM(A1)", 6],
        ["Porto Sereno", -1],
    ]
    text = list(csv.reader(io.StringIO(csv_text(rows))))
    assert [line[0] for line in text[2:]] == [
        '\'=HYPERLINK("http://x")',
        "'+1",
        "'-2",
        "'@SUM(A1)",
        "Porto Sereno",
    ]
    assert text[6][1] == "-1"  # a number is a number, not text to neutralise
    sheet = load_workbook(io.BytesIO(to_xlsx(rows, "t"))).active
    assert sheet.cell(3, 1).value == '\'=HYPERLINK("http://x")' and sheet.cell(3, 1).data_type == "s"
    assert neutralise("Valle Chiara") == "Valle Chiara"


def test_libhxl_validation_is_wrapped():
    assert hxl_check([["n"], ["#affected"], [4]]) == []
    assert hxl_check([["n"], ["#affected"], ["many"]])  # not a number: reported, not raised

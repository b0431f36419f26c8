"""Cells of exported spreadsheets and CSV files: every exporter writes through `neutralise` (tests/test_layers.py)."""

import csv
import io
from collections.abc import Iterable, Sequence

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A text cell that a spreadsheet would run as a formula (= + - @, tab, CR) gets a leading quote."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(rows: Iterable[Sequence]) -> str:
    """Rows as CSV text, each cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([neutralise(value) for value in row])
    return out.getvalue()

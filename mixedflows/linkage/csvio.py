"""CSV in, CSV out for the command line: all checks before any output, output written whole or not at all."""

import codecs
import csv
import io
import os
import tempfile
from collections.abc import Iterator

from mixedflows.linkage.features import BadDate, ImpossibleDate, encounter_day, features, parse_dob

REQUIRED = (
    "record_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "nationality",
    "document_number",
)
OPTIONAL = ("group_id", "encounter_date", "site", "place")
SEXES = {"", "M", "F", "X"}
# Measured peak (feature dicts, Arrow copy, DuckDB and Splink tables) per input record, with margin.
BYTES_PER_RECORD = 3_000
MAX_ERRORS_SHOWN = 5


class InputError(ValueError):
    """A problem with an input file, worded for the person who made it."""


def _available_memory() -> int:
    try:
        with open("/proc/meminfo", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 8 * 1024**3


def memory_needed(paths: list[str]) -> tuple[int, int]:
    """(estimated records, bytes needed) from the files' sizes, before reading them."""
    size = 0
    for path in paths:
        try:
            size += os.path.getsize(path)
        except OSError as error:
            raise InputError(f"{path}: cannot be read ({error.strerror}).") from error
    records = max(size // 80, 1)  # a registration row is ~80 bytes of CSV
    return records, records * BYTES_PER_RECORD


def check_memory(paths: list[str]) -> str:
    records, needed = memory_needed(paths)
    available = _available_memory()
    message = f"about {records:,} records; needs about {needed / 1024**3:.1f} GB of memory ({available / 1024**3:.1f} GB available)"
    if needed > available:
        raise InputError(f"Too big for this machine: {message}. Split the file, or run on a larger machine.")
    return message


# What people send instead of a CSV file, by how the file starts.
_NOT_CSV = {
    b"PK\x03\x04": "an Excel workbook or other zip archive (.xlsx)",
    b"\xd0\xcf\x11\xe0": "an old Excel workbook (.xls)",
    b"%PDF": "a PDF document",
}


def _text(path: str) -> str:
    """The file decoded: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252 (what Excel writes)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror}).") from error
    for magic, kind in _NOT_CSV.items():
        if data.startswith(magic):
            raise InputError(f"{path}: {kind}, not a CSV file. Save it as CSV (UTF-8) and run again.")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    elif b"\x00" in data:
        raise InputError(
            f"{path}: not a text encoding that can be read (UTF-16 without a byte-order mark, UTF-32 or binary). "
            "Save it as CSV in UTF-8."
        )
    else:
        encodings = ["utf-8-sig", "cp1252"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(
        f"{path}: the encoding is not UTF-8, UTF-16 or Windows-1252 (the ones read). Save it as CSV in UTF-8."
    )


def _rows(path: str) -> Iterator[tuple[int, dict]]:
    # strict: an unterminated quote is an error instead of swallowing every following record.
    reader = csv.DictReader(io.StringIO(_text(path), newline=""), strict=True)
    try:
        header = reader.fieldnames
    except csv.Error as error:
        raise InputError(f"{path}: line 1: not a CSV file ({error}).") from error
    if not header:
        raise InputError(f"{path}: the file is empty (expected a header line: {','.join(REQUIRED)}).")
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(f"{path}: missing column(s) {', '.join(missing)} (required: {', '.join(REQUIRED)}).")
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            hint = (
                "a quote opened on this line is never closed"
                if "end of data" in str(error)
                else f"not valid CSV ({error})"
            )
            raise InputError(f"{path}: line {start}: {hint}. Nothing was written.") from error
        yield start, row


# What a cell may hold besides M, F, X or nothing: the words spreadsheets and other systems write.
SEX_WORDS = {"MALE": "M", "FEMALE": "F", "MAN": "M", "WOMAN": "F", "U": "", "UNKNOWN": "", "?": ""}
# A value of the right form that cannot be (no such day, no such sex), field by field, as the summary names it.
NOISY_FIELDS = {
    "date_of_birth": "impossible date(s) of birth",
    "encounter_date": "impossible encounter date(s)",
    "sex": "sex value(s) other than M, F or X",
}


def _sex(text: str) -> str:
    """M, F, X or empty; raises ImpossibleValue for anything else (Q, 3, a name typed in the wrong column)."""
    value = (text or "").strip().upper()
    if value in SEXES:
        return value
    if value in SEX_WORDS:
        return SEX_WORDS[value]
    raise ImpossibleDate(f"{text!r} is not M, F, X or empty")


def _check(field: str, value: str) -> str:
    """The value as it will be compared; raises BadDate (wrong form) or ImpossibleDate (no such value)."""
    if field == "sex":
        return _sex(value)
    if field == "date_of_birth":
        parse_dob(value)
    else:
        encounter_day(value)
    return value


def read_features(
    path: str, *, strict: bool = False, noisy: dict[str, list[int]] | None = None
) -> list[dict]:
    """Every row as comparison features; raises InputError listing the first bad rows (and how many).

    An impossible value (a date of birth 1945-04-93, an encounter on 2025-02-30, a sex Q) is compared as
    missing and its line added to `noisy[field]`, unless `strict`, where it is a bad row like any other.
    A value of the wrong form (17/05/1990) is a bad row either way: it says the file is not in our format.
    """
    out: list[dict] = []
    errors: list[str] = []
    seen: set[str] = set()
    for line, row in _rows(path):
        record_id = (row.get("record_id") or "").strip()
        problem = ""
        if not record_id:
            problem = "record_id is empty"
        elif record_id in seen:
            problem = f"record_id {record_id!r} appears twice"
        values = {field: row.get(field) or "" for field in NOISY_FIELDS}
        for field in NOISY_FIELDS:
            if problem:
                break
            try:
                values[field] = _check(field, values[field])
            except ImpossibleDate as error:
                if strict:
                    problem = _problem(field, error)
                else:
                    values[field] = ""  # noisy data: compared as missing
                    if noisy is not None:
                        noisy.setdefault(field, []).append(line)
            except BadDate as error:
                problem = _problem(field, error)
        if not problem:
            out.append(
                features(
                    record_id=record_id,
                    given_name=row.get("given_name") or "",
                    family_name=row.get("family_name") or "",
                    nationality=row.get("nationality") or "",
                    document_number=row.get("document_number") or "",
                    group_id=row.get("group_id") or "",
                    site=row.get("site") or "",
                    place=row.get("place") or "",
                    **values,
                )
            )
        else:
            errors.append(f"line {line}: {problem}")
        seen.add(record_id)
    if errors:
        shown = "; ".join(errors[:MAX_ERRORS_SHOWN])
        more = f" (and {len(errors) - MAX_ERRORS_SHOWN} more)" if len(errors) > MAX_ERRORS_SHOWN else ""
        raise InputError(f"{path}: {len(errors)} bad row(s): {shown}{more}. Nothing was written.")
    if not out:
        raise InputError(f"{path}: no records after the header line. Nothing was written.")
    return out


def _problem(field: str, error: Exception) -> str:
    text = str(error)
    return text if text.startswith(field) else f"{field} {text}"


def check_writable(path: str) -> None:
    """Refuse an output path that cannot be written before the (long) work starts, not after it."""
    directory = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(directory):
        raise InputError(f"{path}: the folder {directory} does not exist. Nothing was read or written.")
    if not os.access(directory, os.W_OK):
        raise InputError(f"{path}: the folder {directory} cannot be written to. Nothing was read or written.")


def _write_atomically(path: str, header: list[str], rows) -> int:
    """Write a CSV whole or not at all (a temporary file renamed into place); the number of rows written."""
    directory = os.path.dirname(os.path.abspath(path))
    handle = tempfile.NamedTemporaryFile(
        "w", dir=directory, delete=False, newline="", suffix=".partial", encoding="utf-8"
    )
    count = 0
    try:
        with handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for row in rows:
                writer.writerow(row)
                count += 1
        os.replace(handle.name, path)
    except BaseException:
        os.unlink(handle.name)
        raise
    return count


def write_pairs(path: str, pairs) -> int:
    """record_id_l,record_id_r,match_probability, one scored pair a row."""
    rows = ([left, right, f"{probability:.6f}"] for left, right, probability in pairs)
    return _write_atomically(path, ["record_id_l", "record_id_r", "match_probability"], rows)


def write_clusters(path: str, clusters: dict, *, link: bool) -> int:
    """record_id,cluster_id (link: file,record_id,cluster_id with file left or right), one row per record."""
    if link:
        rows = ([side, record_id, cluster] for (side, record_id), cluster in clusters.items())
        return _write_atomically(path, ["file", "record_id", "cluster_id"], rows)
    return _write_atomically(path, ["record_id", "cluster_id"], ([r, c] for r, c in clusters.items()))

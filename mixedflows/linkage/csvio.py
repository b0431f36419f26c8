"""CSV in, CSV out for the command line: all checks before any output, output written whole or not at all."""

import codecs
import csv
import io
import os
import tempfile
from collections.abc import Iterator

from mixedflows.linkage.features import BadDate, ImpossibleDate, features

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


def _text(path: str) -> str:
    """The file decoded: UTF-8 (with or without BOM), UTF-16 with a BOM, else Windows-1252 (what Excel writes)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror}).") from error
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


def read_features(path: str, *, strict: bool = False, impossible: list[str] | None = None) -> list[dict]:
    """Every row as comparison features; raises InputError listing the first bad rows (and how many).

    An impossible date of birth (1945-04-93) is read as missing and its line added to `impossible`,
    unless `strict`, where it is a bad row like any other.
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
        elif (row.get("sex") or "").strip().upper() not in SEXES:
            problem = f"sex {row['sex']!r} is not M, F, X or empty"
        date_of_birth = row.get("date_of_birth") or ""
        while not problem:
            try:
                out.append(
                    features(
                        record_id=record_id,
                        given_name=row.get("given_name") or "",
                        family_name=row.get("family_name") or "",
                        date_of_birth=date_of_birth,
                        sex=row.get("sex") or "",
                        nationality=row.get("nationality") or "",
                        document_number=row.get("document_number") or "",
                        group_id=row.get("group_id") or "",
                        site=row.get("site") or "",
                        encounter_date=row.get("encounter_date") or "",
                        place=row.get("place") or "",
                    )
                )
                break
            except ImpossibleDate as error:
                if strict or not date_of_birth:
                    problem = f"date_of_birth {error}"
                else:
                    date_of_birth = ""  # noisy data: compared as missing
                    if impossible is not None:
                        impossible.append(f"line {line}")
            except BadDate as error:
                problem = str(error) if str(error).startswith("encounter_date") else f"date_of_birth {error}"
        if problem:
            errors.append(f"line {line}: {problem}")
        seen.add(record_id)
    if errors:
        shown = "; ".join(errors[:MAX_ERRORS_SHOWN])
        more = f" (and {len(errors) - MAX_ERRORS_SHOWN} more)" if len(errors) > MAX_ERRORS_SHOWN else ""
        raise InputError(f"{path}: {len(errors)} bad row(s): {shown}{more}. Nothing was written.")
    if not out:
        raise InputError(f"{path}: no records after the header line. Nothing was written.")
    return out


def write_pairs(path: str, pairs) -> int:
    """Write record_id_l,record_id_r,match_probability atomically (a temporary file renamed into place)."""
    directory = os.path.dirname(os.path.abspath(path))
    handle = tempfile.NamedTemporaryFile(
        "w", dir=directory, delete=False, newline="", suffix=".partial", encoding="utf-8"
    )
    count = 0
    try:
        with handle:
            writer = csv.writer(handle)
            writer.writerow(["record_id_l", "record_id_r", "match_probability"])
            for left, right, probability in pairs:
                writer.writerow([left, right, f"{probability:.6f}"])
                count += 1
        os.replace(handle.name, path)
    except BaseException:
        os.unlink(handle.name)
        raise
    return count

"""CSV-to-CSV deduplication and linkage: read and check everything, train on the input, predict, write."""

from collections.abc import Callable

from mixedflows.linkage import csvio, engine

Say = Callable[[str], None]


def _steps(say: Say, total: int):
    step = {"n": 0}

    def progress(message: str) -> None:
        if message.startswith(" "):  # a detail of the current step
            say(message)
            return
        step["n"] += 1
        say(f"[{step['n']}/{total}] {message}")

    return progress


def _read(path: str, strict: bool, say: Say, impossible: list[str]) -> list[dict]:
    found: list[str] = []
    rows = csvio.read_features(path, strict=strict, impossible=found)
    if found:
        shown = ", ".join(found[: csvio.MAX_ERRORS_SHOWN])
        more = ", ..." if len(found) > csvio.MAX_ERRORS_SHOWN else ""
        say(f"  {path}: {len(found)} impossible date(s) of birth compared as missing ({shown}{more})")
    impossible.extend(found)
    return rows


def dedupe_csv(
    *, input_path: str, output_path: str, threshold: float, say: Say = print, strict: bool = False
) -> tuple[int, int]:
    """(pairs written, impossible dates of birth compared as missing)."""
    say(f"{input_path}: {csvio.check_memory([input_path])}")
    progress = _steps(say, 8)
    progress("reading and checking records")
    impossible: list[str] = []
    rows = _read(input_path, strict, progress, impossible)
    table = engine.to_arrow(rows)
    del rows
    model = _model([table], progress)
    pairs = engine.predict([table], model, threshold=threshold, progress=progress)
    progress("writing pairs")
    return csvio.write_pairs(output_path, _triples(pairs)), len(impossible)


def link_csv(
    *,
    left_path: str,
    right_path: str,
    output_path: str,
    threshold: float,
    say: Say = print,
    strict: bool = False,
) -> tuple[int, int]:
    """(pairs written, impossible dates of birth compared as missing in both files)."""
    say(f"{left_path} + {right_path}: {csvio.check_memory([left_path, right_path])}")
    progress = _steps(say, 8)
    progress("reading and checking records")
    impossible: list[str] = []
    left = engine.to_arrow(_read(left_path, strict, progress, impossible))
    right = engine.to_arrow(_read(right_path, strict, progress, impossible))
    model = _model([left, right], progress)
    pairs = engine.predict([left, right], model, threshold=threshold, progress=progress)
    progress("writing pairs")
    return csvio.write_pairs(output_path, _triples(pairs)), len(impossible)


def _model(tables, progress) -> dict:
    records = sum(t.num_rows for t in tables)
    if records < engine.MIN_TRAINING_RECORDS:
        for step in ("share of matching pairs", "u", "m (names)", "m (dates)"):
            progress(f"skipped training ({step}): {records} records are too few to estimate from")
        progress(f"  using the default model (fewer than {engine.MIN_TRAINING_RECORDS} records)")
        model = engine.default_model(records=records)
        model["link_type"] = "link_only" if len(tables) == 2 else "dedupe_only"
        return model
    return engine.train(tables, progress=progress)


def _triples(table):
    columns = [table.column(n).to_pylist() for n in ("unique_id_l", "unique_id_r", "match_probability")]
    return zip(*columns, strict=True)

"""CSV-to-CSV deduplication and linkage: read and check everything, train on the input, predict, write."""

import os
from collections.abc import Callable

from mixedflows.linkage import csvio, engine
from mixedflows.linkage.clusters import connected_components

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


Noisy = dict[str, int]


def _read(path: str, strict: bool, say: Say, noisy: Noisy) -> list[dict]:
    found: dict[str, list[int]] = {}
    rows = csvio.read_features(path, strict=strict, noisy=found)
    for field, lines in found.items():
        shown = ", ".join(f"line {n}" for n in lines[: csvio.MAX_ERRORS_SHOWN])
        more = ", ..." if len(lines) > csvio.MAX_ERRORS_SHOWN else ""
        say(f"  {path}: {len(lines)} {csvio.NOISY_FIELDS[field]} compared as missing ({shown}{more})")
        noisy[field] = noisy.get(field, 0) + len(lines)
    return rows


def noisy_summary(noisy: Noisy) -> str:
    """'2 impossible date(s) of birth, 1 sex value(s) other than M, F or X', in the order of NOISY_FIELDS."""
    return ", ".join(f"{noisy[f]} {label}" for f, label in csvio.NOISY_FIELDS.items() if noisy.get(f))


def dedupe_csv(
    *,
    input_path: str,
    output_path: str,
    threshold: float,
    say: Say = print,
    strict: bool = False,
    clusters_path: str = "",
) -> tuple[int, Noisy]:
    """(pairs written, impossible values compared as missing by field); with `clusters_path`, a cluster per record."""
    _check_outputs(output_path, clusters_path)
    say(f"{input_path}: {csvio.check_memory([input_path])}")
    progress = _steps(say, 8)
    progress("reading and checking records")
    noisy: Noisy = {}
    rows = _read(input_path, strict, progress, noisy)
    table = engine.to_arrow(rows)
    del rows
    model = _model([table], progress)
    pairs = _triples(engine.predict([table], model, threshold=threshold, progress=progress))
    progress("writing pairs")
    if clusters_path:
        ids = table.column("unique_id").to_pylist()
        clusters = connected_components(ids, ((left, right) for left, right, _ in pairs))
        csvio.write_clusters(clusters_path, clusters, link=False)
    return csvio.write_pairs(output_path, pairs), noisy


def link_csv(
    *,
    left_path: str,
    right_path: str,
    output_path: str,
    threshold: float,
    say: Say = print,
    strict: bool = False,
    clusters_path: str = "",
) -> tuple[int, Noisy]:
    """(pairs written, impossible values compared as missing in both files by field); with `clusters_path`,
    a cluster per record of either file."""
    _check_outputs(output_path, clusters_path)
    say(f"{left_path} + {right_path}: {csvio.check_memory([left_path, right_path])}")
    progress = _steps(say, 8)
    progress("reading and checking records")
    noisy: Noisy = {}
    left = engine.to_arrow(_read(left_path, strict, progress, noisy))
    right = engine.to_arrow(_read(right_path, strict, progress, noisy))
    model = _model([left, right], progress)
    pairs = _triples(engine.predict([left, right], model, threshold=threshold, progress=progress))
    progress("writing pairs")
    if clusters_path:
        ids = [("left", i) for i in left.column("unique_id").to_pylist()]
        ids += [("right", i) for i in right.column("unique_id").to_pylist()]
        clusters = connected_components(ids, ((("left", lt), ("right", rt)) for lt, rt, _ in pairs))
        csvio.write_clusters(clusters_path, clusters, link=True)
    return csvio.write_pairs(output_path, pairs), noisy


def _check_outputs(output_path: str, clusters_path: str) -> None:
    csvio.check_writable(output_path)
    if clusters_path:
        if os.path.abspath(clusters_path) == os.path.abspath(output_path):
            raise csvio.InputError(f"{clusters_path}: --clusters and --output name the same file.")
        csvio.check_writable(clusters_path)


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


def _triples(table) -> list[tuple]:
    columns = [table.column(n).to_pylist() for n in ("unique_id_l", "unique_id_r", "match_probability")]
    return list(zip(*columns, strict=True))

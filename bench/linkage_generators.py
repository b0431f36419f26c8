"""One fixed model on registries written with different habits: precision, recall and F1 at the default threshold.

    python bench/linkage_generators.py [--people 10000] [--settings "as before" ...]

Each generator setting (mixedflows/linkage/synthetic/ `Habits`: name pool, names in the wrong field,
original script only, registrars' own spellings, dates and sex typed wrong, siblings born close together)
makes its own registry with the same seed; our linkage (trained by EM on those records, as the command line
does), plain Splink and the baseline are scored on it in the same process, one process per setting. The
model's code and fixed parameters are the same for every setting: nothing is tuned to one. Prints a
Markdown table for docs/benchmarks.md.
"""

import argparse
import json
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from mixedflows.linkage.synthetic import Habits  # noqa: E402

SETTINGS = {
    "as before": Habits(),
    "other names, names in the wrong field, more original script, registrars' own spellings": Habits(
        names="other", misuse=0.10, script_only=0.15, registrar_spelling=True
    ),
    "siblings 1-3 years apart, dates and sex typed wrong": Habits(
        sibling_gap=True, date_typos=0.05, sex_errors=0.05
    ),
    "all of these at once": Habits(
        names="other",
        misuse=0.10,
        script_only=0.15,
        registrar_spelling=True,
        sibling_gap=True,
        date_typos=0.05,
        sex_errors=0.05,
    ),
}


def one_setting(name: str, people: int, threshold: float) -> dict:
    from linkage_eval import baseline, ours, plain_splink, score, truth_pairs

    from mixedflows.linkage.synthetic import generate

    records = generate(people, seed=1, habits=SETTINGS[name])
    truth = truth_pairs(records)
    out: dict = {"setting": name, "people": people, "records": len(records), "true_pairs": len(truth)}
    for method, run in (
        ("mixedflows", lambda: ours(records, threshold)),
        ("plain_splink", lambda: plain_splink(records, threshold)),
        ("baseline", lambda: baseline(records)),
    ):
        start = time.perf_counter()
        found = run()
        out[method] = {**score(found, truth), "seconds": round(time.perf_counter() - start, 1)}
    return out


def table(results: list[dict], threshold: float) -> str:
    lines = [
        f"Threshold {threshold} (the command line's default); pairwise precision / recall / F1 against the truth.",
        "",
        "| generator setting | records | true pairs | method | precision | recall | F1 | seconds |",
        "|---|---:|---:|---|---:|---:|---:|---:|",
    ]
    for r in results:
        for method in ("mixedflows", "plain_splink", "baseline"):
            m = r[method]
            lines.append(
                f"| {r['setting']} | {r['records']:,} | {r['true_pairs']:,} | {method.replace('_', ' ')} | "
                f"{m['precision']:.3f} | {m['recall']:.3f} | {m['f1']:.3f} | {m['seconds']} |"
            )
    return "\n".join(lines)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--settings", nargs="*", default=list(SETTINGS))
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(one_setting(args.one, args.people, args.threshold)))
        return
    results = []
    for name in args.settings:
        command = [sys.executable, __file__, "--one", name, "--people", str(args.people)]
        command += ["--threshold", str(args.threshold)]
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        results.append(json.loads(output.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), file=sys.stderr)
    print(table(results, args.threshold))
    print("\nSettings:", file=sys.stderr)
    for name in args.settings:
        print(f"  {name}: {asdict(SETTINGS[name])}", file=sys.stderr)


if __name__ == "__main__":
    main()

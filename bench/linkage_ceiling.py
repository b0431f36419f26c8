"""How far could any scorer go on the pairs our blocking finds? A classifier trained on the truth.

    python bench/linkage_ceiling.py --people 10000 [--noise 1.0]

Our linkage is trained without labels. To see whether its F1 is limited by the model or by
the records, this trains a gradient-boosted classifier WITH the generator's truth (5-fold
cross-validated, so every pair is scored by a model that never saw it) on the same blocked
pairs, with every comparison level, the distances in years and days, the names' frequencies,
travel groups and our own probability as features. Its best F1 over all thresholds is the
ceiling of what the comparisons can tell apart; the true pairs blocking never proposed count
as missed, as they do for us. Needs `pip install -e '.[bench]'` (scikit-learn).
"""

import argparse
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--noise", type=float, default=1.0)
    args = parser.parse_args(argv)

    import numpy as np
    from linkage_eval import truth_pairs
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.model_selection import cross_val_predict

    from mixedflows.linkage import engine
    from mixedflows.linkage.comparisons import levels_of
    from mixedflows.linkage.features import features
    from mixedflows.linkage.synthetic import generate

    records = generate(args.people, seed=1, noise=args.noise)
    truth = truth_pairs(records)
    rows = [
        features(
            record_id=r["record_id"],
            given_name=r["given_name"],
            family_name=r["family_name"],
            date_of_birth=r["date_of_birth"],
            sex=r["sex"],
            nationality=r["nationality"],
            document_number=r["document_number"],
            group_id=r["group_id"],
            encounter_date=r["encounter_date"],
        )
        for r in records
    ]
    by_id = {f["unique_id"]: f for f in rows}
    table = engine.to_arrow(rows)
    pairs = engine.predict([table], engine.train([table]), threshold=0.0005)
    ours = {
        tuple(sorted((a, b))): p
        for a, b, p in zip(
            *(pairs.column(c).to_pylist() for c in ("unique_id_l", "unique_id_r", "match_probability")),
            strict=True,
        )
    }
    pair_names = Counter(f["gf_sk"] for f in rows if f["gf_sk"])
    given_names = Counter(f["g1_sk"] for f in rows)
    x, y = [], []
    for (a, b), probability in ours.items():
        left, right = by_id[a], by_id[b]
        years = abs(left["dob_y"] - right["dob_y"]) if left["dob_y"] and right["dob_y"] else -1
        x.append(
            [
                *levels_of(left, right),
                years,
                abs(left["enc_day"] - right["enc_day"]),
                max(pair_names[left["gf_sk"]], pair_names[right["gf_sk"]]),
                max(given_names[left["g1_sk"]], given_names[right["g1_sk"]]),
                left["group_id"] is not None,
                right["group_id"] is not None,
                probability,
            ]
        )
        y.append((a, b) in truth)
    x, y = np.array(x, dtype=float), np.array(y)
    scores = cross_val_predict(
        HistGradientBoostingClassifier(max_iter=300), x, y, cv=5, method="predict_proba"
    )[:, 1]
    best = max(
        (2 * tp / ((scores >= t).sum() + len(truth)), t)
        for t in np.arange(0.05, 1.0, 0.05)
        for tp in [((scores >= t) & y).sum()]
    )
    print(
        f"{args.people:,} people, noise {args.noise}: blocking proposes {y.sum() / len(truth):.3f} of the true pairs; "
        f"a classifier trained on the truth reaches F1 {best[0]:.3f} (threshold {best[1]:.2f})"
    )


if __name__ == "__main__":
    main()

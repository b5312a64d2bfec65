#!/usr/bin/env python3
"""Train the semantic layer from data/semantic/ and write coach/semantic/data/semantic.npz.

    .venv/bin/python scripts/train_semantic.py            # train, report, write the artefact
    .venv/bin/python scripts/train_semantic.py --check    # train and compare, write nothing

Deterministic: the split is by a hash of each sentence's text (train 70%, dev 15%, test 15%),
and the solvers are seeded. Two approaches are compared per label on the test split:
  embedding   logistic regression on the WordLlama sentence embedding and cue features;
  combined    the same plus hashed word unigrams and bigrams.
Thresholds are chosen on the dev split: the lowest probability whose dev precision is at
least --precision (default 0.92), so the layer keeps the rules' precision. The test split
is only measured. Metrics go to data/semantic/metrics.json and the README quotes them.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
from collections import Counter
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.linear_model import LogisticRegression

from coach.semantic.features import HASH_BITS, dense_features, ngram_buckets
from coach.semantic.model import ARTEFACT, SemanticModel

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data" / "semantic"
LABELS = ("condescension", "blame", "ask", "benefit")
MIN_POSITIVES = 40


def load_rows(folder: Path) -> list[dict]:
    """Return the labelled sentences of every .jsonl under folder, exact duplicates dropped."""
    rows, seen = [], set()
    for path in sorted(folder.rglob("*.jsonl")):
        judged = path.parent / "labelled.txt"  # the labels this writer judged (default: all of them)
        labelled = set(judged.read_text(encoding="utf-8").split()) if judged.exists() else set(LABELS)
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            row = json.loads(line)
            text = " ".join(str(row["text"]).split())
            unknown = set(row["labels"]) - set(LABELS)
            if unknown:
                sys.exit(f"{path}:{n}: unknown label(s) {sorted(unknown)}")
            key = text.casefold()
            if key in seen:
                continue
            seen.add(key)
            rows.append(
                {
                    "text": text,
                    "labels": set(row["labels"]),
                    "writer": row.get("writer", path.parent.name),
                    "labelled": labelled,
                }
            )
    return rows


def rule_example_rows() -> list[dict]:
    """Return the lexicon rules' own bad and good examples as labelled sentences (one label judged each)."""
    from coach.lexicon import lexicon_dirs, load_rules

    rows = []
    for rule in load_rules(lexicon_dirs()):
        label = {"condescension": "condescension", "blame": "blame"}.get(rule.category)
        if label is None:
            continue
        for kind in ("bad", "good"):
            for text in rule.examples.get(kind, ()):
                rows.append(
                    {
                        "text": " ".join(text.split()),
                        "labels": {label} if kind == "bad" else set(),
                        "writer": "rule-examples",
                        "labelled": {label},
                    }
                )
    return rows


def calibration_rows(path: Path) -> list[dict]:
    """Return the politer half of the Wikipedia politeness requests as negatives for condescension and blame.

    The Stanford Politeness Corpus's Wikipedia half is the project's one outside calibration set
    (../shared/politeness/README.md). Its top two quartiles are requests that five annotators found
    polite: warm and formal wording that must not read as talking down or blaming. Without them the
    model mistakes effusive courtesy for the over-friendly kind of condescension.
    """
    if not path.exists():
        print(f"note: {path} not found; training without the politeness calibration negatives")
        return []
    with path.open(encoding="utf-8", newline="") as f:
        return [
            {
                "text": " ".join(r["text"].replace("<url>", "the page").split()),
                "labels": set(),
                "writer": "wikipedia-calibration",
                "labelled": {"condescension", "blame"},
            }
            for r in csv.DictReader(f)
            if int(r["quartile"]) >= 3
        ]


def calibration_sentences(path: Path) -> list[str]:
    """Return the sentences (4+ words) of the Wikipedia requests of the second quartile, never trained on.

    They are ordinary, neither warm nor rude; a label's threshold is raised until at most
    FLOOR_SHARE of them would be flagged, so the layer stays quiet on everyday writing it has
    not seen (the dev split alone, written like the training data, overstates precision there).
    """
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as f:
        texts = [r["text"].replace("<url>", "the page") for r in csv.DictReader(f) if r["quartile"] == "2"]
    return [s for t in texts for s in re.split(r"(?<=[.!?])\s+", t) if len(s.split()) >= 4]


def halves(sentences: list[str]) -> tuple[list[str], list[str]]:
    """Split the ordinary calibration sentences by a stable hash: (trained on as negatives, kept for the floor)."""
    taught, held = [], []
    for s in sentences:
        (taught if int(hashlib.sha256(s.encode("utf-8")).hexdigest()[:8], 16) % 2 == 0 else held).append(s)
    return taught, held


FLOOR_SHARE = {"condescension": 0.01, "blame": 0.003}


def split_of(text: str) -> str:
    """Return train, dev or test for a sentence, from a stable hash of its text."""
    bucket = int(hashlib.sha256(text.casefold().encode("utf-8")).hexdigest()[:8], 16) % 100
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


def hashed_matrix(texts: list[str]) -> sparse.csr_matrix:
    """Return the texts' hashed n-gram counts (log-scaled) as a sparse matrix."""
    rows, cols, vals = [], [], []
    for i, text in enumerate(texts):
        for bucket, count in Counter(ngram_buckets(text)).items():
            rows.append(i)
            cols.append(bucket)
            vals.append(1.0 + np.log(count))
    return sparse.csr_matrix((vals, (rows, cols)), shape=(len(texts), 1 << HASH_BITS), dtype=np.float32)


def prf(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    """Return precision, recall and F1 of boolean predictions."""
    tp = int((y & p).sum())
    fp = int((~y & p).sum())
    fn = int((y & ~p).sum())
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 3),
        "recall": round(recall, 3),
        "f1": round(f1, 3),
        "tp": tp,
        "fp": fp,
        "fn": fn,
    }


def pick_threshold(y: np.ndarray, prob: np.ndarray, precision: float) -> float:
    """Return the lowest threshold whose precision on (y, prob) reaches the target (0.5 when none does)."""
    best = None
    for t in np.unique(np.round(prob, 3))[::-1]:
        pred = prob >= t
        if pred.sum() >= 3 and (y & pred).sum() / pred.sum() >= precision:
            best = float(t)
    return max(0.3, best) if best is not None else 0.9


def fit(x, y: np.ndarray, c: float, seed: int) -> LogisticRegression:
    """Fit one seeded, class-balanced logistic regression."""
    return LogisticRegression(C=c, class_weight="balanced", max_iter=2000, solver="liblinear", random_state=seed).fit(
        x, y
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=ARTEFACT)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--precision", type=float, default=0.90)
    ap.add_argument("--check", action="store_true", help="train and report only; write nothing")
    ap.add_argument("--calibration", type=Path, default=ROOT.parent / "shared" / "politeness" / "wikipedia.csv")
    ap.add_argument("--no-calibration", action="store_true", help="leave out the Wikipedia politeness negatives")
    ap.add_argument("--no-rule-examples", action="store_true", help="leave out the lexicon rules' own examples")
    ap.add_argument(
        "--ordinary-negatives",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="train on half of the ordinary Wikipedia sentences as negatives; the floor uses the other half "
        "(off: it lowers the floor more than the quiet on client mail it buys)",
    )
    ap.add_argument("--no-metrics", action="store_true", help="write the model but not data/semantic/metrics.json")
    args = ap.parse_args()

    rows = load_rows(args.data)
    if not args.no_calibration:
        seen = {r["text"].casefold() for r in rows}
        rows += [r for r in calibration_rows(args.calibration) if r["text"].casefold() not in seen]
    if not args.no_rule_examples:
        seen = {r["text"].casefold() for r in rows}
        rows += [r for r in rule_example_rows() if r["text"].casefold() not in seen]
    floor_texts = [] if args.no_calibration else calibration_sentences(args.calibration)
    if args.ordinary_negatives and floor_texts:
        taught, floor_texts = halves(floor_texts)
        seen = {r["text"].casefold() for r in rows}
        rows += [
            {"text": t, "labels": set(), "writer": "wikipedia-ordinary", "labelled": {"condescension", "blame"}}
            for t in taught
            if t.casefold() not in seen
        ]
    texts = [r["text"] for r in rows]
    # The ordinary sentences taught as negatives are training rows only: dev and test stay the writers' data.
    splits = np.asarray(["train" if r["writer"] == "wikipedia-ordinary" else split_of(r["text"]) for r in rows])
    print(f"{len(rows)} sentences: " + ", ".join(f"{s} {int((splits == s).sum())}" for s in ("train", "dev", "test")))
    dense = dense_features(texts)
    hashed = hashed_matrix(texts)
    combined = sparse.hstack([sparse.csr_matrix(dense), hashed]).tocsr()
    n_dense = dense.shape[1]

    labels = [lab for lab in LABELS if sum(lab in r["labels"] for r in rows) >= MIN_POSITIVES]
    metrics: dict = {
        "sentences": len(rows),
        "splits": {s: int((splits == s).sum()) for s in ("train", "dev", "test")},
        "seed": args.seed,
        "target_precision": args.precision,
        "labels": {},
    }
    dense_w = np.zeros((n_dense, len(labels)), dtype=np.float32)
    sparse_w = np.zeros((1 << HASH_BITS, len(labels)), dtype=np.float32)
    bias = np.zeros(len(labels), dtype=np.float32)
    thresholds = {}
    floor_x = None
    if floor_texts:
        floor_x = sparse.hstack([sparse.csr_matrix(dense_features(floor_texts)), hashed_matrix(floor_texts)]).tocsr()
    for j, label in enumerate(labels):
        known = np.asarray([label in r["labelled"] for r in rows])  # rows whose writer judged this label
        y = np.asarray([label in r["labels"] for r in rows])
        tr, dv, te = ((splits == s) & known for s in ("train", "dev", "test"))
        result = {"positives": int(y[known].sum()), "negatives": int((~y[known]).sum())}
        for name, x in (("embedding", dense), ("combined", combined)):
            best_c, best_f1 = 1.0, -1.0
            for c in (0.3, 1.0, 3.0, 10.0):
                model = fit(x[tr], y[tr], c, args.seed)
                prob = model.predict_proba(x[dv])[:, 1]
                t = pick_threshold(y[dv], prob, args.precision)
                f1 = prf(y[dv], prob >= t)["f1"]
                if f1 > best_f1:
                    best_c, best_f1 = c, f1
            model = fit(x[tr], y[tr], best_c, args.seed)
            t = pick_threshold(y[dv], model.predict_proba(x[dv])[:, 1], args.precision)
            if name == "combined" and floor_x is not None and label in ("condescension", "blame"):
                floor = float(np.quantile(model.predict_proba(floor_x)[:, 1], 1 - FLOOR_SHARE[label]))
                result["calibration_floor"] = round(floor, 3)
                t = max(t, floor)
            test = prf(y[te], model.predict_proba(x[te])[:, 1] >= t)
            result[name] = {"C": best_c, "threshold": round(t, 3), "test": test}
            if name == "combined":  # the kept approach (see README): refit on train + dev, same C and threshold
                final = fit(x[tr | dv], y[tr | dv], best_c, args.seed)
                dense_w[:, j] = final.coef_[0, :n_dense]
                sparse_w[:, j] = final.coef_[0, n_dense:]
                bias[j] = final.intercept_[0]
                thresholds[label] = round(t, 3)
        metrics["labels"][label] = result
        print(
            f"{label:14s} +{result['positives']:5d} -{result['negatives']:5d}  "
            f"embedding test {result['embedding']['test']}  combined test {result['combined']['test']}"
        )
    used = np.flatnonzero(np.abs(sparse_w).max(axis=1) > 1e-4)
    model = SemanticModel(
        labels=tuple(labels),
        dense=dense_w,
        buckets=used.astype(np.int64),
        sparse=sparse_w[used],
        bias=bias,
        thresholds=thresholds,
        meta={
            "seed": args.seed,
            "sentences": len(rows),
            "approach": "combined",
            "data_sha256": hashlib.sha256("\n".join(sorted(texts)).encode()).hexdigest()[:16],
        },
    )
    if args.check:
        return
    model.save(args.out)
    if not args.no_metrics:
        (args.data / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Train the semantic layer from data/semantic/ and write coach/semantic/data/semantic.npz.

    .venv/bin/python scripts/train_semantic.py            # train, report, write the artefact
    .venv/bin/python scripts/train_semantic.py --check    # train and compare, write nothing

Deterministic: the split is by a hash of each sentence's text (train 70%, dev 15%, test 15%),
and the solvers are seeded. Three approaches are compared per label on the test split:
  embedding   logistic regression on the WordLlama sentence embedding and cue features;
  combined    the same plus hashed word unigrams and bigrams;
  mined       combined, refitted with the training negatives that a 3-fold out-of-fold model
              scores above 0.5 counted three times (hard-negative mining).
The ordinary Wikipedia requests (second quartile) are negatives split like the writers' data
(--ordinary split). Thresholds are chosen on the dev split: the lowest probability whose dev
precision, counting only what the layer can report (its reader check, where set), is at least
--precision (0.90), raised until at most ORDINARY_BUDGET of the dev split's everyday sentences
(those requests and writer 7's ordinary business mail) would be flagged. The test split is only
measured, with and without the reader check. Metrics go to data/semantic/metrics.json and the
README quotes them.
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


FLOOR_SHARE = {"condescension": 0.01, "blame": 0.003}
# With --ordinary split: at most this share of the dev split's ordinary sentences (Wikipedia second quartile,
# not trained on) may be flagged, on top of dev precision: the writers' dev split has far more positives
# than everyday mail, so its precision alone says little about noise there.
ORDINARY_BUDGET = {"condescension": 0.01, "blame": 0.01}
EVERYDAY_WRITERS = ("w7",)


def budget_threshold(prob: np.ndarray, share: float) -> float:
    """Return the lowest threshold that flags at most `share` of the given (ordinary) sentences."""
    if not prob.size:
        return 0.0
    ranked = np.sort(prob)[::-1]
    allowed = int(np.floor(share * prob.size))
    return float(ranked[allowed]) + 1e-6 if allowed < prob.size else 0.0


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


def fit(x, y: np.ndarray, c: float, seed: int, weight: np.ndarray | None = None) -> LogisticRegression:
    """Fit one seeded, class-balanced logistic regression (optionally with per-row weights)."""
    return LogisticRegression(C=c, class_weight="balanced", max_iter=2000, solver="liblinear", random_state=seed).fit(
        x, y, sample_weight=weight
    )


APPROACHES = ("embedding", "combined", "mined")
GATED = ("condescension", "blame")  # the labels the layer reports only with the reader in view
HARD_WEIGHT = 3.0
C_GRID = {
    "embedding": (0.3, 1.0, 3.0),
    "combined": (1.0, 3.0, 10.0),
}  # weight of a mined hard negative in the second fit


def mined_weights(x, y: np.ndarray, c: float, seed: int, folds: int = 3) -> np.ndarray:
    """Return row weights that upweight the negatives a 3-fold out-of-fold model scores above 0.5.

    Hard-negative mining on the training rows only: the negatives most like a positive (ordinary
    mail with trigger-like words, kind technical explanations) count HARD_WEIGHT times in the refit.
    """
    order = np.asarray([int(hashlib.sha256(f"{seed}:{i}".encode()).hexdigest()[:8], 16) % folds for i in range(len(y))])
    prob = np.zeros(len(y))
    for k in range(folds):
        held = order == k
        prob[held] = fit(x[~held], y[~held], c, seed).predict_proba(x[held])[:, 1]
    weight = np.ones(len(y))
    weight[(~y) & (prob >= 0.5)] = HARD_WEIGHT
    return weight


def evaluate_artefact(
    path: Path, rows: list[dict], splits: np.ndarray, gate: np.ndarray, everyday: np.ndarray, checked: tuple[str, ...]
) -> None:
    """Print an artefact's test-split precision and recall per label, with its thresholds and the reader check."""
    from coach.semantic.model import read_model

    model = read_model(path)
    test = splits == "test"
    texts = [r["text"] for r, t in zip(rows, test) if t]
    probs = model.probabilities(texts)
    for j, label in enumerate(model.labels):
        known = np.asarray([label in r["labelled"] for r, t in zip(rows, test) if t])
        y = np.asarray([label in r["labels"] for r, t in zip(rows, test) if t])
        can = gate[test] if label in checked else np.ones(len(texts), dtype=bool)
        flagged = (probs[:, j] >= model.thresholds[label]) & can
        line = f"{label:14s} threshold {model.thresholds[label]:.3f} test {prf(y[known], flagged[known])}"
        if label in GATED:
            line += f" everyday flagged {float(flagged[everyday[test]].mean()):.4f}"
        print(line)


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
        "--ordinary",
        choices=("split", "floor"),
        default="split",
        help="split: the ordinary Wikipedia sentences (second quartile) are negatives split train/dev/test like "
        "the writers' data, so the dev threshold answers to them; floor: never trained on, they raise each "
        "threshold to a calibration floor (the earlier recipe)",
    )
    ap.add_argument("--approach", choices=APPROACHES, default="mined", help="the approach written to the artefact")
    ap.add_argument(
        "--reader-check",
        nargs="*",
        choices=GATED,
        default=None,
        help="the labels held to the reader check (default: lexicons/semantic/layer.yml's reader_check)",
    )
    ap.add_argument(
        "--evaluate",
        type=Path,
        metavar="ARTEFACT",
        help="score an existing artefact (e.g. an earlier semantic.npz) on this test split, as the layer reports; train nothing",
    )
    ap.add_argument("--no-metrics", action="store_true", help="write the model but not data/semantic/metrics.json")
    args = ap.parse_args()

    from coach.semantic.layer import load_settings, reader_is_target

    checked = tuple(load_settings().reader_check if args.reader_check is None else args.reader_check)

    rows = load_rows(args.data)
    if not args.no_calibration:
        seen = {r["text"].casefold() for r in rows}
        rows += [r for r in calibration_rows(args.calibration) if r["text"].casefold() not in seen]
    if not args.no_rule_examples:
        seen = {r["text"].casefold() for r in rows}
        rows += [r for r in rule_example_rows() if r["text"].casefold() not in seen]
    ordinary = [] if args.no_calibration else calibration_sentences(args.calibration)
    floor_texts: list[str] = []
    if args.ordinary == "split":
        seen = {r["text"].casefold() for r in rows}
        for t in ordinary:
            if t.casefold() not in seen:
                seen.add(t.casefold())
                rows.append(
                    {"text": t, "labels": set(), "writer": "wikipedia-ordinary", "labelled": {"condescension", "blame"}}
                )
    else:
        floor_texts = ordinary
    texts = [r["text"] for r in rows]
    splits = np.asarray([split_of(r["text"]) for r in rows])
    gate = np.asarray([reader_is_target(t) for t in texts])  # the layer's reader check, as it runs
    wiki = np.asarray([r["writer"] == "wikipedia-ordinary" for r in rows])
    # Everyday mail the budget answers to: the ordinary Wikipedia requests and writer 7's ordinary business mail.
    everyday = wiki | np.asarray([r["writer"] in EVERYDAY_WRITERS and not r["labels"] for r in rows])
    print(f"{len(rows)} sentences: " + ", ".join(f"{s} {int((splits == s).sum())}" for s in ("train", "dev", "test")))
    if args.evaluate:
        evaluate_artefact(args.evaluate, rows, splits, gate, everyday, checked)
        return
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
        "ordinary": args.ordinary,
        "approach": args.approach,
        "reader_check": list(checked),
        "writers": dict(sorted(Counter(r["writer"] for r in rows).items())),
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
        reach = gate if label in checked else np.ones(len(rows), dtype=bool)  # what the layer can report
        result: dict = {"positives": int(y[known].sum()), "negatives": int((~y[known]).sum())}
        for name in APPROACHES:
            x = dense if name == "embedding" else combined
            best_c, best_f1 = 1.0, -1.0
            for c in C_GRID[name] if name != "mined" else (result["combined"]["C"],):
                model = fit(x[tr], y[tr], c, args.seed)
                prob = model.predict_proba(x[dv])[:, 1] * reach[dv]
                t = pick_threshold(y[dv], prob, args.precision)
                f1 = prf(y[dv], prob >= t)["f1"]
                if f1 > best_f1:
                    best_c, best_f1 = c, f1
            weight = mined_weights(x[tr], y[tr], best_c, args.seed) if name == "mined" else None
            model = fit(x[tr], y[tr], best_c, args.seed, weight)
            prob_dv, prob_te = model.predict_proba(x[dv])[:, 1], model.predict_proba(x[te])[:, 1]
            floor = None
            if floor_x is not None and name != "embedding" and label in GATED:
                floor = float(np.quantile(model.predict_proba(floor_x)[:, 1], 1 - FLOOR_SHARE[label]))
                result["calibration_floor"] = round(floor, 3)
            outcome: dict = {"C": best_c}
            # Each reader-check variant gets its own dev threshold; the configured one is the artefact's.
            variants = {"configured": reach}
            if label in GATED:
                other = np.ones(len(rows), dtype=bool) if label in checked else gate
                variants["without_reader_check" if label in checked else "with_reader_check"] = other
            for variant, can in variants.items():
                t = pick_threshold(y[dv], prob_dv * can[dv], args.precision)
                t = max(t, floor) if floor is not None else t
                if label in GATED and args.ordinary == "split":
                    ordinary_dv = (prob_dv * can[dv])[everyday[dv]]
                    t = max(t, round(budget_threshold(ordinary_dv, ORDINARY_BUDGET[label]), 4))
                flagged = (prob_te >= t) & can[te]
                entry = {"threshold": round(t, 3), "test": prf(y[te], flagged)}
                if label in GATED and everyday[te].any():
                    entry["ordinary_flagged"] = round(float(flagged[everyday[te]].mean()), 4)
                if variant == "configured":
                    outcome.update(entry)
                else:
                    outcome[variant] = entry
            t = outcome["threshold"]
            result[name] = outcome
            if name == args.approach:  # the kept approach (see README): refit on train + dev, same C and threshold
                both = tr | dv
                w_both = mined_weights(x[both], y[both], best_c, args.seed) if name == "mined" else None
                final = fit(x[both], y[both], best_c, args.seed, w_both)
                coef = final.coef_[0]
                dense_w[:, j] = coef[:n_dense]
                if name != "embedding":
                    sparse_w[:, j] = coef[n_dense:]
                bias[j] = final.intercept_[0]
                thresholds[label] = round(t, 3)
        metrics["labels"][label] = result
        print(f"{label:14s} +{result['positives']:5d} -{result['negatives']:5d}", flush=True)
        for n in APPROACHES:
            print(f"  {n:10s} {json.dumps(result[n])}", flush=True)
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
            "approach": args.approach,
            "ordinary": args.ordinary,
            "reader_check": list(checked),
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

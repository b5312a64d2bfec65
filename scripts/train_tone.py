#!/usr/bin/env python3
"""Train the tone score's learned part and write coach/semantic/data/tone.npz.

    .venv/bin/python scripts/train_tone.py [--wikipedia PATH] [--data data/tone]

1. Politeness regression: ridge from WordLlama embeddings to the annotators' normalised
   politeness score of the Wikipedia requests of the Stanford Politeness Corpus
   (../shared/politeness/wikipedia.csv, the one outside calibration set; it stays outside
   the repository). Five-fold cross-validated Spearman is printed.
2. Combination: a ridge regression from the message features (hand-set strategy logit,
   politeness, VADER, the semantic layer's condescension and blame, rule findings) to the
   1-5 tone rating of the client emails written and rated for the project (data/tone/*.jsonl),
   mapped so that rating 3 is tone 50 and each rating point is one unit of logit.
   Emails are split by a hash of their text; the test split (15%) is measured only.
Deterministic: fixed folds and closed-form ridge solutions.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr
from sklearn.linear_model import Ridge
from sklearn.model_selection import KFold

from coach.scoring.learned import ARTEFACT, FEATURES, ToneModel, tone_features
from coach.semantic.embed import embed

ROOT = Path(__file__).resolve().parent.parent
WIKIPEDIA = ROOT.parent / "shared" / "politeness" / "wikipedia.csv"
DATA = ROOT / "data" / "tone"


def split_of(text: str) -> str:
    """Return train, dev or test from a stable hash of the text."""
    bucket = int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:8], 16) % 100
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


def wikipedia_rows(path: Path) -> list[dict]:
    """Return the Wikipedia politeness requests (text with <url> spelled out, score)."""
    with path.open(encoding="utf-8", newline="") as f:
        return [{"text": r["text"].replace("<url>", "the page"), "score": float(r["score"])} for r in csv.DictReader(f)]


def politeness_ridge(rows: list[dict], alpha: float) -> tuple[np.ndarray, float, float, np.ndarray]:
    """Return (weights, bias, cross-validated Spearman, out-of-fold predictions) of the politeness ridge."""
    x = embed([r["text"] for r in rows])
    y = np.asarray([r["score"] for r in rows])
    pred = np.zeros_like(y)
    for tr, te in KFold(5, shuffle=True, random_state=0).split(x):
        pred[te] = Ridge(alpha=alpha).fit(x[tr], y[tr]).predict(x[te])
    model = Ridge(alpha=alpha).fit(x, y)
    return model.coef_.astype(np.float32), float(model.intercept_), float(spearmanr(pred, y).correlation), pred


def email_rows(folder: Path) -> list[dict]:
    """Return the rated emails of data/tone (text, tone 1..5)."""
    rows = []
    for path in sorted(folder.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                rows.append({"text": row["text"].replace("\\n", "\n"), "tone": float(row["tone"])})
    return rows


def message_features(rows: list[dict], ridge: np.ndarray, ridge_bias: float) -> np.ndarray:
    """Return the combination features of each email, computed by the coach itself."""
    import coach
    from coach.semantic.layer import sentence_scores

    probe = ToneModel(ridge, ridge_bias, np.zeros(len(FEATURES)), 0.0, {})
    out = []
    c = coach.default_coach()
    for row in rows:
        doc = next(iter(c._pipe([row["text"]], 1)))
        report = c.report(doc, "non-technical", revise_text=False)
        scored = sentence_scores(doc)
        strategy = report.scores["tone_parts"]["strategy_logit"]
        out.append(
            tone_features(
                strategy,
                row["text"],
                scored.dense,
                scored.column("condescension"),
                scored.column("blame"),
                list(report.findings),
                probe,
            )
        )
    return np.asarray(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wikipedia", type=Path, default=WIKIPEDIA)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=ARTEFACT)
    ap.add_argument("--alpha", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--wiki-sample", type=int, default=1500)
    args = ap.parse_args()
    if not args.wikipedia.exists():
        sys.exit(f"{args.wikipedia} not found: the Wikipedia politeness half is needed to calibrate tone")
    wiki = wikipedia_rows(args.wikipedia)
    ridge, ridge_bias, cv, oof = politeness_ridge(wiki, args.alpha)
    print(f"politeness ridge on Wikipedia: 5-fold Spearman {cv:.3f}")
    rows = email_rows(args.data)
    if len(rows) < 50:
        sys.exit(f"only {len(rows)} rated emails under {args.data}; need at least 50")
    if args.out.exists():
        args.out.unlink()  # the features must come from the hand-set tone, not an older learned one
    x = message_features(rows, ridge, ridge_bias)
    y = np.asarray([r["tone"] for r in rows])
    split = np.asarray([split_of(r["text"]) for r in rows])
    # Wikipedia requests join the fit (a sample, with out-of-fold politeness so it is not fitted on itself):
    # their z-scored politeness becomes the same 1-5 scale (3 + z), and both sources weigh the same in total.
    pick = np.random.default_rng(args.seed).choice(len(wiki), size=min(args.wiki_sample, len(wiki)), replace=False)
    wx = message_features([wiki[i] for i in pick], ridge, ridge_bias)
    wx[:, FEATURES.index("politeness")] = oof[pick]
    wy = np.clip(3.0 + np.asarray([wiki[i]["score"] for i in pick]), 1.0, 5.0)
    fit_on = split != "test"
    xs = np.vstack([x[fit_on], wx])
    ys = np.concatenate([y[fit_on], wy])
    weights = np.concatenate(
        [np.full(int(fit_on.sum()), 1.0 / max(1, int(fit_on.sum()))), np.full(len(wx), 1.0 / len(wx))]
    )
    combo = Ridge(alpha=1.0).fit(xs, ys, sample_weight=weights * len(ys))
    test = split == "test"
    rho = float(spearmanr(combo.predict(x[test]), y[test]).correlation)
    base = float(spearmanr(x[test, 0], y[test]).correlation)
    print(
        f"combination on {int(fit_on.sum())} emails + {len(wx)} Wikipedia requests; email test split "
        f"({int(test.sum())}): Spearman {rho:.3f} (hand-set strategy logit alone {base:.3f})"
    )
    print("weights: " + ", ".join(f"{n} {w:+.3f}" for n, w in zip(FEATURES, combo.coef_)))
    model = ToneModel(
        ridge,
        ridge_bias,
        combo.coef_.astype(np.float32),
        float(combo.intercept_ - 3.0),
        {
            "wikipedia_cv_spearman": round(cv, 3),
            "emails": len(rows),
            "test_spearman": round(rho, 3),
            "test_spearman_handset": round(base, 3),
        },
    )
    model.save(args.out)
    print(f"wrote {args.out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()

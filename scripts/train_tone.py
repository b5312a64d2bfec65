#!/usr/bin/env python3
"""Train the tone score's learned part and write coach/semantic/data/tone.npz.

    .venv/bin/python scripts/train_tone.py [--wikipedia PATH] [--data data/tone]

1. Politeness regression: ridge from WordLlama embeddings to the annotators' normalised
   politeness score of the Wikipedia requests of the Stanford Politeness Corpus
   (../shared/politeness/wikipedia.csv, the one outside calibration set; it stays outside
   the repository). Five-fold cross-validated Spearman is printed.
2. Combination: one non-negative weight per tone part (coach/scoring/learned.py PARTS: each
   hand-set strategy before the long-message dilution, TextBlob, VADER, that politeness, three
   groups of findings; the semantic layer's raw sentence scores are left out: its model learnt
   from the same writers as data/tone, so cross-validation here would overrate them, and below
   its threshold they are noise that cost the exercises' model answers), each part keeping its
   sign, fitted to the 1-5 tone rating of the emails written and rated for the project
   (data/tone/<writer>/*.jsonl, rating 3 = tone 50, one rating point = one unit of logit) and to
   the Wikipedia requests (3 + their z-scored politeness). Every writer's folder and Wikipedia
   weigh the same. Emails are split by a hash of their text; the test split (15%) is measured
   only. The variants printed are compared by leaving each source out of the fit in turn (a writer
   the fit never saw) and, beside it, by five-fold cross-validation within each source; the one
   with the best left-out mean over the sources is kept, among those where every findings group
   counts (a revision that fixes a finding must raise the tone).
Deterministic: fixed folds and a seeded Wikipedia sample.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import sys
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr
from sklearn.linear_model import Ridge
from sklearn.model_selection import KFold

from coach.scoring.learned import (
    ARTEFACT,
    STRATEGY_PREFIX,
    ToneModel,
    feature_names,
    part_values,
    politeness,
    signed,
    vader_compound,
)
from coach.scoring.lexicon import default_tone_data
from coach.scoring.strategies import sentences
from coach.scoring.tone import length_factor
from coach.semantic.embed import embed
from coach.semantic.layer import sentence_scores

ROOT = Path(__file__).resolve().parent.parent
WIKIPEDIA = ROOT.parent / "shared" / "politeness" / "wikipedia.csv"
DATA = ROOT / "data" / "tone"
FEATURES = feature_names([s.name for s in default_tone_data().strategies])


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
    """Return the rated emails of data/tone (text, tone 1..5, the writer's folder)."""
    rows = []
    for path in sorted(folder.rglob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                text = row["text"].replace("\\n", "\n")
                rows.append({"text": text, "tone": float(row["tone"]), "source": path.parent.name})
    return rows


def message_features(rows: list[dict], ridge: np.ndarray, ridge_bias: float) -> np.ndarray:
    """Return the part values of each message, computed by the coach itself (hand-set tone)."""
    import coach

    os.environ["COACH_LEARNED_TONE"] = "0"  # the parts must come from the hand-set tone
    probe = ToneModel(ridge, ridge_bias, np.zeros(len(FEATURES)), 0.0, {}, FEATURES)
    out = []
    c = coach.default_coach()
    for row in rows:
        doc = next(iter(c._pipe([row["text"]], 1)))
        report = c.report(doc, "non-technical", revise_text=False)
        parts = report.scores["tone_parts"]
        dense = sentence_scores(doc).dense
        dilution = length_factor(len(sentences(row["text"], doc)), default_tone_data())
        out.append(
            part_values(
                FEATURES,
                parts["strategies"],
                report.scores["sentiment"]["polarity"],
                vader_compound(row["text"], default_tone_data().vader_neutral),
                politeness(dense, probe),
                parts["penalty_by_category"],
                dilution,
            ).tolist()
            + [dilution]
        )
    return np.asarray(out)  # the parts, then the long-message dilution of the hand-set tone


def text_key(text: str) -> str:
    """Return the cache key of a message's text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cached_features(rows: list[dict], ridge: np.ndarray, ridge_bias: float, cache: Path | None) -> np.ndarray:
    """Return message_features of the rows, reusing (and extending) the per-text values kept in cache."""
    if cache is None:
        return message_features(rows, ridge, ridge_bias)
    known: dict[str, np.ndarray] = {}
    if cache.exists():
        with np.load(cache, allow_pickle=False) as z:
            if "keys" in z and z["x"].shape[1] == len(FEATURES) + 1:
                known = dict(zip((str(k) for k in z["keys"]), z["x"]))
    keys = [text_key(r["text"]) for r in rows]
    missing = [r for r, k in zip(rows, keys) if k not in known]
    if missing:
        known.update(zip((text_key(r["text"]) for r in missing), message_features(missing, ridge, ridge_bias)))
        np.savez(cache, keys=np.asarray(list(known)), x=np.asarray(list(known.values())))
    return np.asarray([known[k] for k in keys])


def handset(x: np.ndarray) -> np.ndarray:
    """Return the hand-set tone logit (minus its constant bias) from the part values and the dilution."""
    col = {name: x[:, i] for i, name in enumerate(FEATURES)}
    findings = col["hurtful_findings"] + col["directness_findings"] + col["other_findings"]
    strategies = x[:, [i for i, n in enumerate(FEATURES) if n.startswith(STRATEGY_PREFIX)]].sum(axis=1) * x[:, -1]
    return strategies + default_tone_data().polarity_weight * col["textblob"] - findings


def parts_only(x: np.ndarray, columns: list[int]) -> np.ndarray:
    """Return the signed parts of the given columns (the regression's inputs)."""
    return signed(x[:, : len(FEATURES)], FEATURES)[:, columns]


def fit(sources: list[tuple[np.ndarray, np.ndarray]], columns: list[int], alpha: float) -> Ridge:
    """Return a ridge with non-negative weights on the signed parts, every source weighing the same."""
    xs = np.vstack([parts_only(x, columns) for x, _ in sources])
    ys = np.concatenate([y for _, y in sources])
    w = np.concatenate([np.full(len(y), len(ys) / (len(y) * len(sources))) for _, y in sources])
    return Ridge(alpha=alpha, positive=True).fit(xs, ys, sample_weight=w)


def cross_validate(sources: list[tuple[np.ndarray, np.ndarray]], columns: list[int], alpha: float) -> list[float]:
    """Return five-fold Spearman on each source for one variant (every source split into five folds)."""
    folds = [list(KFold(5, shuffle=True, random_state=0).split(x)) for x, _ in sources]
    preds = [np.zeros(len(y)) for _, y in sources]
    for k in range(5):
        model = fit([(x[folds[i][k][0]], y[folds[i][k][0]]) for i, (x, y) in enumerate(sources)], columns, alpha)
        for i, (x, _) in enumerate(sources):
            preds[i][folds[i][k][1]] = model.predict(parts_only(x[folds[i][k][1]], columns))
    return [float(spearmanr(p, y).correlation) for p, (_, y) in zip(preds, sources)]


def leave_one_source_out(sources: list[tuple[np.ndarray, np.ndarray]], columns: list[int], alpha: float) -> list[float]:
    """Return each source's Spearman under a fit on all the other sources (a writer the fit never saw)."""
    out = []
    for i, (x, y) in enumerate(sources):
        model = fit([s for j, s in enumerate(sources) if j != i], columns, alpha)
        out.append(float(spearmanr(model.predict(parts_only(x, columns)), y).correlation))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--wikipedia", type=Path, default=WIKIPEDIA)
    ap.add_argument("--data", type=Path, default=DATA)
    ap.add_argument("--out", type=Path, default=ARTEFACT)
    ap.add_argument("--alpha", type=float, default=10.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--wiki-sample", type=int, default=1500)
    ap.add_argument(
        "--cache",
        type=Path,
        default=None,
        help="reuse (and extend) the part values computed per text, kept in this .npz",
    )
    args = ap.parse_args()
    if not args.wikipedia.exists():
        sys.exit(f"{args.wikipedia} not found: the Wikipedia politeness half is needed to calibrate tone")
    wiki = wikipedia_rows(args.wikipedia)
    ridge, ridge_bias, cv, oof = politeness_ridge(wiki, args.alpha)
    print(f"politeness ridge on Wikipedia: 5-fold Spearman {cv:.3f}")
    rows = email_rows(args.data)
    if len(rows) < 50:
        sys.exit(f"only {len(rows)} rated emails under {args.data}; need at least 50")
    x = cached_features(rows, ridge, ridge_bias, args.cache)
    y = np.asarray([r["tone"] for r in rows]) - 3.0
    split = np.asarray([split_of(r["text"]) for r in rows])
    # A Wikipedia sample joins the fit, with out-of-fold politeness so it is not fitted on itself.
    pick = np.random.default_rng(args.seed).choice(len(wiki), size=min(args.wiki_sample, len(wiki)), replace=False)
    wx = cached_features([wiki[i] for i in pick], ridge, ridge_bias, args.cache)
    wx[:, FEATURES.index("politeness")] = oof[pick]
    wy = np.clip(np.asarray([wiki[i]["score"] for i in pick]), -2.0, 2.0)
    fit_on, test = split != "test", split == "test"
    # Sources weigh the same: each writer's folder of data/tone (its emails outside the test split) and Wikipedia.
    folder = np.asarray([r["source"] for r in rows])
    names = sorted(set(folder))
    sources = [(x[fit_on & (folder == n)], y[fit_on & (folder == n)]) for n in names] + [(wx, wy)]
    labels = [f"data/tone/{n}" for n in names] + ["Wikipedia"]
    every = list(range(len(FEATURES)))
    no_embeddings = [i for i, n in enumerate(FEATURES) if n != "politeness"]
    strategy_cols = [i for i, n in enumerate(FEATURES) if n.startswith(STRATEGY_PREFIX)]
    no_other = [i for i, n in enumerate(FEATURES) if n != "other_findings"]
    variants = {
        "all parts": every,
        "all parts but the other findings": no_other,
        "no embeddings": no_embeddings,
        "strategies and sentiment only": strategy_cols + [FEATURES.index("textblob"), FEATURES.index("vader")],
    }
    vader = FEATURES.index("vader")
    print("for comparison, Spearman per source (" + ", ".join(labels) + "):")
    print("  hand-set tone: " + ", ".join(f"{spearmanr(handset(sx), sy).correlation:.3f}" for sx, sy in sources))
    print("  VADER alone:   " + ", ".join(f"{spearmanr(sx[:, vader], sy).correlation:.3f}" for sx, sy in sources))
    results, within = {}, {}
    print("variants: five-fold within each source | each source left out of the fit (kept: best mean of the latter)")
    for name, columns in variants.items():
        for alpha in (1.0, 10.0):
            within[(name, alpha)] = cross_validate(sources, columns, alpha)
            rhos = results[(name, alpha)] = leave_one_source_out(sources, columns, alpha)
            print(
                f"  {name}, alpha {alpha}: "
                + ", ".join(f"{r:.3f}" for r in within[(name, alpha)])
                + f"; mean {np.mean(within[(name, alpha)]):.3f} | "
                + ", ".join(f"{r:.3f}" for r in rhos)
                + f"; mean {np.mean(rhos):.3f}"
            )
    # Every finding must cost: a revision that fixes one has to raise the tone (the coaching checks),
    # so a variant that gives a findings group no place is printed for comparison but not kept.
    eligible = {k: v for k, v in results.items() if k[0] != "all parts but the other findings"}
    (name, alpha), rhos = max(eligible.items(), key=lambda kv: float(np.mean(kv[1])))
    columns = variants[name]
    print(f"kept: {name}, alpha {alpha}")
    combo = fit(sources, columns, alpha)
    weights = np.zeros(len(FEATURES))
    weights[columns] = combo.coef_
    rho = float(spearmanr(parts_only(x[test], every) @ weights, y[test]).correlation)
    base = float(spearmanr(handset(x[test]), y[test]).correlation)
    print(f"email test split ({int(test.sum())}): Spearman {rho:.3f} (hand-set parts alone {base:.3f})")
    print("weights: " + ", ".join(f"{n} {w:.3f}" for n, w in zip(FEATURES, weights)))
    model = ToneModel(
        ridge,
        ridge_bias,
        weights.astype(np.float32),
        float(combo.intercept_),
        {
            "wikipedia_cv_spearman": round(cv, 3),
            "emails": len(rows),
            "kept": f"{name}, alpha {alpha}",
            "cv_spearman": {label: round(r, 3) for label, r in zip(labels, within[(name, alpha)])},
            "left_out_spearman": {label: round(r, 3) for label, r in zip(labels, rhos)},
            "test_spearman": round(rho, 3),
            "test_spearman_handset": round(base, 3),
        },
        FEATURES,
    )
    model.save(args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

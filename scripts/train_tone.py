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
from dataclasses import dataclass
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
    politeness_min,
    sentence_vader,
    signed,
    vader_compound,
)
from coach.scoring.lexicon import default_tone_data
from coach.scoring.strategies import sentences
from coach.scoring.tone import length_factor
from coach.semantic.embed import DIM, embed
from coach.semantic.layer import sentence_scores

ROOT = Path(__file__).resolve().parent.parent
WIKIPEDIA = ROOT.parent / "shared" / "politeness" / "wikipedia.csv"
DATA = ROOT / "data" / "tone"
FEATURES = feature_names([s.name for s in default_tone_data().strategies])


def split_of(text: str, scenario: str | None = None) -> str:
    """Return train, dev or test from a stable hash of the text, or of its scenario when it has one.

    The five levels of one scenario share their content, so they go to one split together; a quarter
    of the scenarios is the test split, so their within-scenario order is measured on about twenty.
    """
    key = scenario if scenario else text
    bucket = int(hashlib.sha256(key.encode("utf-8")).hexdigest()[:8], 16) % 100
    if scenario:
        return "train" if bucket < 60 else "dev" if bucket < 75 else "test"
    return "train" if bucket < 70 else "dev" if bucket < 85 else "test"


def pair_order(pred: np.ndarray, y: np.ndarray, groups: np.ndarray) -> float:
    """Return the share of pairs within one scenario whose predicted order is the rated one (ties half)."""
    right, pairs = 0.0, 0
    for g in sorted(set(groups.tolist())):
        idx = np.flatnonzero(groups == g)
        for a in idx:
            for b in idx:
                if y[a] < y[b]:
                    pairs += 1
                    right += 1.0 if pred[a] < pred[b] else 0.5 if pred[a] == pred[b] else 0.0
    return right / pairs if pairs else float("nan")


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
                scenario = f"{path.parent.name}/{row['scenario']}" if row.get("scenario") else ""
                rows.append(
                    {"text": text, "tone": float(row["tone"]), "source": path.parent.name, "scenario": scenario}
                )
    return rows


EMAIL = FEATURES.index("email_regression")
NEW_PARTS = ("vader_sentences", "politeness_min", "email_regression")
WIDTH = len(FEATURES) + 1 + DIM  # the parts, the long-message dilution, the mean sentence embedding
EMB = slice(len(FEATURES) + 1, WIDTH)
EMAIL_ALPHA = 1.0


def message_features(rows: list[dict], ridge: np.ndarray, ridge_bias: float) -> np.ndarray:
    """Return the part values of each message, computed by the coach itself (hand-set tone).

    Each row: the parts (email_regression left 0: it is fitted here), the hand-set tone's long-message
    dilution, then the mean of the scored sentences' embeddings.
    """
    import coach

    os.environ["COACH_LEARNED_TONE"] = "0"  # the parts must come from the hand-set tone
    probe = ToneModel(ridge, ridge_bias, np.zeros(len(FEATURES)), 0.0, {}, FEATURES)
    data = default_tone_data()
    out = []
    c = coach.default_coach()
    for row, doc in zip(rows, c._pipe([r["text"] for r in rows], 64)):
        report = c.report(doc, "non-technical", revise_text=False)
        parts = report.scores["tone_parts"]
        dense = sentence_scores(doc).dense
        sents = sentences(row["text"], doc)
        dilution = length_factor(len(sents), data)
        extra = {
            "politeness_min": politeness_min(dense, probe),
            "vader_sentences": sentence_vader([s.text for s in sents], data.vader_neutral),
        }
        mean = dense[:, :DIM].mean(axis=0) if len(dense) else np.zeros(DIM)
        values = part_values(
            FEATURES,
            parts["strategies"],
            report.scores["sentiment"]["polarity"],
            vader_compound(row["text"], data.vader_neutral),
            politeness(dense, probe),
            parts["penalty_by_category"],
            dilution,
            extra,
        )
        out.append(np.concatenate([values, [dilution], mean]))
    return np.asarray(out)


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
            if "keys" in z and z["x"].shape[1] == WIDTH:
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
    dilution = x[:, len(FEATURES)]
    strategies = x[:, [i for i, n in enumerate(FEATURES) if n.startswith(STRATEGY_PREFIX)]].sum(axis=1) * dilution
    return strategies + default_tone_data().polarity_weight * col["textblob"] - findings


def parts_only(x: np.ndarray, columns: list[int]) -> np.ndarray:
    """Return the signed parts of the given columns (the regression's inputs)."""
    return signed(x[:, : len(FEATURES)], FEATURES)[:, columns]


Source = tuple[np.ndarray, np.ndarray]


def source_weights(sources: list[Source]) -> np.ndarray:
    """Return sample weights under which every source weighs the same."""
    total = sum(len(y) for _, y in sources)
    return np.concatenate([np.full(len(y), total / (len(y) * len(sources))) for _, y in sources])


def email_ridge(sources: list[Source]) -> Ridge:
    """Return the ridge from the mean sentence embedding to the rating, every source weighing the same."""
    xs = np.vstack([x[:, EMB] for x, _ in sources])
    ys = np.concatenate([y for _, y in sources])
    return Ridge(alpha=EMAIL_ALPHA).fit(xs, ys, sample_weight=source_weights(sources))


def with_email(x: np.ndarray, model: Ridge) -> np.ndarray:
    """Return x with the email regression part set from the embedding ridge."""
    out = x.copy()
    out[:, EMAIL] = np.clip(model.predict(x[:, EMB]), -3.0, 3.0)
    return out


def email_out_of_fold(sources: list[Source]) -> list[Source]:
    """Return the sources with the email regression part predicted out of fold (five folds per source)."""
    folds = [list(KFold(5, shuffle=True, random_state=0).split(x)) for x, _ in sources]
    out = [x.copy() for x, _ in sources]
    for k in range(5):
        model = email_ridge([(x[folds[i][k][0]], y[folds[i][k][0]]) for i, (x, y) in enumerate(sources)])
        for i, (x, _) in enumerate(sources):
            te = folds[i][k][1]
            out[i][te, EMAIL] = np.clip(model.predict(x[te][:, EMB]), -3.0, 3.0)
    return [(xo, y) for xo, (_, y) in zip(out, sources)]


@dataclass(frozen=True)
class Trained:
    """A fitted combination and, when it uses the email regression, the embedding ridge."""

    combo: Ridge
    email: Ridge | None
    columns: list[int]

    def predict(self, x: np.ndarray) -> np.ndarray:
        """Return the predicted rating (minus 3) of each row."""
        x = with_email(x, self.email) if self.email is not None else x
        return np.asarray(self.combo.predict(parts_only(x, self.columns)))


def fit(sources: list[Source], columns: list[int], alpha: float) -> Trained:
    """Return a ridge with non-negative weights on the signed parts, every source weighing the same."""
    email = email_ridge(sources) if EMAIL in columns else None
    if email is not None:
        sources = email_out_of_fold(sources)  # the combination sees the email part as it meets unseen mail
    xs = np.vstack([parts_only(x, columns) for x, _ in sources])
    ys = np.concatenate([y for _, y in sources])
    combo = Ridge(alpha=alpha, positive=True).fit(xs, ys, sample_weight=source_weights(sources))
    return Trained(combo, email, columns)


def cross_validate(sources: list[Source], columns: list[int], alpha: float) -> list[float]:
    """Return five-fold Spearman on each source for one variant (every source split into five folds)."""
    folds = [list(KFold(5, shuffle=True, random_state=0).split(x)) for x, _ in sources]
    preds = [np.zeros(len(y)) for _, y in sources]
    for k in range(5):
        model = fit([(x[folds[i][k][0]], y[folds[i][k][0]]) for i, (x, y) in enumerate(sources)], columns, alpha)
        for i, (x, _) in enumerate(sources):
            preds[i][folds[i][k][1]] = model.predict(x[folds[i][k][1]])
    return [float(spearmanr(p, y).correlation) for p, (_, y) in zip(preds, sources)]


def left_out_predictions(sources: list[Source], columns: list[int], alpha: float) -> list[np.ndarray]:
    """Return each source's predictions under a fit on all the other sources (a writer the fit never saw)."""
    return [
        fit([s for j, s in enumerate(sources) if j != i], columns, alpha).predict(x) for i, (x, _) in enumerate(sources)
    ]


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
    split = np.asarray([split_of(r["text"], r["scenario"]) for r in rows])
    scenario = np.asarray([r["scenario"] for r in rows])
    # A Wikipedia sample joins the fit, with out-of-fold politeness so it is not fitted on itself.
    pick = np.random.default_rng(args.seed).choice(len(wiki), size=min(args.wiki_sample, len(wiki)), replace=False)
    wx = cached_features([wiki[i] for i in pick], ridge, ridge_bias, args.cache)
    pol, pol_min = FEATURES.index("politeness"), FEATURES.index("politeness_min")
    wx[:, pol_min] = np.clip(oof[pick] - (wx[:, pol] - wx[:, pol_min]), -3.0, 3.0)  # its rudest sentence, likewise
    wx[:, pol] = oof[pick]
    wy = np.clip(np.asarray([wiki[i]["score"] for i in pick]), -2.0, 2.0)
    fit_on, test = split != "test", split == "test"
    # Sources weigh the same: each writer's folder of data/tone (its emails outside the test split) and Wikipedia.
    folder = np.asarray([r["source"] for r in rows])
    names = sorted(set(folder))
    sources = [(x[fit_on & (folder == n)], y[fit_on & (folder == n)]) for n in names] + [(wx, wy)]
    groups = [scenario[fit_on & (folder == n)] for n in names] + [np.asarray([""] * len(wy))]
    labels = [f"data/tone/{n}" for n in names] + ["Wikipedia"]
    every = [i for i, n in enumerate(FEATURES) if n not in NEW_PARTS]
    no_embeddings = [i for i in every if FEATURES[i] != "politeness"]
    strategy_cols = [i for i in every if FEATURES[i].startswith(STRATEGY_PREFIX)]
    no_other = [i for i in every if FEATURES[i] != "other_findings"]
    plus = {part: sorted(every + [FEATURES.index(part)]) for part in NEW_PARTS}
    this_round = {STRATEGY_PREFIX + n for n in ("sarcasm", "exasperation", "softened_request")}
    earlier = [i for i in every if FEATURES[i] not in this_round]
    variants = {
        "all parts": every,
        "all parts but the other findings": no_other,
        "no sarcasm, exasperation or softened requests": earlier,
        "no embeddings": no_embeddings,
        "strategies and sentiment only": strategy_cols + [FEATURES.index("textblob"), FEATURES.index("vader")],
        "+ sentence VADER": plus["vader_sentences"],
        "+ rudest sentence": plus["politeness_min"],
        "+ email regression": plus["email_regression"],
        "+ all three": sorted(set(every) | {FEATURES.index(p) for p in NEW_PARTS}),
    }
    vader = FEATURES.index("vader")
    ordered = [i for i, g in enumerate(groups) if any(g)]  # sources with five-level scenarios
    print("for comparison, Spearman per source (" + ", ".join(labels) + "):")
    print("  hand-set tone: " + ", ".join(f"{spearmanr(handset(sx), sy).correlation:.3f}" for sx, sy in sources))
    print("  VADER alone:   " + ", ".join(f"{spearmanr(sx[:, vader], sy).correlation:.3f}" for sx, sy in sources))
    for i in ordered:
        print(
            f"  within-scenario pair order of {labels[i]}: hand-set {pair_order(handset(sources[i][0]), sources[i][1], groups[i]):.3f}, "
            f"VADER {pair_order(sources[i][0][:, vader], sources[i][1], groups[i]):.3f}"
        )
    results, within, orders = {}, {}, {}
    print(
        "variants: five-fold within each source | each source left out of the fit (kept: best mean of the latter)"
        + " | within-scenario pair order, left out"
    )
    for name, columns in variants.items():
        for alpha in (1.0, 10.0):
            within[(name, alpha)] = cross_validate(sources, columns, alpha)
            preds = left_out_predictions(sources, columns, alpha)
            rhos = results[(name, alpha)] = [float(spearmanr(p, sy).correlation) for p, (_, sy) in zip(preds, sources)]
            orders[(name, alpha)] = {labels[i]: pair_order(preds[i], sources[i][1], groups[i]) for i in ordered}
            print(
                f"  {name}, alpha {alpha}: "
                + ", ".join(f"{r:.3f}" for r in within[(name, alpha)])
                + f"; mean {np.mean(within[(name, alpha)]):.3f} | "
                + ", ".join(f"{r:.3f}" for r in rhos)
                + f"; mean {np.mean(rhos):.3f} | "
                + ", ".join(f"{v:.3f}" for v in orders[(name, alpha)].values())
            )
    # Every finding must cost: a revision that fixes one has to raise the tone (the coaching checks),
    # so a variant that gives a findings group no place is printed for comparison but not kept.
    eligible = {k: v for k, v in results.items() if k[0] != "all parts but the other findings"}
    (name, alpha), rhos = max(eligible.items(), key=lambda kv: float(np.mean(kv[1])))
    columns = variants[name]
    print(f"kept: {name}, alpha {alpha}")
    trained = fit(sources, columns, alpha)
    weights = np.zeros(len(FEATURES))
    weights[columns] = trained.combo.coef_
    pred = trained.predict(x[test])
    rho = float(spearmanr(pred, y[test]).correlation)
    base = float(spearmanr(handset(x[test]), y[test]).correlation)
    has_scenario = scenario[test] != ""
    order = pair_order(pred[has_scenario], y[test][has_scenario], scenario[test][has_scenario])
    order_base = pair_order(handset(x[test])[has_scenario], y[test][has_scenario], scenario[test][has_scenario])
    n_scen = len(set(scenario[test][has_scenario].tolist()))
    print(f"email test split ({int(test.sum())}): Spearman {rho:.3f} (hand-set parts alone {base:.3f})")
    print(f"  within-scenario pair order on its {n_scen} test scenarios: {order:.3f} (hand-set {order_base:.3f})")
    older = scenario[test] == ""
    print(
        f"  the emails without scenarios ({int(older.sum())}): Spearman {spearmanr(pred[older], y[test][older]).correlation:.3f}"
    )
    for n in names:
        mine = folder[test] == n
        print(f"  {n} ({int(mine.sum())}): Spearman {spearmanr(pred[mine], y[test][mine]).correlation:.3f}")
    print("weights: " + ", ".join(f"{n} {w:.3f}" for n, w in zip(FEATURES, weights)))
    email = trained.email
    model = ToneModel(
        ridge,
        ridge_bias,
        weights.astype(np.float32),
        float(trained.combo.intercept_),
        {
            "wikipedia_cv_spearman": round(cv, 3),
            "emails": len(rows),
            "kept": f"{name}, alpha {alpha}",
            "cv_spearman": {label: round(r, 3) for label, r in zip(labels, within[(name, alpha)])},
            "left_out_spearman": {label: round(r, 3) for label, r in zip(labels, rhos)},
            "left_out_pair_order": {k: round(v, 3) for k, v in orders[(name, alpha)].items()},
            "test_spearman": round(rho, 3),
            "test_spearman_handset": round(base, 3),
            "test_pair_order": round(order, 3),
        },
        FEATURES,
        email.coef_.astype(np.float32) if email is not None else None,
        float(email.intercept_) if email is not None else 0.0,
    )
    model.save(args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Measure the tone score against the Stanford Politeness Corpus, the article's two replies and business mail.

Nothing here is fitted: this script only measures the tone as shipped (the hand-set weights of
lexicons/tone/politeness.yml; with COACH_LEARNED_TONE=1 reweighted by the learned combination of
scripts/train_tone.py, which saw a 1,500-request sample of the Wikipedia half, so its Wikipedia
numbers are then partly in-sample). The data stay outside the repository.

  .venv/bin/python scripts/calibrate_tone.py                # everything
  .venv/bin/python scripts/calibrate_tone.py --limit 400    # quick look
  .venv/bin/python scripts/calibrate_tone.py --json-out tone.json
  .venv/bin/python scripts/calibrate_tone.py --shared /path/to/shared   # data elsewhere (default: ../shared)

Metrics (same definitions as ../shared/external/score_external.py):
  accuracy  top (q4) vs bottom (q1) quartile, predict polite when tone >= the
            median tone of those rows; ROC AUC on the same rows;
  spearman  tone vs the annotators' normalized score over all rows of a source.
Wikipedia is the calibration set; Stack Exchange is held out (measured, never tuned on).
Tone is computed with findings=[] (politeness strategies + sentiment only) and
with the findings coach.analyse produces.
"""

from __future__ import annotations

import argparse
import csv
import glob
import json
import math
import os
import random
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import coach
from coach.nlp import load_model
from coach.report import Finding
from coach.scoring import score

# The data sets live beside the checkout (../shared), never in the repository.
SHARED = Path(os.environ.get("COACH_SHARED", Path(__file__).resolve().parent.parent.parent / "shared"))
BAD_QUOTE = re.compile(r"\"(Yeah, I'm not surprised.*?)\"", re.S)
GOOD_QUOTE = re.compile(r"\"(Yes, I can imagine users.*?)\"", re.S)


def load_nlp() -> Any:
    """Load the project's spaCy model (the one the coach itself loads)."""
    return load_model()


def parse(nlp: Any, texts: Sequence[str]) -> list[Any]:
    """Parse texts with tagger and parser only (NER off, for speed)."""
    return list(nlp.pipe(texts, disable=["ner"], batch_size=64))


def analysed_findings(analyse: Callable[..., Any], text: str) -> list[Finding]:
    """Run coach.analyse on text and return its findings."""
    return list(analyse(text).findings)


def tones(texts: Sequence[str], docs: Sequence[Any], analyse: Callable[..., Any]) -> dict[str, list[float]]:
    """Return tone per text without findings, and with the findings coach.analyse reports."""
    return {
        "no_findings": [score(t, d, [])["tone"] for t, d in zip(texts, docs)],
        "with_findings": [score(t, d, analysed_findings(analyse, t))["tone"] for t, d in zip(texts, docs)],
    }


def average_ranks(xs: Sequence[float]) -> list[float]:
    """Return 1-based ranks with ties averaged."""
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    ranks = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Return Spearman's rho (Pearson on average ranks)."""
    rx, ry = average_ranks(xs), average_ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    var = math.sqrt(sum((a - mx) ** 2 for a in rx) * sum((b - my) ** 2 for b in ry))
    return cov / var if var else float("nan")


def roc_auc(pos: Sequence[float], neg: Sequence[float]) -> float:
    """Return ROC AUC (Mann-Whitney U) of positives over negatives."""
    ranks = average_ranks(list(pos) + list(neg))
    rank_sum = sum(ranks[: len(pos)])
    return (rank_sum - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def median(xs: Sequence[float]) -> float:
    """Return the median."""
    s = sorted(xs)
    n = len(s)
    return s[n // 2] if n % 2 else (s[n // 2 - 1] + s[n // 2]) / 2


def politeness_metrics(rows: Sequence[dict[str, str]], tone: Sequence[float]) -> dict[str, float]:
    """Return accuracy and AUC on q1 vs q4, and Spearman over all rows."""
    ext = [(t, r["quartile"] == "4") for t, r in zip(tone, rows) if r["quartile"] in ("1", "4")]
    threshold = median([t for t, _ in ext])
    return {
        "accuracy": sum((t >= threshold) == polite for t, polite in ext) / len(ext),
        "auc": roc_auc([t for t, p in ext if p], [t for t, p in ext if not p]),
        "spearman": spearman(list(tone), [float(r["score"]) for r in rows]),
        "n_q1_q4": len(ext),
        "n_all": len(rows),
        "at_threshold": sum(t == threshold for t, _ in ext),
    }


def sample(rows: list[dict[str, str]], limit: int) -> list[dict[str, str]]:
    """Return a seeded, quartile-stratified sample (all rows when limit is 0)."""
    if not limit or limit >= len(rows):
        return rows
    rng = random.Random(0)
    out: list[dict[str, str]] = []
    for q in "1234":
        part = [r for r in rows if r["quartile"] == q]
        out += rng.sample(part, round(limit * len(part) / len(rows)))
    return out


def run_politeness(nlp: Any, label: str, rows: list[dict[str, str]], analyse: Any) -> dict[str, Any]:
    """Score one source of the politeness corpus and print its metrics."""
    docs = parse(nlp, [r["text"] for r in rows])
    result = {}
    for variant, tone in tones([r["text"] for r in rows], docs, analyse).items():
        m = politeness_metrics(rows, tone)
        result[variant] = m
        print(
            f"  {label:28s} {variant:13s} acc={m['accuracy']:.3f}  auc={m['auc']:.3f}  "
            f"spearman={m['spearman']:.3f}  (q1+q4 n={m['n_q1_q4']}, all n={m['n_all']})"
        )
    return result


def run_seeds(nlp: Any, pattern: str, analyse: Any) -> dict[str, Any]:
    """Score the blunt and the good reply of "Same conversation, different client" and print the gap."""
    paths = sorted(glob.glob(pattern))
    if not paths:
        print("  the article was not found")
        return {}
    text = Path(paths[0]).read_text(encoding="utf-8")
    quotes = {"bad": BAD_QUOTE.search(text), "good": GOOD_QUOTE.search(text)}
    if not all(quotes.values()):
        print("  seed quotes not found")
        return {}
    out: dict[str, Any] = {}
    for which, m in quotes.items():
        quote = m.group(1)
        doc = nlp(quote)
        out[which] = {
            "no_findings": score(quote, doc, [])["tone"],
            "with_findings": score(quote, doc, analysed_findings(analyse, quote))["tone"],
        }
    for variant in out["bad"]:
        gap = out["good"].get(variant, float("nan")) - out["bad"][variant]
        print(
            f"  article replies {variant:14s} bad={out['bad'][variant]:5.1f}  good={out['good'].get(variant, float('nan')):5.1f}"
            f"  gap={gap:5.1f} (need >= 30 with realistic findings)"
        )
    return out


def run_business(nlp: Any, path: str, limit: int, analyse: Any) -> dict[str, Any]:
    """Print the tone distribution over the unlabelled business emails."""
    texts = [json.loads(line)["text"] for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = texts[:limit] if limit else texts
    out = {}
    for variant, tone in tones(texts, parse(nlp, texts), analyse).items():
        s = sorted(tone)
        q = {p: s[min(len(s) - 1, int(p / 100 * len(s)))] for p in (0, 10, 25, 50, 75, 90)}
        q[100] = s[-1]
        share = sum(t >= 50 for t in s) / len(s)
        out[variant] = {"percentiles": q, "share_50_plus": share, "n": len(s)}
        print(
            f"  business mail {variant:13s} n={len(s)} min={q[0]} p10={q[10]} p25={q[25]} median={q[50]} "
            f"p75={q[75]} p90={q[90]} max={q[100]}  share>=50={share:.1%}"
        )
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Run every measurement and print (optionally save) the numbers."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=SHARED, help="the folder holding the data (default: ../shared)")
    ap.add_argument("--wiki", help="default: SHARED/politeness/wikipedia.csv")
    ap.add_argument("--external", help="politeness.csv with a source column (Stack Exchange rows used)")
    ap.add_argument("--business", help="default: SHARED/external/business_emails.jsonl")
    ap.add_argument("--seeds", help="default: SHARED/seeds/003_*.txt")
    ap.add_argument("--limit", type=int, default=0, help="rows per set (0 = all)")
    ap.add_argument("--json-out")
    args = ap.parse_args(argv)
    args.wiki = args.wiki or str(args.shared / "politeness" / "wikipedia.csv")
    args.external = args.external or str(args.shared / "external" / "politeness.csv")
    args.business = args.business or str(args.shared / "external" / "business_emails.jsonl")
    args.seeds = args.seeds or str(args.shared / "seeds" / "003_*.txt")
    nlp, analyse = load_nlp(), coach.analyse
    with open(args.wiki, newline="", encoding="utf-8") as fh:
        wiki = sample(list(csv.DictReader(fh)), args.limit)
    with open(args.external, newline="", encoding="utf-8") as fh:
        se = sample([r for r in csv.DictReader(fh) if r["source"] == "stackexchange"], args.limit)
    results = {
        "wikipedia": run_politeness(nlp, "Wikipedia (calibration)", wiki, analyse),
        "stackexchange": run_politeness(nlp, "Stack Exchange (held out)", se, analyse),
        "seeds": run_seeds(nlp, args.seeds, analyse),
        "business": run_business(nlp, args.business, args.limit, analyse),
    }
    print(
        "  reference (paper, trained SVM): Wikipedia 83.8% in-domain / 75.4% cross-domain; Stack Exchange 78.2% / 67.5%"
    )
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

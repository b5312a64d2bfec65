#!/usr/bin/env python3
"""Measure the semantic layer on ordinary mail and its cost: noise on real business emails, ms per email.

    .venv/bin/python scripts/eval_semantic.py                 # both measurements
    .venv/bin/python scripts/eval_semantic.py --noise-only
    .venv/bin/python scripts/eval_semantic.py --cost-only

Noise: the share of the 600 real business emails of ../shared/external/business_emails.jsonl
(evaluation only: never trained or tuned on) that get a blame, condescension or profanity
finding, and how many of those come from the layer. Only counts are printed, never sentences.
Cost: the median time the layer adds to one 250-word email (features, model and findings),
measured on the parsed Doc whose sentence index the rules have already built (coach.nlp.sentences,
shared by every analyser), so neither the spaCy parse nor that index is counted. Wall time on a
busy machine is noisy: the CPU time of the process is printed beside it. A measurement script, not a test.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from coach import Coach
from coach.nlp import sentences
from coach.semantic.layer import SemanticLayer
from scripts.bench_corpus import SAMPLE_EMAIL as EMAIL_250

ROOT = Path(__file__).resolve().parent.parent
EMAILS = ROOT.parent / "shared" / "external" / "business_emails.jsonl"
NOISY = ("blame", "condescension", "profanity")


def noise(coach: Coach) -> None:
    """Print the share of business emails flagged for blame, condescension or profanity."""
    if not EMAILS.exists():
        print(f"{EMAILS} not found")
        return
    texts = [json.loads(line)["text"] for line in EMAILS.read_text(encoding="utf-8").splitlines() if line.strip()]
    flagged = by_layer = 0
    per_rule: dict[str, int] = {}
    for text in texts:
        found = [f for f in coach.analyse(text).findings if f.category in NOISY]
        if found:
            flagged += 1
            by_layer += all(f.rule.endswith(".semantic") for f in found)
            for rule in {f.rule for f in found}:
                per_rule[rule] = per_rule.get(rule, 0) + 1
    print(
        f"business emails: {flagged}/{len(texts)} ({100 * flagged / len(texts):.1f}%) flagged for "
        f"{'/'.join(NOISY)}; {by_layer} by the semantic layer alone"
    )
    for rule, n in sorted(per_rule.items(), key=lambda kv: -kv[1])[:8]:
        print(f"  {rule:32s} {n}")


def cost(coach: Coach, repeats: int = 200) -> None:
    """Print the median milliseconds the layer adds to a 250-word email."""
    layer = coach.semantic or SemanticLayer(coach.rules)
    print(f"email: {len(EMAIL_250.split())} words")
    times, cpu = [], []
    for i in range(repeats + 5):
        doc = coach.nlp(EMAIL_250 + f" Ref {i}.")  # a fresh Doc each time: no layer scores cached on it
        sentences(doc)  # built by the rules before the layer runs
        start, start_cpu = time.perf_counter(), time.process_time()
        layer.find(doc, [], "non-technical")
        if i >= 5:
            times.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
    times.sort()
    print(
        f"semantic layer per 250-word email: median {1000 * statistics.median(times):.2f} ms wall "
        f"(p10 {1000 * times[len(times) // 10]:.2f}, p90 {1000 * times[9 * len(times) // 10]:.2f}), "
        f"CPU {1000 * sum(cpu) / len(cpu):.2f} ms"
    )


def main() -> None:
    """Run the measurements."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--noise-only", action="store_true")
    ap.add_argument("--cost-only", action="store_true")
    args = ap.parse_args()
    coach = Coach()
    if not args.noise_only:
        cost(coach)
    if not args.cost_only:
        noise(coach)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Measure what the tone score costs per 250-word email, in total and per part.

    .venv/bin/python scripts/bench_tone.py [--runs 60]

The email is parsed once by the coach (so the spaCy parse, the sentence index and the semantic
layer's sentence embeddings are computed before timing, as in a real check) and then
`coach.scoring.score` is timed alone, followed by each of its pieces: the politeness strategies,
VADER, TextBlob, readability and the learned combination. CPU time of this process (median of the
runs) is printed beside the wall time, because the wall time on a shared machine is noisy.
A measurement script, not a test: nothing here asserts a speed.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable

from coach import default_coach
from coach.scoring.learned import vader_compound
from coach.scoring.lexicon import default_tone_data
from coach.scoring.readability import readability_scores
from coach.scoring.tone import score, sentiment, strategy_parts
from coach.semantic.layer import sentence_scores
from scripts.bench_corpus import SAMPLE_EMAIL as EMAIL


def timed(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Return the median (CPU ms, wall ms) of calling fn runs times."""
    cpu, wall = [], []
    for _ in range(runs):
        c0, w0 = time.process_time(), time.perf_counter()
        fn()
        cpu.append((time.process_time() - c0) * 1000)
        wall.append((time.perf_counter() - w0) * 1000)
    return statistics.median(cpu), statistics.median(wall)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=60)
    args = ap.parse_args()
    coach = default_coach()
    doc = next(iter(coach._pipe([EMAIL], 1)))
    report = coach.report(doc, "non-technical", revise_text=False)
    findings = report.findings
    data = default_tone_data()
    sentence_scores(doc)  # the semantic layer has embedded the sentences during the check
    print(f"email: {len(EMAIL.split())} words, {len(findings)} findings, tone {report.scores['tone']}")
    pieces: dict[str, Callable[[], object]] = {
        "scores (all)": lambda: score(EMAIL, doc, findings),
        "strategies": lambda: strategy_parts(EMAIL, doc, data),
        "VADER": lambda: vader_compound(EMAIL, data.vader_neutral),
        "TextBlob": lambda: sentiment(EMAIL),
        "readability": lambda: readability_scores(EMAIL, doc, "non-technical"),
    }
    for name, fn in pieces.items():
        fn()  # warm caches
        cpu, wall = timed(fn, args.runs)
        print(f"{name:14s} CPU {cpu:6.2f} ms   wall {wall:6.2f} ms   (median of {args.runs})")


if __name__ == "__main__":
    main()

"""The speed table: the coach vs proselint vs a bare full spaCy pipe, on the same generated emails, in one run.

    .venv/bin/python scripts/bench_peers.py                 # 300 emails of about 250 words
    .venv/bin/python scripts/bench_peers.py --emails 100 --rounds 3

Every round times each contender once over the same corpus (scripts/bench_corpus.py),
in turn (coach, coach on every core, proselint, spaCy, then the next round), so a
busy machine slows them alike; the table keeps each one's best round. Then one
email's latency with findings, scores and revision (p50/p95 of 50, model warm),
and this process's peak RSS. The load average is printed with the table: on a
shared machine compare the ratios, not the absolute numbers.

proselint is a benchmark dependency only (requirements-bench.txt).
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime

import coach
from coach.ingest import Message
from coach.nlp import model_names
from coach.parallel import available_cores
from coach.review import analyse_stream
from scripts.bench_corpus import email_corpus


def proselint_runner() -> Callable[[list[str]], int] | None:
    """Return a function linting texts with proselint's default checks, or None when it is not installed."""
    try:
        from proselint.checks import __register__
        from proselint.config import DEFAULT
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile
    except ImportError:
        return None
    CheckRegistry().register_many(__register__)
    return lambda texts: sum(len(LintFile("bench", t).lint(DEFAULT)) for t in texts)


def contenders(texts: list[str]) -> dict[str, Callable[[], int]]:
    """Return name -> a run over the corpus returning how many findings (or docs) it produced."""
    engine = coach.default_coach()
    list(engine.analyse_many(texts[:5], revise_text=False))  # warm: the model and every lexicon loaded
    selective = selective_coach(engine)
    messages = [Message(source=f"m{i}", text=t) for i, t in enumerate(texts)]
    import spacy

    full = spacy.load(model_names()[-1])  # spaCy's own pipeline, every pipe, as shipped
    runs: dict[str, Callable[[], int]] = {
        "coach.analyse_many(revise_text=False), one process": lambda: sum(
            len(r.findings) for r in engine.analyse_many(texts, revise_text=False)
        ),
        f"coach review records, {available_cores()} workers": lambda: sum(
            len(r["findings"])
            for r in analyse_stream(engine, iter(messages), "non-technical", workers=available_cores())
        ),
        "coach.analyse_many(revise_text=False), selective parsing, one process": lambda: sum(
            len(r.findings) for r in selective.analyse_many(texts, revise_text=False)
        ),
        f"coach review records, selective parsing, {available_cores()} workers": lambda: sum(
            len(r["findings"])
            for r in analyse_stream(selective, iter(messages), "non-technical", workers=available_cores())
        ),
        "bare spaCy nlp.pipe, every pipe (en_core_web_sm)": lambda: sum(1 for _ in full.pipe(texts)),
    }
    lint = proselint_runner()
    if lint is not None:
        runs["proselint 0.16, default checks"] = lambda: lint(texts)
    return runs


def selective_coach(engine: coach.Coach) -> coach.Coach:
    """Return a coach sharing engine's model that parses only the sentences a rule reads (COACH_PARSE=selective)."""
    selective = coach.Coach(nlp=engine.nlp, parse="selective")
    list(selective.analyse_many(["Hi Sam, could you restart the router?"], revise_text=False))
    return selective


def latency(texts: list[str], analyse: Callable[[str], object], repeats: int = 50) -> tuple[float, float]:
    """Return p50 and p95 seconds of analyse (findings, scores and revision) on one email, model warm."""
    analyse(texts[0])
    times = []
    for i in range(repeats):
        start = time.perf_counter()
        analyse(texts[i % len(texts)])
        times.append(time.perf_counter() - start)
    times.sort()
    return statistics.median(times), times[int(0.95 * (len(times) - 1))]


def main() -> None:
    """Run the rounds and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--emails", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    texts = email_corpus(args.emails)
    words = sum(len(t.split()) for t in texts) / len(texts)
    runs = contenders(texts)
    best: dict[str, float] = {}
    for _ in range(args.rounds):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            seconds = time.perf_counter() - start
            best[name] = min(best.get(name, seconds), seconds)
    p50, p95 = latency(texts, coach.analyse)
    engine = coach.default_coach()
    s50, s95 = latency(texts, selective_coach(engine).analyse)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    spacy_time = best["bare spaCy nlp.pipe, every pipe (en_core_web_sm)"]
    print(
        f"{args.emails} generated emails of {words:.0f} words on average; best of {args.rounds} alternating rounds; "
        f"{platform.machine()}, {available_cores()} cores, Python {platform.python_version()}, "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, load average {os.getloadavg()[0]:.1f}"
    )
    print()
    print("| what | emails/s | time vs bare spaCy |")
    print("|---|---|---|")
    for name, seconds in best.items():
        print(f"| {name} | {args.emails / seconds:.1f} | {seconds / spacy_time:.2f}x |")
    print(
        f"| one email, findings + scores + revision, model warm | p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms | |"
    )
    print(f"| one email, the same, selective parsing | p50 {s50 * 1000:.0f} ms, p95 {s95 * 1000:.0f} ms | |")
    print(f"| peak RSS of this process (coach, spaCy, proselint loaded) | {peak:.0f} MB | |")


if __name__ == "__main__":
    main()

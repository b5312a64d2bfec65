"""Time hostile inputs end to end: punctuation runs through coach.analyse, deep HTML through the mail reader.

Run: python scripts/bench_hostile.py [--chars N]. For comparison it also times
spaCy's own tokenizer on a short run (it grows about quadratically with length).
"""

from __future__ import annotations

import argparse
import time

from coach import Coach
from coach.ingest.htmltext import html_to_text


def timed(label: str, work) -> None:  # noqa: ANN001 - any callable
    """Run work once and print how long it took."""
    start = time.perf_counter()
    work()
    print(f"{label:<52} {time.perf_counter() - start:8.2f} s")


def main() -> None:
    """Print the timings."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chars", type=int, default=100_000, help="length of each punctuation run")
    n = parser.parse_args().chars
    coach = Coach()
    coach.analyse("Warm up the model, please.")
    for mark in (",", "?", ":", "!"):
        timed(f"coach.analyse: {n:,} x {mark!r}", lambda mark=mark: coach.analyse(mark * n))
    timed(f"coach.analyse: nested parentheses ({n:,} chars)", lambda: coach.analyse("(" * (n // 2) + ")" * (n // 2)))
    timed(f"coach.analyse: 'a:' x {n // 2:,}", lambda: coach.analyse("a:" * (n // 2)))
    for size in (2_000, 4_000):
        timed(f"spaCy tokenizer alone, uncut: {size:,} x ','", lambda size=size: coach.nlp.make_doc("," * size))
    divs = "<div>" * 20_000 + "hello" + "</div>" * 20_000
    timed("html_to_text: 20,000 nested <div>", lambda: html_to_text(divs))
    quotes = "<blockquote>" * 10_000 + "hi" + "</blockquote>" * 10_000
    timed("html_to_text: 10,000 nested <blockquote>", lambda: html_to_text(quotes))


if __name__ == "__main__":
    main()

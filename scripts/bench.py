"""Measure the coach's speed on this machine: one draft's latency and batch throughput.

    .venv/bin/python scripts/bench.py

Prints the median time of coach.analyse on a 150-word draft (model warm), and
messages per second for analyse_many on 250-word emails as a batch review runs
it (no revisions), with the pipeline as shipped (NER skipped, run on demand for
announcements) and, for comparison, with every pipe running.
"""

from __future__ import annotations

import statistics
import time

import coach  # noqa: E402
from coach.engine import SKIPPED_PIPES  # noqa: E402

DRAFT = (
    "Hi Dana, thanks for the quick reply about the front desk computers. We looked at all six of them "
    "on Tuesday. They are seven years old and run an operating system that no longer gets security "
    "fixes, which is why the scheduling screen takes so long to load. Obviously you should have told us "
    "sooner, but we can fix it. We recommend replacing them before the audit next month; new machines "
    "would give your staff back about an hour a day and keep patient records protected. Our engineer, "
    "Tom, can do the work on Friday evening at your Main Street office so nobody is interrupted. He will "
    "move each person's files and check the printers before he leaves. If anything looks wrong on "
    "Monday morning, call me directly and we will sort it out the same day. Thanks again, Sam"
)


# Input near the size limit built to find quadratic work (one run-on sentence with thousands of findings).
ADVERSARIAL = {
    "rude prose": ("Obviously you should have told us about the DNS change. " * 1800)[:99000],
    "scare quotes": ("'broken' \"fixed\" " * 6000)[:99000],
    "grawlix": ("#$@%&*!?" * 12000)[:99000],
    "capitals": ("PLEASE DO NOT UNPLUG THE SERVER " * 3100)[:99000],
}


def words(n: int) -> str:
    """Return a draft of about n words built from the sample."""
    base = DRAFT.split()
    return " ".join((base * (n // len(base) + 1))[:n])


def time_single(text: str, repeats: int = 30) -> float:
    """Return the median seconds of coach.analyse(text) with the model warm."""
    coach.analyse(text)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        coach.analyse(text)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def throughput(texts: list[str], skip_ner: bool) -> float:
    """Return messages per second for analyse_many over texts."""
    engine = coach.default_coach()
    original = coach.engine.SKIPPED_PIPES
    coach.engine.SKIPPED_PIPES = SKIPPED_PIPES if skip_ner else ()
    try:
        start = time.perf_counter()
        for _ in engine.analyse_many(texts, revise_text=False):
            pass
        return len(texts) / (time.perf_counter() - start)
    finally:
        coach.engine.SKIPPED_PIPES = original


def main() -> None:
    """Print the measurements."""
    draft150 = words(150)
    print(f"analyse, 150-word draft, model warm: median {time_single(draft150) * 1000:.0f} ms")
    batch = [words(250) + f" Ref {i}." for i in range(200)]
    throughput(batch[:20], True)
    print(f"analyse_many, 250-word emails, NER skipped (as shipped): {throughput(batch, True):.1f} msg/s")
    print(f"analyse_many, 250-word emails, every pipe: {throughput(batch, False):.1f} msg/s")
    for name, text in ADVERSARIAL.items():
        start = time.perf_counter()
        findings = len(coach.analyse(text).findings)
        print(f"analyse, 99,000 characters of {name}: {time.perf_counter() - start:.1f} s ({findings} findings)")


if __name__ == "__main__":
    main()

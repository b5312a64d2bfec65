"""Measure how long one long check pauses the rest of a server process, in-process and in the worker.

Run: python scripts/bench_stall.py [--chars N]. A thread checks a long draft
(the page's threads do the same) while the main thread ticks every 5 ms, as
another user's session would need to; the longest gap between ticks is how
long that other session stood still.
"""

from __future__ import annotations

import argparse
import threading
import time
from collections.abc import Callable

import coach
from coach.worker import AnalysisWorker

PARAGRAPH = (
    "Obviously your receptionist unplugged the NAS again, so last night's backups failed. "
    "We restarted the server, checked the logs and the DHCP scope, and everything is running now. "
)


def longest_pause(work: Callable[[], object]) -> tuple[float, float]:
    """Run work in a thread; return (its seconds, the longest gap in seconds between 5 ms ticks meanwhile)."""
    done = threading.Event()
    took = [0.0]

    def run() -> None:
        start = time.perf_counter()
        work()
        took[0] = time.perf_counter() - start
        done.set()

    thread = threading.Thread(target=run)
    last, worst = time.perf_counter(), 0.0
    thread.start()
    while not done.wait(0.005):
        now = time.perf_counter()
        worst, last = max(worst, now - last), now
    thread.join()
    return took[0], worst


def main() -> None:
    """Print the pauses."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chars", type=int, default=60_000, help="length of the long draft")
    n = parser.parse_args().chars
    text = (PARAGRAPH * (n // len(PARAGRAPH) + 1))[:n]
    local = coach.default_coach()
    local.analyse("Warm up the model, please.")
    with AnalysisWorker() as worker:
        worker.analyse("Warm up the worker's model, please.", "non-technical")
        for label, work in (
            ("in the server's process", lambda: local.analyse(text, "non-technical")),
            ("in the worker process", lambda: worker.analyse(text, "non-technical")),
        ):
            took, pause = longest_pause(work)
            print(
                f"{n:,}-character draft checked {label:<24} {took:6.2f} s; other threads paused at most {pause:6.3f} s"
            )


if __name__ == "__main__":
    main()

"""Time the review history on SQLite and, where Debian's PostgreSQL is installed, on a throw-away server.

Per backend: opening a current history (what every Team review page run does), saving a review of
2,000 messages with 3 findings each, loading it back, listing, and a month comparison. Medians of
``--repeat`` runs. Run: ``.venv/bin/python scripts/bench_history.py``.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from coach.history import History
from coach.history_engine import sqlite_url

TESTS = Path(__file__).resolve().parent.parent / "tests"


def records(n: int) -> list[dict]:
    """Return n review records a month apart in two months, three findings each."""
    finding = {
        "category": "jargon",
        "rule": "jargon.dns",
        "start": 10,
        "end": 13,
        "text": "DNS",
        "message": "'DNS' is networking jargon a client will not follow.",
        "suggestion": 'Say "the internet\'s address book".',
        "severity": "warning",
        "note": "The client cares that websites open.",
        "replacement": "the internet's address book",
    }
    return [
        {
            "source": f"box.mbox#{i}",
            "subject": f"Ticket {i}",
            "sender": f"Engineer {i % 7} <e{i % 7}@msp.example>",
            "recipients": [],
            "date": f"2024-0{3 + i % 2}-{1 + i % 28:02d}T09:00:00+00:00",
            "warnings": [],
            "findings": [finding] * 3,
            "scores": {"tone": 40 + i % 40, "counts": {"jargon": 3}},
        }
        for i in range(n)
    ]


def median_ms(call: Callable[[], object], repeat: int) -> float:
    """Return the median wall time of call in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def bench(url: str, batch: list[dict], repeat: int) -> dict[str, float]:
    """Return the timings of one backend."""
    history = History(url=url)
    saved = history.save_review("warm-up", batch)
    return {
        "open (current schema)": median_ms(lambda: History(url=url), repeat),
        f"save {len(batch):,} messages": median_ms(lambda: history.save_review("bench", batch), repeat),
        f"load {len(batch):,} messages": median_ms(lambda: history.load(saved), repeat),
        "list reviews": median_ms(history.list_reviews, repeat),
        "compare two months": median_ms(lambda: history.compare("2024-03", "2024-04"), repeat),
    }


def _load(path: Path) -> ModuleType:
    """Import a module from a file (the tests' helper, which is not part of the package)."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> int:
    """Print a table of timings per backend."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    batch = records(args.messages)
    results = {"SQLite": bench(sqlite_url(Path(tempfile.mkdtemp()) / "bench.sqlite3"), batch, args.repeat)}
    pg_cluster = _load(TESTS / "pg_cluster.py")  # the test suite's throw-away server
    Cluster = pg_cluster.Cluster
    bindir = pg_cluster.find_bindir()
    if bindir is None:
        print("PostgreSQL binaries not installed: SQLite only", file=sys.stderr)
    else:
        cluster = Cluster(bindir).start()
        try:
            results["PostgreSQL"] = bench(cluster.new_database(), batch, args.repeat)
        finally:
            cluster.stop()
    names = list(results)
    print(f"{'ms (median of ' + str(args.repeat) + ')':<28}" + "".join(f"{n:>12}" for n in names))
    for step in results["SQLite"]:
        print(f"{step:<28}" + "".join(f"{results[n][step]:>12.1f}" for n in names))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

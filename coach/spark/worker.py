"""What runs in each Spark Python worker: read units, analyse them with a Coach built once per worker.

The EDS-NLP pattern: the functions Spark ships are module-level, so they are
pickled by reference (module and name), never with a model inside. The first
partition a worker runs builds the Coach (spaCy model, rules, analysers) and
keeps it in the module-level _COACHES; later partitions in the same worker
reuse it (Spark reuses Python workers by default, spark.python.worker.reuse).
Records are built and streamed by coach/review.py's analyse_stream, in
bounded chunks, exactly as local mode does.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ..engine import Coach
from ..ingest.model import Columns, Message
from ..review import analyse_stream
from .plan import Unit
from .read import read_unit, scan_mbox_range

_COACHES: dict[tuple[tuple[str, ...], tuple[str, ...], str | None], Coach] = {}


@dataclass(frozen=True, slots=True)
class Settings:
    """What every worker needs to build its Coach and read: plain values, cheap to ship."""

    audience: str = "non-technical"
    lexicons: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    model: str | None = None
    columns: Columns = Columns()


def worker_coach(settings: Settings) -> Coach:
    """Return this worker's Coach for the settings, building it on first use."""
    key = (settings.lexicons, settings.disable, settings.model)
    coach = _COACHES.get(key)
    if coach is None:
        coach = _COACHES[key] = Coach(lexicons=settings.lexicons, disable=settings.disable, model=settings.model)
    return coach


def review_partition(settings: Settings, groups: Iterable[list[Unit]]) -> Iterator[tuple[int, str, bool]]:
    """Yield (container, record as JSON, fatal) for every message in a partition's units, in order."""
    coach = worker_coach(settings)
    tags: deque[tuple[int, bool]] = deque()

    def messages() -> Iterator[Message]:
        for group in groups:
            for unit in group:
                for message, fatal in read_unit(unit, settings.columns):
                    tags.append((unit.container, fatal))
                    yield message

    for record in analyse_stream(coach, messages(), settings.audience):
        container, fatal = tags.popleft()
        yield container, json.dumps(record, ensure_ascii=False), fatal


def scan_unit(unit: Unit) -> tuple[int, int]:
    """Return (first mail offset, mails) for an mbox-scan unit."""
    return scan_mbox_range(unit.path, unit.start, unit.stop)

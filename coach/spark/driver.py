"""The Spark review on the driver: plan the units, run the jobs, stream the records back in local mode's order.

Two jobs at most. When an mbox is big enough to split, the first job scans
its byte ranges on the executors for where mails start (the driver never
reads the mailbox). The second ships the units in contiguous partitions of
about equal cost; mapPartitions reads and analyses them in the workers
(coach/spark/worker.py). Its output is persisted (memory, then disk), counted
so every partition runs in parallel, and then fetched one partition at a time
with toLocalIterator, so the driver holds one partition's records, not the
archive's. An error that stopped a zip or an mbox part way is worded as local
mode words it ("stopped after N item(s): ...") and ends that file's records.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import partial
from typing import Any

from ..engine import Coach, check_audience
from ..ingest.model import Columns
from ..lexicon import lexicon_dirs
from .plan import MBOX_SCAN, SPLIT_BYTES, Unit, partitions, plan, resolve_mbox
from .session import SparkUnavailable, start_session
from .worker import Settings, review_partition, scan_unit

PARTITIONS_PER_CORE = 3  # more partitions than cores, so a slow one does not hold the others up
PARTITION_BYTES = 64 * 1024 * 1024  # the most reading in one partition, whose records the driver fetches at once


def settings_for(
    audience: str,
    lexicons: Iterable[str | os.PathLike[str]] = (),
    disable: Iterable[str] = (),
    columns: Columns = Columns(),
) -> Settings:
    """Return worker settings, checked here first: a bad lexicon, rule id or audience fails before Spark starts."""
    import spacy  # a blank pipeline is enough to build and check the rules; the model loads in the workers

    check_audience(audience)
    dirs = tuple(str(d) for d in lexicon_dirs(lexicons))
    Coach(nlp=spacy.blank("en"), lexicons=dirs, disable=tuple(disable))
    model = os.environ.get("COACH_SPACY_MODEL", "").strip() or None
    return Settings(audience=audience, lexicons=dirs, disable=tuple(disable), model=model, columns=columns)


def split_bytes_setting() -> int:
    """Return the mbox range size: COACH_SPARK_SPLIT_MB megabytes, else SPLIT_BYTES."""
    raw = os.environ.get("COACH_SPARK_SPLIT_MB", "").strip()
    if not raw:
        return SPLIT_BYTES
    try:
        value = float(raw)
    except ValueError:
        raise SparkUnavailable(f"COACH_SPARK_SPLIT_MB={raw!r} is not a number of megabytes") from None
    if value <= 0:
        raise SparkUnavailable("COACH_SPARK_SPLIT_MB must be more than 0")
    return max(1024, int(value * 1024 * 1024))


def review_records(
    paths: Iterable[str | os.PathLike[str]],
    settings: Settings,
    *,
    master: str | None = None,
    spark: Any = None,
    split_bytes: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Return the review records of every message under paths, computed on Spark, in local mode's order.

    Starts Spark for master unless spark (a SparkContext or SparkSession) is given; Spark started here
    is stopped when the records are exhausted or the iterator is closed.
    """
    context, owned = (getattr(spark, "sparkContext", spark), False) if spark is not None else start_session(master)
    return _records(context, paths, settings, split_bytes or split_bytes_setting(), owned=owned)


def _records(
    sc: Any, paths: Iterable[str | os.PathLike[str]], settings: Settings, split_bytes: int, owned: bool
) -> Iterator[dict[str, Any]]:
    try:
        units = _indexed(sc, plan(paths, split_bytes))
        # Enough partitions to keep the cores busy, and small enough that the driver can hold one partition's
        # records at a time (toLocalIterator fetches a whole partition): at most about PARTITION_BYTES of reading.
        cost = sum(u.cost for u in units)
        count = max(max(1, sc.defaultParallelism) * PARTITIONS_PER_CORE, -(-cost // PARTITION_BYTES))
        groups = partitions(units, count)
        if not groups:
            return
        yield from _run(sc, groups, settings)
    finally:
        if owned:
            sc.stop()


def _indexed(sc: Any, units: list[Unit]) -> list[Unit]:
    """Scan the mbox ranges on the executors and return units with every range starting on a mail."""
    scans = [u for u in units if u.kind == MBOX_SCAN]
    if not scans:
        return units
    found = _job(lambda: sc.parallelize(scans, len(scans)).map(scan_unit).collect())
    return resolve_mbox(units, found)


def _run(sc: Any, groups: list[list[Unit]], settings: Settings) -> Iterator[dict[str, Any]]:
    from pyspark import StorageLevel

    rdd = sc.parallelize(groups, len(groups)).mapPartitions(partial(review_partition, settings))
    rdd.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        _job(rdd.count)  # every partition in parallel; the records wait in the executors' storage
        yield from _in_local_words(_job(rdd.toLocalIterator))
    finally:
        rdd.unpersist()


def _in_local_words(rows: Iterable[tuple[int, str, bool]]) -> Iterator[dict[str, Any]]:
    """Yield records, wording a stopping error as local mode does and dropping what followed it in that file."""
    counts: Counter[int] = Counter()
    stopped: set[int] = set()
    for container, line, fatal in rows:
        if container in stopped:
            continue
        record = json.loads(line)
        if fatal:
            stopped.add(container)
            if counts[container]:
                record["error"] = f"stopped after {counts[container]} item(s): {record['error']}"
        counts[container] += 1
        yield record


PYTHON_ERROR = re.compile(r"^(?:[\w.]+\.)?(\w+(?:Error|Exception|NotFound|Unavailable)): (.+)$", re.M)


def _job(action: Any) -> Any:
    """Run a Spark action, turning a failed job into SparkUnavailable with the worker's own error line."""
    try:
        return action()
    except Exception as exc:
        if type(exc).__name__ not in {"Py4JJavaError", "PythonException", "SparkException", "Py4JError"}:
            raise
        text = str(exc)
        errors = [m for m in PYTHON_ERROR.finditer(text) if not m.group(1).startswith("Py4J")]
        reason = f"{errors[-1].group(1)}: {errors[-1].group(2)}" if errors else text.strip().splitlines()[0][:300]
        raise SparkUnavailable(f"the Spark job failed: {reason}") from exc

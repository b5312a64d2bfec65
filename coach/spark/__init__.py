"""Archive-scale review on Apache Spark: `python -m coach review PATH --engine spark [--master local[2]]`.

The same review as local mode, with the reading and the analysis on the
executors. The driver only plans (plan.py): it lists the files, reads zip
central directories and mbox sizes, and ships units of reading work (a whole
file, a run of zip members, an mbox byte range), never parsed messages. Each
Python worker builds its Coach once (worker.py, a module-level cache; the
model is never pickled from the driver) and streams records through
mapPartitions with coach/review.py's record building. The driver gets the
records back in local mode's order (driver.py), and the CLI writes them with
the same writers as local mode.

PySpark is the `spark` extra (`pip install 'tone-coach[spark]'`) and needs
Java 17 or newer; without them the engine stops with a message naming what to
install (session.py). PySpark itself is imported only when the engine runs.
"""

from __future__ import annotations

from .driver import review_records, settings_for
from .session import SparkUnavailable, require_spark, start_session

__all__ = ["SparkUnavailable", "require_spark", "review_records", "settings_for", "start_session"]

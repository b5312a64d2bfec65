"""Run a batch review on every core: forked workers that share the parent's loaded model, results in input order.

The parent has already loaded the Coach (spaCy model, rules, semantic layer);
each worker is forked from it, so no worker loads the model again and the
model's pages stay shared until a worker writes to them. The parent reads the
input and hands out chunks; at most two chunks per worker are in flight, so a
10,000-message mailbox is never held in memory, and results come back in the
order the chunks went out. Where fork is not available (Windows, macOS's
default) or only one core is free, the caller runs in-process instead.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from typing import Any

_STATE: Any = None  # what the workers read (the Coach), set before the fork


def available_cores() -> int:
    """Return how many processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Tell whether worker processes can be forked here."""
    return "fork" in multiprocessing.get_all_start_methods()


def _call(job: tuple[Callable[[Any, Any], list[Any]], Any]) -> list[Any]:
    fn, item = job
    return fn(_STATE, item)


def map_in_order(fn: Callable[[Any, Any], list[Any]], state: Any, items: Iterable[Any], workers: int) -> Iterator[Any]:
    """Yield every element of fn(state, item) for each item, items spread over forked workers, in input order.

    fn must be a module-level function (it is sent to the workers by name);
    state (e.g. a loaded Coach) reaches them through the fork, never pickled.
    """
    global _STATE
    _STATE = state
    context = multiprocessing.get_context("fork")
    try:
        with context.Pool(workers) as pool:
            pending: deque[Any] = deque()
            for item in items:
                pending.append(pool.apply_async(_call, ((fn, item),)))
                if len(pending) >= 2 * workers:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()
    finally:
        _STATE = None

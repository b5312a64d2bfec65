"""Analyse in a separate process, so a long analysis neither holds the caller's GIL nor runs for ever.

A web page serves every user from one Python process. spaCy's tokenizer and
parser and TextBlob hold the GIL while they work, so one user's 100,000-
character paste would pause every other user's page for seconds. The page
hands such drafts to an ``AnalysisWorker``: one child process (started on
first use, spawned so it shares no locks with the server's threads) that
loads the model once and answers one request at a time over a pipe. Waiting
on the pipe releases the GIL. A request that runs past its time limit is
stopped by ending the child (a thread cannot be stopped; a process can); the
next request starts a fresh one. A child that dies is replaced the same way.
"""

from __future__ import annotations

import multiprocessing
import threading
from collections.abc import Sequence
from multiprocessing.connection import Connection
from typing import Any

from .report import Report

DEFAULT_TIMEOUT = 120.0  # seconds one analysis may take before it is stopped
_REQUEST_CACHE = 8  # coaches (lexicons + disabled rules) a worker keeps built


class AnalysisStopped(RuntimeError):
    """An analysis ran past its time limit, or its worker process died, and was stopped."""


def _serve(conn: Connection) -> None:
    """Answer (text, audience, lexicons, disable) requests on conn until it closes (runs in the child)."""
    from . import Coach, default_coach

    coaches: dict[tuple[tuple[str, ...], tuple[str, ...]], Coach] = {}
    while True:
        try:
            text, audience, lexicons, disable = conn.recv()
        except (EOFError, OSError):
            return
        try:
            key = (tuple(lexicons), tuple(disable))
            chosen = coaches.get(key)
            if chosen is None:
                chosen = default_coach().variant(lexicons, disable)
                if len(coaches) >= _REQUEST_CACHE:
                    coaches.pop(next(iter(coaches)))
                coaches[key] = chosen
            reply: tuple[str, Any] = ("ok", chosen.analyse(text, audience))
        except Exception as exc:  # the caller re-raises it: InputError, a bad lexicon...
            reply = ("error", exc)
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


class AnalysisWorker:
    """One child process that analyses drafts; safe to share between threads (requests queue)."""

    def __init__(self, *, timeout: float = DEFAULT_TIMEOUT) -> None:
        self.timeout = timeout
        self._lock = threading.Lock()
        self._context = multiprocessing.get_context("spawn")
        self._process: Any = None
        self._conn: Connection | None = None

    @property
    def pid(self) -> int | None:
        """Return the child's process id, or None when no child is running."""
        return self._process.pid if self._process is not None and self._process.is_alive() else None

    def start(self) -> None:
        """Start the child (and load its model) now rather than on the first request."""
        with self._lock:
            self._ensure()

    def analyse(self, text: str, audience: str, *, lexicons: Sequence[str] = (), disable: Sequence[str] = ()) -> Report:
        """Return the child's Report for text; raise what the analysis raised, or AnalysisStopped."""
        if not self._lock.acquire(timeout=self.timeout):
            raise AnalysisStopped(f"the checker was busy with other drafts for over {self.timeout:.0f} s")
        try:
            request = (text, audience, [str(d) for d in lexicons], sorted(disable))
            status, value = self._ask(request, retry=True)
        finally:
            self._lock.release()
        if status == "error":
            raise value
        return value  # type: ignore[no-any-return]

    def _ask(self, request: tuple[Any, ...], *, retry: bool) -> tuple[str, Any]:
        """Send one request and return the reply; a child found dead is replaced and asked once more."""
        conn = self._ensure()
        try:
            conn.send(request)
            if not conn.poll(self.timeout):
                self._stop()
                raise AnalysisStopped(f"checking this draft took over {self.timeout:.0f} s and was stopped")
            reply: tuple[str, Any] = conn.recv()
            return reply
        except (EOFError, OSError):  # the child died: before this request (killed, out of memory) or on it
            self._stop()
            if retry:  # an analysis has no side effects, so asking a fresh child is safe
                return self._ask(request, retry=False)
            raise AnalysisStopped("the checker stopped unexpectedly while checking this draft") from None

    def close(self) -> None:
        """End the child process."""
        with self._lock:
            self._stop()

    def _ensure(self) -> Connection:
        # Between requests nothing is due on the pipe: anything readable is the end-of-file of a child that died.
        idle = self._conn is not None and self._process is not None and self._process.is_alive()
        if idle and self._conn is not None and not self._conn.poll(0):
            return self._conn
        self._stop()
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child,), name="tone-coach-analysis", daemon=True)
        process.start()
        child.close()
        self._process, self._conn = process, parent
        return parent

    def _stop(self) -> None:
        if self._conn is not None:
            self._conn.close()
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join(timeout=5)
        self._process = self._conn = None

    def __enter__(self) -> AnalysisWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

"""The one shared coach (loaded once per server), coaches with a client's allow list, and cached reports.

The spaCy model takes several seconds to load, so app.py starts loading it in
a background thread when the server starts (``warm_up``); the first check
waits for it under a spinner that says so. A client's allow list or rules
ignored for this draft give a coach of their own that shares the model.

A long draft is checked in a worker process (``coach.worker``), so while
spaCy works on it the server's other sessions keep running and a check that
runs past its time limit is stopped. ``COACH_ANALYSIS_WORKER`` chooses:
``auto`` (drafts over ``WORKER_MIN_CHARS``), ``always`` or ``never``;
``COACH_ANALYSIS_TIMEOUT`` is the limit in seconds.
"""

from __future__ import annotations

import os
import threading

import streamlit as st

import coach
from coach import Coach, Report
from coach.allowlist import lexicon_dir_for
from coach.worker import DEFAULT_TIMEOUT, AnalysisStopped, AnalysisWorker

__all__ = ["AnalysisStopped", "analyse_cached", "coach_for", "model_loaded", "shared_coach", "warm_up"]

WARM_ENV = "COACH_WARM"  # set to 0 to skip loading the model at start-up
LOADING_MESSAGE = "Loading the language model (only the first check after the server starts, a few seconds)…"
WORKER_ENV = "COACH_ANALYSIS_WORKER"  # auto | always | never
TIMEOUT_ENV = "COACH_ANALYSIS_TIMEOUT"
WORKER_MIN_CHARS = 5_000  # in "auto", drafts longer than this are checked in the worker process
_lock = threading.Lock()
_warm_started = False


def _load() -> Coach:
    with _lock:  # a warm-up thread and the first page run never load it twice
        return coach.default_coach()


def model_loaded() -> bool:
    """Return whether the language model is in memory already."""
    return coach.default_coach.cache_info().currsize > 0


def warm_up() -> bool:
    """Start loading the model in the background once per server (unless COACH_WARM=0); return whether it started."""
    global _warm_started
    if _warm_started or model_loaded() or os.environ.get(WARM_ENV, "1").strip() == "0":
        return False
    _warm_started = True
    threading.Thread(target=_load, name="tone-coach-warm-up", daemon=True).start()
    return True


@st.cache_resource(show_spinner=LOADING_MESSAGE)
def shared_coach() -> Coach:
    """Return the coach with its spaCy model, built once for every session."""
    return _load()


def coach_settings(client: str, words: tuple[str, ...], ignored: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """Return the lexicon folders (a client's allow list) and the known rules to disable for these choices."""
    directory = lexicon_dir_for(client, words)
    known = shared_coach().rule_ids() if ignored else set()
    return ([str(directory)] if directory else []), [r for r in ignored if r in known]


@st.cache_resource(max_entries=16, show_spinner=False)
def coach_for(client: str, words: tuple[str, ...], ignored: tuple[str, ...]) -> Coach:
    """Return a coach that allows a client's words and skips the ignored rules, sharing the one model."""
    return shared_coach().variant(*coach_settings(client, words, ignored))


@st.cache_data(max_entries=256, show_spinner=False)
def analyse_cached(
    text: str, audience: str, client: str = "", words: tuple[str, ...] = (), ignored: tuple[str, ...] = ()
) -> Report:
    """Return the report for a text, audience, allow list and ignored rules, computed once.

    Raises InputError for text that cannot be checked and AnalysisStopped when
    the worker process ran past its time limit or died.
    """
    if use_worker(text):
        lexicons, disable = coach_settings(client, words, ignored)
        return shared_worker().analyse(text, audience, lexicons=lexicons, disable=disable)
    return coach_for(client, words, ignored).analyse(text, audience)


def worker_mode() -> str:
    """Return the COACH_ANALYSIS_WORKER setting: auto, always or never (auto when unset or unknown)."""
    mode = os.environ.get(WORKER_ENV, "auto").strip().lower()
    return mode if mode in {"auto", "always", "never"} else "auto"


def use_worker(text: str) -> bool:
    """Return whether this draft is checked in the worker process."""
    mode = worker_mode()
    return mode == "always" or (mode == "auto" and len(text) > WORKER_MIN_CHARS)


def analysis_timeout() -> float:
    """Return the time limit of one check in the worker (COACH_ANALYSIS_TIMEOUT seconds, default 120)."""
    try:
        value = float(os.environ.get(TIMEOUT_ENV, DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT
    return value if value > 0 else DEFAULT_TIMEOUT


@st.cache_resource(show_spinner=False)
def shared_worker() -> AnalysisWorker:
    """Return the one worker process (started on its first draft) shared by every session."""
    return AnalysisWorker(timeout=analysis_timeout())

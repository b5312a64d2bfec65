"""The one shared coach (loaded once per server), coaches with a client's allow list, and cached reports.

The spaCy model takes several seconds to load, so app.py starts loading it in
a background thread when the server starts (``warm_up``); the first check
waits for it under a spinner that says so. A client's allow list or rules
ignored for this draft give a coach of their own that shares the model.
"""

from __future__ import annotations

import os
import threading

import streamlit as st

import coach
from coach import Coach, Report
from coach.allowlist import lexicon_dir_for

WARM_ENV = "COACH_WARM"  # set to 0 to skip loading the model at start-up
LOADING_MESSAGE = "Loading the language model (only the first check after the server starts, a few seconds)…"
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


@st.cache_resource(max_entries=16, show_spinner=False)
def coach_for(client: str, words: tuple[str, ...], ignored: tuple[str, ...]) -> Coach:
    """Return a coach that allows a client's words and skips the ignored rules, sharing the one model."""
    base = shared_coach()
    if not words and not ignored:
        return base
    directory = lexicon_dir_for(client, words)
    known = base.rule_ids()
    return Coach(
        nlp=base.nlp,
        lexicons=[directory] if directory else [],
        disable=[r for r in ignored if r in known],
    )


@st.cache_data(max_entries=256, show_spinner=False)
def analyse_cached(
    text: str, audience: str, client: str = "", words: tuple[str, ...] = (), ignored: tuple[str, ...] = ()
) -> Report:
    """Return the report for a text, audience, allow list and ignored rules, computed once (raises InputError)."""
    return coach_for(client, words, ignored).analyse(text, audience)

"""The one shared coach (loaded once per server) and reports cached per text and audience."""

from __future__ import annotations

import streamlit as st

import coach
from coach import Report


@st.cache_resource(show_spinner="Loading the language model…")
def shared_coach() -> coach.Coach:
    """Return the coach with its spaCy model, built once for every session."""
    return coach.default_coach()


@st.cache_data(max_entries=256, show_spinner=False)
def analyse_cached(text: str, audience: str) -> Report:
    """Return the report for a text and audience, computed once per pair (raises InputError)."""
    return shared_coach().analyse(text, audience)

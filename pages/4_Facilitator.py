"""Facilitator: run a training session with a join code, watch the class live, end it with a summary."""

from __future__ import annotations

import streamlit as st

from views.training_facilitator import render_page

st.set_page_config(page_title="Facilitator · Tone Coach", page_icon="🧑‍🏫", layout="wide")
render_page()

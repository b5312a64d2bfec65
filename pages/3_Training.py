"""Training: practise rewriting bad client drafts, with a score and the reasons at once, and your progress."""

from __future__ import annotations

import streamlit as st

from views.training import render_page

st.set_page_config(page_title="Training · Tone Coach", page_icon="🎯", layout="wide")
render_page()

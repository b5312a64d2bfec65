"""Tone Coach: paste a client email draft, see what to fix, fix it, copy it (`streamlit run app.py`).

The coaching page comes first; every script in pages/ (the Why page, the team
review page) is added after it, in file-name order.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from views.analysis import warm_up
from views.engineer import render_page

PAGES = Path(__file__).resolve().parent / "pages"

st.set_page_config(page_title="Tone Coach", page_icon="✉️", layout="wide")
warm_up()  # start loading the language model with the server, not at the first check (COACH_WARM=0 skips it)
home = st.Page(render_page, title="Coach a draft", icon="✉️", default=True)
st.navigation([home, *(st.Page(path) for path in sorted(PAGES.glob("[!_]*.py")))]).run()

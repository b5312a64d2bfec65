"""Team review: upload many messages at once, see where tone goes wrong across the team, open any one."""

from __future__ import annotations

import streamlit as st

from coach import AUDIENCES
from coach.history import History
from coach.review import author_key
from views.authors import current_aliases, render_aliases
from views.drilldown import render_drilldown
from views.engineer import AUDIENCE_LABELS
from views.history import render_history, render_save
from views.message import md_escape
from views.review import (
    BATCH,
    OPEN,
    messages_frame,
    render_charts,
    render_exports,
    render_filters,
    render_sort,
    render_summary,
    render_table,
    render_uploader,
    run_review,
)

FILTER_KEYS = ("review_authors", "review_categories", "review_dates", OPEN, "review_sort", "review_sort_reverse")

st.set_page_config(page_title="Team review · Tone Coach", page_icon="📊", layout="wide")
st.title("Team review")
st.caption(
    "Review what the team sends clients: a folder of drafts, a mailbox export, a helpdesk CSV. "
    "Everything runs on this machine; nothing is uploaded anywhere else."
)

uploads, columns = render_uploader()
audience = st.selectbox(
    "Written for", AUDIENCES, key="review_audience", format_func=lambda a: AUDIENCE_LABELS.get(a, a)
)
if st.button(f"Review {len(uploads)} file(s)", type="primary", disabled=not uploads, key="review_run"):
    st.session_state[BATCH] = run_review(uploads, columns, audience)

try:
    history: History | None = History()
except Exception as exc:  # an unwritable data folder must not break the review itself
    history = None
    st.warning(md_escape(f"History is unavailable: {exc}"))

batch = st.session_state.get(BATCH)
if batch is not None:
    st.header(md_escape(batch.name), divider="gray")
    render_summary(batch)
    frame = messages_frame(batch.records, current_aliases())
    if len(frame):
        shown = render_filters(frame)
        table_col, open_col = st.columns([3, 2], gap="large")
        with table_col:
            shown = render_sort(shown)
            st.caption(f"{len(shown):,} of {len(frame):,} messages. Select a row to open it on the right.")
            render_table(shown)
            render_aliases(author_key(r.get("sender")) for r in batch.records if "error" not in r)
        with open_col:
            st.subheader("One message, as the engineer sees it")
            render_drilldown(batch, shown)
        render_charts(batch, shown)
    st.subheader("Export")
    render_exports(batch)
    if history is not None:
        render_save(batch, history)

if history is not None:
    st.header("History", divider="gray")
    opened = render_history(history)
    if opened is not None:
        st.session_state[BATCH] = opened
        for key in FILTER_KEYS:  # a review just opened starts with every message shown
            st.session_state.pop(key, None)
        st.rerun()

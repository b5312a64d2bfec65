"""The team-review page's history section: save a review, list, open or delete past ones, compare two months.

Every history failure (a damaged, read-only or foreign file, an unreachable server) is shown as a
message naming the database, in the part it stopped; the rest of the page goes on.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from coach.history import History, HistoryError

from .message import md_escape
from .review import Batch


def show_error(exc: HistoryError) -> None:
    """Show a history failure as a message (Markdown-escaped: paths and URLs are shown as typed)."""
    st.error(md_escape(str(exc)), icon="⚠️")


def render_save(batch: Batch, history: History) -> None:
    """Offer to save the current review to the history, bodies only when asked."""
    if history.read_only:
        st.info(md_escape(f"The review history {history.where} is read-only: this review cannot be saved."))
        return
    with st.form("review_save", border=False):
        name = st.text_input("Name this review", value=batch.name, key="review_save_name")
        bodies = st.checkbox("Also keep the message texts (lets you reopen highlights later)", key="review_save_bodies")
        if st.form_submit_button("Save to history"):
            try:
                review_id = history.save_review(
                    name, batch.records, store_bodies=bodies, bodies=batch.texts, audience=batch.audience
                )
            except HistoryError as exc:
                show_error(exc)
            else:
                st.success(f"Saved as review {review_id}.")


def render_history(history: History) -> Batch | None:
    """List past reviews with Open and Delete, and compare two months; return a review the user opened."""
    try:
        reviews = history.list_reviews()
    except HistoryError as exc:
        show_error(exc)
        return None
    if not reviews:
        st.caption("No saved reviews yet.")
        return None
    st.dataframe(pd.DataFrame([_info_row(r) for r in reviews]), hide_index=True, width="stretch")
    by_id = {r.id: r for r in reviews}
    chosen = st.selectbox(
        "Saved review",
        list(by_id),
        key="review_saved",
        format_func=lambda i: f"{i} · {by_id[i].name} · {by_id[i].saved_at[:10]}",
    )
    opened = None
    left, right = st.columns(2)
    if left.button("Open", key="review_saved_open"):
        try:
            saved = history.load(chosen)
        except HistoryError as exc:
            show_error(exc)
        except KeyError:  # another tab deleted it meanwhile
            st.warning(f"Review {chosen} is no longer saved.")
        else:
            opened = Batch(saved.info.name, saved.records, saved.bodies, saved.info.audience)
    if right.button("Delete", key="review_saved_delete", disabled=history.read_only):
        try:
            history.delete(chosen)
        except HistoryError as exc:
            show_error(exc)
        else:
            st.rerun()
    try:
        render_comparison(history)
    except HistoryError as exc:
        show_error(exc)
    return opened


def _info_row(info: Any) -> dict[str, Any]:
    return {
        "id": info.id,
        "name": info.name,
        "saved": info.saved_at,
        "audience": info.audience,
        "messages": info.messages,
        "analysed": info.analysed,
        "skipped": info.skipped,
        "bodies kept": info.bodies,
    }


def render_comparison(history: History) -> None:
    """Show tone and findings per message for two months side by side, per person and category."""
    periods = history.periods()
    st.subheader("Month over month")
    if len(periods) < 2:
        st.caption("Save reviews from two different months to compare them.")
        return
    left, right = st.columns(2)
    before = left.selectbox("Earlier month", periods, index=1, key="review_month_a")
    after = right.selectbox("Later month", periods, index=0, key="review_month_b")
    st.dataframe(pd.DataFrame(history.compare_tone(before, after)), hide_index=True, width="stretch")
    rows = [r for r in history.compare(before, after) if r["findings_a"] or r["findings_b"]]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

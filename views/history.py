"""The team-review page's history section: save a review, list, open or delete past ones, compare two months."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from coach.history import History

from .authors import current_aliases, merge_category_rows, merge_tone_rows
from .review import Batch


def render_save(batch: Batch, history: History) -> None:
    """Offer to save the current review to the history, bodies only when asked."""
    with st.form("review_save", border=False):
        name = st.text_input("Name this review", value=batch.name, key="review_save_name")
        bodies = st.checkbox("Also keep the message texts (lets you reopen highlights later)", key="review_save_bodies")
        if st.form_submit_button("Save to history"):
            review_id = history.save_review(
                name, batch.records, store_bodies=bodies, bodies=batch.texts, audience=batch.audience
            )
            st.success(f"Saved as review {review_id}.")


def render_history(history: History) -> Batch | None:
    """List past reviews with Open and Delete, and compare two months; return a review the user opened."""
    reviews = history.list_reviews()
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
        saved = history.load(chosen)
        opened = Batch(saved.info.name, saved.records, saved.bodies, saved.info.audience)
    if right.button("Delete", key="review_saved_delete"):
        history.delete(chosen)
        st.rerun()
    render_comparison(history)
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
    aliases = current_aliases()
    st.dataframe(
        pd.DataFrame(merge_tone_rows(history.compare_tone(before, after), aliases)), hide_index=True, width="stretch"
    )
    merged = merge_category_rows(history.compare(before, after), aliases)
    rows = [r for r in merged if r["findings_a"] or r["findings_b"]]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")

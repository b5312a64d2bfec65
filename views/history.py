"""The team-review page's history section: save a review, list, open or delete past ones, compare two months.

Every history failure (a damaged, read-only or foreign file, an unreachable server) is shown as a
message naming the database, in the part it stopped; the rest of the page goes on.
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

import pandas as pd
import streamlit as st

from coach.history import History, HistoryError

from .authors import current_aliases, merge_category_rows, merge_tone_rows
from .message import md_escape
from .review import Batch

CONFIRM, DELETED, SAVED = "review_delete_confirm", "review_deleted", "review_saved_digests"


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
            digest = batch_digest(batch)
            saved: dict[str, int] = st.session_state.setdefault(SAVED, {})
            try:
                known = {r.id for r in history.list_reviews()}
                if saved.get(digest) in known:
                    st.info(f"This batch is already saved as review {saved[digest]}; it is not saved twice.")
                    return
                review_id = history.save_review(
                    name, batch.records, store_bodies=bodies, bodies=batch.texts, audience=batch.audience
                )
            except HistoryError as exc:
                show_error(exc)
            else:
                saved[digest] = review_id
                st.success(f"Saved as review {review_id}.")


def batch_digest(batch: Batch) -> str:
    """Return a digest of a batch's records and texts: the same batch saved twice has the same one."""
    payload = json.dumps([batch.records, batch.texts, batch.audience], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()


def render_history(history: History) -> Batch | None:
    """List past reviews with Open and Delete, and compare two months; return a review the user opened."""
    try:
        render_undo_delete(history)
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
    if right.button("Delete…", key="review_saved_delete", disabled=history.read_only):
        st.session_state[CONFIRM] = chosen
    try:
        render_delete_confirmation(history, by_id)
        render_comparison(history)
    except HistoryError as exc:
        show_error(exc)
    return opened


def render_undo_delete(history: History) -> None:
    """Offer to bring back the review deleted last in this session (kept in memory until the tab closes)."""
    deleted = st.session_state.get(DELETED)
    if not deleted:
        return
    note, button = st.columns([3, 1], vertical_alignment="center")
    note.info(md_escape(f"Deleted \u201c{deleted['name']}\u201d ({deleted['messages']} messages)."))
    if button.button("Undo delete", key="review_undo_delete", icon=":material/undo:"):
        history.save_review(
            deleted["name"],
            deleted["records"],
            store_bodies=deleted["store_bodies"],
            bodies=deleted["bodies"],
            audience=deleted["audience"],
            saved_at=deleted["saved_at"],
        )
        st.session_state[DELETED] = None
        st.rerun()


def render_delete_confirmation(history: History, by_id: dict[int, Any]) -> None:
    """Ask before deleting a saved review; keep it in memory so the delete can be undone."""
    target = st.session_state.get(CONFIRM)
    if target not in by_id:
        return
    info = by_id[target]
    st.warning(
        md_escape(
            f"Delete \u201c{info.name}\u201d ({info.messages} messages, saved {info.saved_at[:10]})? "
            "Its findings leave the month-over-month comparison. You can undo this until you close the tab."
        )
    )
    yes, no = st.columns(2)
    if yes.button("Yes, delete it", key="review_delete_yes", type="primary"):
        saved = history.load(target)
        st.session_state[DELETED] = {
            "name": info.name,
            "messages": info.messages,
            "records": saved.records,
            "bodies": saved.bodies,
            "store_bodies": bool(info.bodies),
            "audience": info.audience,
            "saved_at": datetime.fromisoformat(info.saved_at),
        }
        history.delete(target)
        st.session_state[CONFIRM] = None
        st.rerun()
    if no.button("Keep it", key="review_delete_no"):
        st.session_state[CONFIRM] = None
        st.rerun()


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


TONE_COLUMNS = {
    "author": "Author",
    "messages_a": "Messages (earlier)",
    "messages_b": "Messages (later)",
    "tone_a": "Mean tone (earlier)",
    "tone_b": "Mean tone (later)",
    "change": "Tone change",
}
CATEGORY_COLUMNS = {
    "author": "Author",
    "category": "Category",
    "messages_a": "Messages (earlier)",
    "messages_b": "Messages (later)",
    "findings_a": "Findings (earlier)",
    "findings_b": "Findings (later)",
    "per_message_a": "Per message (earlier)",
    "per_message_b": "Per message (later)",
    "change": "Change per message",
}
BETTER, WORSE = "color: #146c2e; font-weight: 600", "color: #a1211a; font-weight: 600"


def signed_change(value: Any, higher_is_better: bool, digits: int) -> str:
    """Return a change as signed text that also says better or worse ('+30.0 better'), '' when unknown."""
    if value is None or pd.isna(value):
        return ""
    if abs(value) < 10**-digits / 2:
        return f"{0:.{digits}f} same"
    word = "better" if (value > 0) == higher_is_better else "worse"
    arrow = "▲" if value > 0 else "▼"
    return f"{value:+.{digits}f} {arrow} {word}"


def comparison_table(rows: list[dict[str, Any]], columns: dict[str, str], higher_is_better: bool, digits: int) -> Any:
    """Return month-over-month rows with human column names and signed, coloured changes (a pandas Styler)."""
    frame = pd.DataFrame(rows, columns=list(columns))
    frame["change"] = [signed_change(v, higher_is_better, digits) for v in frame["change"]]
    frame = frame.rename(columns=columns)
    change = columns["change"]

    def colour(value: str) -> str:
        return BETTER if value.endswith("better") else WORSE if value.endswith("worse") else ""

    return frame.style.map(colour, subset=[change]).format(precision=digits, na_rep="–")


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
    tone = merge_tone_rows(history.compare_tone(before, after), aliases)
    st.caption(f"Tone from {before} to {after}: higher is warmer, so a rise is better.")
    st.dataframe(comparison_table(tone, TONE_COLUMNS, True, 1), hide_index=True, width="stretch")
    merged = merge_category_rows(history.compare(before, after), aliases)
    rows = [r for r in merged if r["findings_a"] or r["findings_b"]]
    st.caption("Findings per message: fewer is better.")
    st.dataframe(comparison_table(rows, CATEGORY_COLUMNS, False, 2), hide_index=True, width="stretch")

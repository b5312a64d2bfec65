"""The Team review page's opened message: beside the table, the worst one first, shown as the engineer sees it.

Scores, sender, recipients, date and subject, the highlighted text with its
findings, and the coach's suggested revision (computed for this one message
only; a batch review skips revisions to stay fast).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from coach import Report

from . import review
from .authors import current_aliases
from .message import md_escape, render_message
from .review import OPEN, Batch, author_of, findings_frame

SEVERITY_RANK = {"error": 3, "warning": 2, "suggestion": 1}
REVISIONS = "review_revisions"
MESSAGE_HEIGHT = 720  # pixels of the opened message before it scrolls


def worst_row(batch: Batch, rows: list[int]) -> int:
    """Return the row of the message that most needs attention: the lowest tone, then the most severe findings."""

    def badness(row: int) -> tuple[float, int, int]:
        record = batch.records[row]
        tone = (record.get("scores") or {}).get("tone")
        severe = sum(SEVERITY_RANK.get(f.get("severity"), 0) for f in record.get("findings") or ())
        return (float(tone) if isinstance(tone, (int, float)) else 100.0, -severe, row)

    return min(rows, key=badness)


def message_label(batch: Batch, row: int) -> str:
    """Return how a message is named in the picker: number, author, date, subject."""
    record = batch.records[row]
    day = (record.get("date") or "")[:10]
    return " · ".join(
        p
        for p in (f"#{row + 1}", author_of(record, current_aliases()), day, record.get("subject") or record["source"])
        if p
    )


def _revision(batch: Batch, row: int, report: Report) -> str | None:
    """Return the coach's revision of one message, computed once per batch row."""
    cache: dict[Any, str | None] = st.session_state.setdefault(REVISIONS, {})
    key = (id(batch), row, batch.audience)
    if key not in cache:
        full = review.shared_coach().analyse(report.text, batch.audience)
        cache[key] = full.revision if full.revision and full.revision != report.text else None
    return cache[key]


def render_header(batch: Batch, row: int) -> None:
    """Show who wrote the message, to whom, when and about what, and its scores."""
    record = batch.records[row]
    lines = [
        ("From", record.get("sender") or "(unknown)"),
        ("To", ", ".join(record.get("recipients") or ()) or "–"),
        ("Date", (record.get("date") or "–").replace("T", " ")[:16]),
        ("Subject", record.get("subject") or "–"),
        ("Source", record["source"]),
    ]
    st.markdown("  \n".join(f"**{label}:** {md_escape(str(value))}" for label, value in lines))
    scores = record.get("scores") or {}
    grade = (scores.get("readability") or {}).get("grade")
    mood = (scores.get("sentiment") or {}).get("polarity")
    tone = scores.get("tone")
    a, b, c = st.columns(3)
    a.metric("Tone", "–" if tone is None else f"{tone:.0f} / 100")
    b.metric("Grade", "–" if grade is None else f"{grade:.1f}", help="Readability: the school grade needed to read it")
    c.metric("Sentiment", "–" if mood is None else f"{mood:+.2f}")


def render_drilldown(batch: Batch, shown: pd.DataFrame) -> None:
    """Show one chosen message (the worst of those shown, until the user picks another) as the engineer sees it."""
    rows = shown["row"].tolist()
    if not rows:
        st.caption("No message matches the filters.")
        return
    if st.session_state.get(OPEN) not in rows:
        st.session_state[OPEN] = worst_row(batch, rows)
    row = st.selectbox(
        "Open a message",
        rows,
        key=OPEN,
        format_func=lambda r: message_label(batch, r),
        help="Starts at the message with the lowest tone; select a table row to open another.",
    )
    render_header(batch, row)
    report = batch.report(row)
    if report is None:
        st.info("This review was saved without message bodies, so only its findings can be shown.")
        st.dataframe(findings_frame(batch.records, [row], current_aliases()), hide_index=True, width="stretch")
        return
    revision = _revision(batch, row, report)
    if revision is not None:
        with st.expander("The coach's suggested revision"):
            st.code(revision, language=None, wrap_lines=True)
    with st.container(height=MESSAGE_HEIGHT, border=False):  # scrolls on its own, beside the table
        render_message(report, key_prefix=f"review_{row}_")

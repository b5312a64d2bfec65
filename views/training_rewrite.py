"""The trainee's rewrite box: the one editor of the coaching page, holding the last attempt's remaining highlights.

The box is views.editor (plain text box until it has loaded, or for good with
COACH_EDITOR=plain). Before a first submission it shows no highlight: the
trainee finds the problems. After one, it paints what the coach still flags
in that attempt; as the trainee edits, a highlight stays on text they have not
touched and goes from text they changed, until the next submission scores it.
Nothing is analysed while they type.
"""

from __future__ import annotations

from collections.abc import MutableMapping, Sequence
from dataclasses import replace
from difflib import SequenceMatcher
from typing import Any

import streamlit as st

from coach import Finding

from . import editor

LABEL = "Your rewrite"
HELP = "Start from the draft or write your own. Ctrl+Enter to apply."


def carry_findings(old: str, new: str, findings: Sequence[Finding]) -> list[Finding]:
    """Return the findings of old moved onto new: unchanged text keeps its highlight, edited text loses it.

    Every finding is returned, in the same order, so the page numbers them as
    the feedback's cards do; one whose text was edited gets an empty span
    (not painted) at the place of the edit.
    """
    if old == new:
        return list(findings)
    blocks = [b for b in SequenceMatcher(None, old, new, autojunk=False).get_matching_blocks() if b.size]

    def moved(start: int, end: int) -> tuple[int, int]:
        for b in blocks:
            if b.a <= start and end <= b.a + b.size:
                return start - b.a + b.b, end - b.a + b.b
        before = [b for b in blocks if b.a + b.size <= start]
        at = before[-1].b + before[-1].size if before else 0
        return at, at

    carried = []
    for finding in findings:
        start, end = moved(finding.start, finding.end)
        carried.append(replace(finding, start=start, end=end, text=new[start:end]))
    return carried


def render_rewrite_box(
    state: MutableMapping[str, Any],
    key: str,
    findings: Sequence[Finding],
    *,
    submitted: str | None,
    on_change: Any,
    args: tuple[Any, ...],
) -> None:
    """Draw the rewrite (state[key]) in the one editor with the last attempt's findings, or in the plain box."""
    text = state.get(key) or ""
    if editor.enabled():
        shown = carry_findings(submitted, text, findings) if submitted is not None else []
        if submitted is None:
            status = "Submit to see your score and what the coach still flags."
        elif text == submitted:
            status = (
                f"Your last attempt: {len(shown)} thing(s) the coach still flags, highlighted (hover for why; "
                "the cards are under Feedback)."
                if shown
                else "Your last attempt: the coach flags nothing in it."
            )
        else:
            status = "Highlights from your last attempt on the text you have not changed. Submit to score this one."
        editor.render_editor(state, text, shown, status=status, draft_key=key, label=LABEL)
    if not editor.enabled() or not editor.is_ready(state):
        st.text_area(LABEL, key=key, height=260, help=HELP, on_change=on_change, args=args)

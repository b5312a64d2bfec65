"""The engineer's coaching page: paste or open a draft, see what to fix, fix it, copy it.

State lives in st.session_state: the draft (the text area, which Apply edits
in place), the first draft (the baseline for score changes and the
before/after view) and the audience. Reports come from the per-text cache in
views.analysis, so re-rendering after a click costs no analysis.
"""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any

import streamlit as st

from coach import AUDIENCES, MAX_CHARS, Finding, InputError, Report, check_text

from .analysis import analyse_cached
from .examples import EXAMPLES
from .highlight import diff_html
from .message import inject_css, md_escape, render_message
from .revise import apply_all, apply_one, suggested_revision
from .upload import UPLOAD_TYPES, load_upload

DRAFT, FIRST, AUDIENCE, NOTICE, UPLOAD = "draft", "first_draft", "audience", "notice", "upload"
AUDIENCE_LABELS = {"non-technical": "Non-technical client", "executive": "Executive", "technical": "Technical reader"}
PRIVACY = (
    "Runs entirely on this machine: your draft is analysed here and nothing leaves it "
    "(no cloud service, usage statistics off)."
)
# Below this similarity a new text is a new email, not a revision of the first draft.
SAME_EMAIL_RATIO = 0.5


# ---- state changes (button and upload callbacks run before the page is drawn) ----


def set_draft(text: str, *, first: bool) -> None:
    """Put text in the draft area; with first=True it also becomes the first draft."""
    st.session_state[DRAFT] = text
    if first:
        st.session_state[FIRST] = text


def load_example(name: str) -> None:
    """Load an example draft as a new first draft."""
    set_draft(EXAMPLES[name], first=True)
    st.session_state[NOTICE] = None


def open_upload() -> None:
    """Load the uploaded .txt/.eml file as a new first draft, or keep the reason it cannot be."""
    upload = st.session_state.get(UPLOAD)
    if upload is None:
        return
    loaded = load_upload(upload.name, upload.getvalue())
    if loaded.error:
        st.session_state[NOTICE] = ("error", loaded.error)
        return
    set_draft(loaded.text, first=True)
    st.session_state[NOTICE] = ("info", " · ".join((f"Opened {upload.name}.", *loaded.notes)))


def start_over() -> None:
    """Empty the draft and forget the first draft."""
    set_draft("", first=True)
    st.session_state[NOTICE] = None


def apply_fixes(report: Report, findings: tuple[Finding, ...]) -> None:
    """Apply one finding's fix (or all of them) to the draft the report was made for."""
    draft = st.session_state.get(DRAFT, "")
    if draft != report.text:
        st.session_state[NOTICE] = ("warning", "The draft changed since it was checked; look again and retry.")
        return
    revised = apply_one(draft, findings[0]) if len(findings) == 1 else apply_all(draft, findings)
    set_draft(revised, first=False)
    st.session_state[NOTICE] = None


def use_revision(revision: str) -> None:
    """Replace the draft by the coach's suggested revision."""
    set_draft(revision, first=False)


def track_first_draft(text: str) -> str:
    """Return the first draft of this email, starting a new one when the text is a different email."""
    first = st.session_state.get(FIRST) or ""
    if not first or SequenceMatcher(None, first, text, autojunk=False).quick_ratio() < SAME_EMAIL_RATIO:
        st.session_state[FIRST] = first = text
    return first


# ---- drawing ----


def render_notice() -> None:
    """Show the last upload or apply notice, if any."""
    notice = st.session_state.get(NOTICE)
    if notice:
        kind, text = notice
        {"error": st.error, "warning": st.warning}.get(kind, st.info)(md_escape(text))


def render_input() -> None:
    """Draw the draft area, the example drafts, the file opener and the start-over button."""
    st.text_area(
        "Your draft",
        key=DRAFT,
        height=340,
        persist_state="session",
        placeholder="Paste the email you are about to send to a client…",
        help="Press Ctrl+Enter or click outside the box to check it.",
    )
    st.caption("New here? Start from an example draft:")
    columns = st.columns(2)
    for i, name in enumerate(EXAMPLES):
        columns[i % 2].button(name, key=f"example_{i}", on_click=load_example, args=(name,), width="stretch")
    st.file_uploader(
        "…or open a .txt or .eml file",
        type=list(UPLOAD_TYPES),
        key=UPLOAD,
        max_upload_size=5,
        on_change=open_upload,
        help="Only the message body is used; quotes and signature are dropped.",
    )
    render_notice()
    st.button("Start over", key="start_over", on_click=start_over, type="tertiary")


def _number(scores: dict[str, Any], *path: str) -> float | None:
    value: Any = scores
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    return float(value) if isinstance(value, (int, float)) else None


def _delta(now: float | None, then: float | None, changed: bool, fmt: str) -> str | None:
    if not changed or now is None or then is None:
        return None
    return format(now - then, fmt)


def render_scores(report: Report, first: Report) -> None:
    """Show tone, readability and sentiment with their change since the first draft."""
    changed = report.text != first.text
    tone, tone0 = _number(report.scores, "tone"), _number(first.scores, "tone")
    grade, grade0 = (_number(report.scores, "readability", "grade"), _number(first.scores, "readability", "grade"))
    mood, mood0 = (_number(report.scores, "sentiment", "polarity"), _number(first.scores, "sentiment", "polarity"))
    target = (report.scores.get("readability") or {}).get("target") or [8, 10]
    tone_col, grade_col, mood_col = st.columns(3)
    tone_col.metric(
        "Tone",
        "–" if tone is None else f"{tone:.0f} / 100",
        _delta(tone, tone0, changed, "+.0f"),
        help="How a client is likely to take it: 0 hostile, 100 warm and professional. "
        "The change is since your first draft.",
    )
    grade_col.metric(
        "Readability",
        "–" if grade is None else f"grade {grade:.1f}",
        _delta(grade, grade0, changed, "+.1f"),
        delta_color="inverse",
        help=f"School grade needed to read it easily (Flesch-Kincaid); aim for grade "
        f"{target[-1]:g} or below for this reader.",
    )
    mood_col.metric(
        "Sentiment",
        "–" if mood is None else f"{mood:+.2f}",
        _delta(mood, mood0, changed, "+.2f"),
        help="From -1 (negative) to +1 (positive).",
    )


def render_coaching(text: str, audience: str) -> None:
    """Analyse the draft and show scores, the suggested revision and the highlighted findings."""
    if not text.strip():
        st.info("Paste a draft on the left, try an example or open a file: the coaching appears here.", icon="✉️")
        return
    try:
        check_text(text)
    except InputError as exc:
        st.error(md_escape(f"This draft cannot be checked: {exc}"), icon="✋")
        return
    first_text = track_first_draft(text)
    report = analyse_cached(text, audience)
    render_scores(report, analyse_cached(first_text, audience))
    revision = suggested_revision(report)
    if revision is not None:
        with st.expander("The coach's suggested revision", expanded=False):
            st.code(revision, language=None, wrap_lines=True)
            st.button("Use this revision", key="use_revision", on_click=use_revision, args=(revision,))
    render_message(report, "eng_", on_apply=apply_fixes)


def render_revision(text: str) -> None:
    """Show the before/after of this draft and let the engineer copy or download it."""
    if not text.strip() or len(text) > MAX_CHARS:
        return
    first = st.session_state.get(FIRST) or text
    st.divider()
    st.subheader("Your revised draft")
    compare, copy = st.tabs(["Before and after", "Copy or download"])
    with compare:
        if first == text:
            st.caption("Apply a fix or edit the draft: the changes since your first draft show here.")
        else:
            st.caption("Struck-through text was removed, green text was added since your first draft.")
            st.html(diff_html(first, text))
    with copy:
        st.caption("Use the copy button at the top right of the box, or download it as a text file.")
        st.code(text, language=None, wrap_lines=True)
        st.download_button(
            "Download draft (.txt)",
            data=text.encode("utf-8"),
            file_name="revised-draft.txt",
            mime="text/plain",
            key="download",
            on_click="ignore",
        )


def render_page() -> None:
    """Draw the whole engineer page."""
    inject_css()
    st.title("Tone Coach")
    st.caption("Write to clients the way they want to read: patient, plain, no blame, and clear about what they gain.")
    st.info(PRIVACY, icon="🔒")
    audience = st.radio(
        "Who will read it?",
        AUDIENCES,
        key=AUDIENCE,
        horizontal=True,
        persist_state="session",
        format_func=lambda a: AUDIENCE_LABELS.get(a, a),
    )
    draft_col, coach_col = st.columns([5, 6], gap="large")
    with draft_col:
        render_input()
    text = st.session_state.get(DRAFT) or ""
    with coach_col:
        render_coaching(text, audience)
    render_revision(text)

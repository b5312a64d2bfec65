"""The engineer's coaching page: paste or open a draft, see what to fix, fix it, undo it, copy it.

State lives in st.session_state and is changed by views.edits: the draft
(typed in the one editor, views.editor, where it is highlighted, or in the
plain text box it falls back to; Apply edits it in place), the first draft (the baseline
for score changes and the before/after view; a different email starts a new
one), the undo and redo stacks, and what was dismissed or ignored for this
draft. Reports come from the per-text cache in views.analysis, so drawing the
page again after a click costs no analysis.
"""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

import streamlit as st

from coach import AUDIENCES, MAX_CHARS, Finding, InputError, Report, check_text

from . import editor, edits
from .analysis import AnalysisStopped, analyse_cached, model_loaded
from .clients import client_words, knows_word, render_client_picker
from .edits import DRAFT, FIRST
from .examples import EXAMPLES
from .highlight import diff_html, legend_html
from .message import CardActions, inject_css, md_escape, render_message
from .revise import apply_all, apply_one, edits_html, suggested_revision
from .scores import grade_change, mood_change, size_line, start_points, tone_change, tone_reasons
from .upload import UPLOAD_TYPES, load_upload

AUDIENCE, NOTICE, UPLOAD, FOCUS = "audience", "notice", "upload", "focus_finding"
AUDIENCE_LABELS = {"non-technical": "Non-technical client", "executive": "Executive", "technical": "Technical reader"}
PRIVACY = (
    "Runs entirely on this machine: your draft is analysed here and nothing leaves it "
    "(no cloud service, usage statistics off)."
)
RARE_WORD_RULE = "jargon.rare_word"
LONG_DRAFT_CHARS = 5_000  # above this, the check says it is working on a long draft
STATE: Any = st.session_state


# ---- state changes (button and upload callbacks run before the page is drawn) ----


def load_example(name: str) -> None:
    """Load an example draft as a new email."""
    edits.change_draft(STATE, EXAMPLES[name], new_email=True)
    STATE[NOTICE] = None


def open_upload() -> None:
    """Load the uploaded .txt/.eml file as a new email, or keep the reason it cannot be."""
    upload = STATE.get(UPLOAD)
    if upload is None:
        return
    loaded = load_upload(upload.name, upload.getvalue())
    if loaded.error:
        STATE[NOTICE] = ("error", loaded.error)
        return
    edits.change_draft(STATE, loaded.text, new_email=True)
    STATE[NOTICE] = ("info", " · ".join((f"Opened {upload.name}.", *loaded.notes)))


def start_over() -> None:
    """Empty the draft and forget the first draft (Undo brings it back)."""
    edits.change_draft(STATE, "", new_email=True)
    STATE[NOTICE] = None


def apply_fixes(report: Report, findings: tuple[Finding, ...]) -> None:
    """Apply one finding's fix (or all of them) to the draft the report was made for."""
    draft = STATE.get(DRAFT, "")
    if draft != report.text:
        STATE[NOTICE] = ("warning", "The draft changed since it was checked; look again and retry.")
        return
    revised = apply_one(draft, findings[0]) if len(findings) == 1 else apply_all(draft, findings)
    edits.change_draft(STATE, revised)
    STATE[NOTICE] = None


def use_revision(revision: str) -> None:
    """Replace the draft by the coach's suggested revision."""
    edits.change_draft(STATE, revision)


def dismiss_finding(finding: Finding) -> None:
    """Hide one finding for this draft."""
    edits.dismiss(STATE, finding)


def ignore_rule(finding: Finding) -> None:
    """Stop checking the finding's rule for this draft."""
    edits.ignore_rule(STATE, finding.rule)


def undo_change() -> None:
    """Undo the last Apply, Apply all, dismiss or other change the coach made."""
    if not edits.undo(STATE):
        STATE[NOTICE] = ("info", "Nothing to undo.")
    else:
        STATE[NOTICE] = None


def redo_change() -> None:
    """Redo the last undone change."""
    if not edits.redo(STATE):
        STATE[NOTICE] = ("info", "Nothing to redo.")
    else:
        STATE[NOTICE] = None


def not_english(report: Report) -> bool:
    """Return whether the coach warned that the draft does not look like English."""
    return any("not look like English" in w for w in report.warnings)


def track_first_draft(text: str) -> str:
    """Return the first draft of this email, starting a new one when the text is a different email."""
    return edits.track_first_draft(STATE, text)


# ---- drawing ----


def render_notice() -> None:
    """Show the last upload or apply notice, if any."""
    notice = STATE.get(NOTICE)
    if notice:
        kind, text = notice
        {"error": st.error, "warning": st.warning}.get(kind, st.info)(md_escape(text))


def render_undo_bar() -> None:
    """Show Undo and Redo (Ctrl+Z, Ctrl+Shift+Z) for the coach's changes, and what is hidden."""
    bar = st.container(horizontal=True, gap="small", vertical_alignment="center")
    undo_col = redo_col = restore_col = bar
    undo_col.button(
        "Undo",
        key="undo",
        icon=":material/undo:",
        on_click=undo_change,
        disabled=not edits.can_undo(STATE),
        shortcut="Ctrl+Z",
        help="Undo the last Apply, Apply all, dismiss or loaded draft",
    )
    redo_col.button(
        "Redo",
        key="redo",
        icon=":material/redo:",
        on_click=redo_change,
        disabled=not edits.can_redo(STATE),
        shortcut="Ctrl+Shift+Z",
        help="Redo what you undid",
    )
    hidden = len(STATE.get(edits.DISMISSED) or ()) + len(STATE.get(edits.IGNORED) or ())
    if hidden:
        restore_col.button(
            f"Show {hidden} dismissed again",
            key="restore_dismissed",
            on_click=edits.restore_choices,
            args=(STATE,),
            help="Bring back every finding and rule you dismissed or ignored for this draft",
        )


PLACEHOLDER = "Paste the email you are about to send to a client…"


def use_editor() -> bool:
    """Return whether the draft is typed in the one editor (else in the plain text box)."""
    return editor.enabled()


def render_draft_box(text: str, findings: tuple[Finding, ...], status: str) -> None:
    """Draw the one editor (the draft, highlighted, re-checked as you type) and, until it shows, the plain box."""
    editor_slot, plain_slot = st.container(), st.container()
    if use_editor():
        with editor_slot:
            editor.render_editor(
                STATE, text, findings, status=status, draft_key=DRAFT, focus_key=FOCUS, placeholder=PLACEHOLDER
            )
            if editor.is_ready(STATE):
                if findings:
                    st.html(legend_html(findings))
                st.caption(
                    "Type in the box: it is checked again as you pause. Click a highlight (or move the cursor "
                    "onto it) for what to change and why; its card becomes the current finding."
                )
    if not use_editor() or not editor.is_ready(STATE):
        with plain_slot:
            st.text_area(
                "Your draft",
                key=DRAFT,
                height=340,
                persist_state="session",
                placeholder=PLACEHOLDER,
                help="Press Ctrl+Enter or click outside the box to check it.",
            )


def render_input(text: str, findings: tuple[Finding, ...], status: str) -> None:
    """Draw the draft box, undo and redo, the example drafts, the file opener and the start-over button."""
    st.html('<span class="tc-sticky-marker"></span>')
    render_draft_box(text, findings, status)
    st.caption(md_escape(size_line(text)))
    render_undo_bar()
    render_notice()
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
    st.button("Start over", key="start_over", on_click=start_over, icon=":material/restart_alt:")


def _number(scores: dict[str, Any], *path: str) -> float | None:
    value: Any = scores
    for part in path:
        value = value.get(part) if isinstance(value, dict) else None
    return float(value) if isinstance(value, (int, float)) else None


def _delta(change: Any, words: dict[str, str]) -> tuple[str, Any]:
    """Return a metric's delta text (with better/worse in words) and its colour rule."""
    diff_positive = not change.text.startswith("-")
    if change.verdict == "same":
        return f"{change.text} ({words['same']})", "off"
    label = f"{change.text} ({change.verdict})"
    return label, "normal" if diff_positive == (change.verdict == "better") else "inverse"


def render_scores(report: Report, first: Report) -> None:
    """Show tone, readability and sentiment with their change since the first draft, judged for the reader."""
    changed = report.text != first.text
    tone, tone0 = _number(report.scores, "tone"), _number(first.scores, "tone")
    grade, grade0 = (_number(report.scores, "readability", "grade"), _number(first.scores, "readability", "grade"))
    mood, mood0 = (_number(report.scores, "sentiment", "polarity"), _number(first.scores, "sentiment", "polarity"))
    target = (report.scores.get("readability") or {}).get("target") or [8, 10]
    deltas: list[tuple[str | None, Any]] = [(None, "normal")] * 3
    if changed and None not in (tone, tone0, grade, grade0, mood, mood0):
        deltas = [
            _delta(tone_change(tone, tone0), {"same": "about the same"}),  # type: ignore[arg-type]
            _delta(grade_change(grade, grade0, target), {"same": "in the same band"}),  # type: ignore[arg-type]
            _delta(mood_change(mood, mood0), {"same": "about the same"}),  # type: ignore[arg-type]
        ]
    tone_col, grade_col, mood_col = st.columns(3)
    tone_col.metric(
        "Tone",
        "–" if tone is None else f"{tone:.0f} / 100",
        deltas[0][0],
        delta_color=deltas[0][1],
        help="How a client is likely to take it: 0 hostile, 100 warm and professional. "
        "The change is since your first draft.",
    )
    grade_col.metric(
        "Readability",
        "–" if grade is None else f"grade {grade:.1f}",
        deltas[1][0],
        delta_color=deltas[1][1],
        help=f"School grade needed to read it easily (Flesch-Kincaid); grade {target[0]:g} to "
        f"{target[-1]:g} suits this reader. Moving into that band is better; moving within it is neither.",
    )
    mood_col.metric(
        "Sentiment",
        "–" if mood is None else f"{mood:+.2f}",
        deltas[2][0],
        delta_color=deltas[2][1],
        help="From -1 (negative) to +1 (positive).",
    )
    reasons = tone_reasons(report.scores, report.findings)
    begin = start_points(report.scores)
    if reasons and begin is not None:
        with st.expander("Why the tone is what it is"):
            lines = [f"- {begin}: where plain, neutral mail starts", *(f"- {md_escape(r.line())}" for r in reasons)]
            st.markdown("\n".join(lines))
            st.caption(f"The parts add up to {tone:.0f} (give or take rounding).")


def render_coaching(text: str, audience: str, client: str) -> tuple[tuple[Finding, ...], str]:
    """Analyse the draft, show scores, the suggested revision and the findings; return them and a status line."""
    if not text.strip():
        st.info("Paste a draft on the left, try an example or open a file: the coaching appears here.", icon="✉️")
        return (), ""
    try:
        check_text(text)
    except InputError as exc:
        st.error(md_escape(f"This draft cannot be checked: {exc}"), icon="✋")
        return (), f"Not checked: {exc}"
    first_text = track_first_draft(text)
    words, ignored = client_words(client), tuple(sorted(STATE.get(edits.IGNORED) or ()))
    # The first check after a start waits for the model under shared_coach's own spinner (LOADING_MESSAGE).
    long_draft = len(text) > LONG_DRAFT_CHARS and model_loaded()
    busy = st.spinner(f"Checking a long draft ({len(text.split()):,} words)…", show_time=True)
    try:
        with busy if long_draft else nullcontext():
            report = analyse_cached(text, audience, client, words, ignored)
            if not_english(report) and RARE_WORD_RULE not in ignored:
                # Every foreign word is "rare" in English: for a draft the coach says is not English, the
                # rare-word fallback would only flag the language itself. The warning says the rest.
                ignored = tuple(sorted({*ignored, RARE_WORD_RULE}))
                report = analyse_cached(text, audience, client, words, ignored)
            first = analyse_cached(first_text, audience, client, words, ignored)
    except AnalysisStopped as exc:
        st.error(md_escape(f"This draft could not be checked: {exc}. Your text is kept; try a shorter part."), icon="⏱️")
        return (), f"Not checked: {exc}"
    render_scores(report, first)
    shown = edits.visible(report.findings, STATE)
    revision = suggested_revision(report)
    if revision is not None:
        with st.expander("The coach's suggested revision", expanded=False):
            changes = edits_html(report)
            if changes:
                st.caption(
                    "Each change: struck-through words go, underlined words come in; hover or Tab to one for why."
                )
                st.html(changes)
            st.code(revision, language=None, wrap_lines=True)
            st.button("Use this revision", key="use_revision", on_click=use_revision, args=(revision,))
    actions = CardActions(
        apply=apply_fixes, dismiss=dismiss_finding, ignore_rule=ignore_rule, knows_word=knows_word, focus_key=FOCUS
    )
    in_editor = use_editor() and editor.is_ready(STATE)
    render_message(report, "eng_", actions=actions, findings=shown, client=client, highlights=not in_editor)
    return shown, editor.summary(shown)


def render_revision(text: str) -> None:
    """Show the before/after of this draft and let the engineer copy or download it."""
    if not text.strip() or len(text) > MAX_CHARS:
        return
    first = STATE.get(FIRST) or text
    st.divider()
    st.subheader("Your revised draft")
    compare, copy = st.tabs(["Before and after", "Copy or download"])
    with compare:
        if first == text:
            st.caption("Apply a fix or edit the draft: the changes since your first draft show here.")
        else:
            st.caption("Struck-through red text was removed, underlined green text was added since your first draft.")
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
    audience_col, client_col = st.columns([3, 2], vertical_alignment="top")
    with audience_col:
        audience = st.radio(
            "Who will read it?",
            AUDIENCES,
            key=AUDIENCE,
            horizontal=True,
            persist_state="session",
            format_func=lambda a: AUDIENCE_LABELS.get(a, a),
        )
    with client_col:
        client = render_client_picker()
    text = STATE.get(DRAFT) or ""
    if "\r" in text:  # the editor (a browser textarea) holds line ends as \n: so does the draft
        text = STATE[DRAFT] = text.replace("\r\n", "\n").replace("\r", "\n")
    draft_col, coach_col = st.columns([5, 6], gap="large")
    with coach_col:  # checked first, so the draft box can show this check's highlights
        findings, status = render_coaching(text, audience, client)
    with draft_col:
        render_input(text, findings, status)
    render_revision(text)

"""What the trainee and facilitator pages share: the store, the exercises (with uploads), escaped exercise cards.

Everything a trainer or trainee wrote (titles, situations, drafts, rewrites,
names) reaches the page through html.escape (views.highlight.esc) or
md_escape, never raw.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from coach.training.exercises import Exercise, ExerciseSet, load_exercises, merge, parse_exercise_file
from coach.training.guidance import skill_label
from coach.training.store import TrainingStore, default_url

from .highlight import esc
from .message import md_escape

UPLOADS = "train_uploads"  # session_state: [(name, bytes)] of exercise files uploaded on the page
MAX_UPLOAD_MB = 2
CSS = """
<style>
.tc-ex-text { white-space: pre-wrap; line-height: 1.7; padding: .6rem .9rem; border-radius: .5rem;
  border: 1px solid rgba(49,51,63,.2); background: #fff; color: #1f2430; overflow-wrap: anywhere; }
.tc-badges { display: flex; gap: .35rem; flex-wrap: wrap; margin: .2rem 0 .6rem; }
.tc-badge { border-radius: 1rem; padding: .05rem .6rem; font-size: .82rem; background: #eef1f6; color: #1f2430; }
.tc-parts { width: 100%; border-collapse: collapse; font-size: .92rem; }
.tc-parts td { border-top: 1px solid rgba(49,51,63,.15); padding: .35rem .4rem; vertical-align: top; }
.tc-ok { color: #14532d; font-weight: 700; } .tc-no { color: #8c1d18; font-weight: 700; }
.tc-code { font-size: 2.6rem; font-weight: 800; letter-spacing: .35rem; font-family: ui-monospace, monospace; }
</style>
"""


@st.cache_resource(show_spinner=False)
def shared_store(url: str) -> TrainingStore:
    """Return the training store for a database URL, opened once per server."""
    return TrainingStore(url)


def open_store() -> TrainingStore | None:
    """Return the store for this machine's history database, or None with a warning when it cannot open."""
    try:
        return shared_store(default_url())
    except Exception as exc:  # an unwritable data folder must not break practising
        st.warning(md_escape(f"Attempts cannot be saved: {exc}"))
        return None


@st.cache_resource(show_spinner=False)
def builtin_exercises() -> ExerciseSet:
    """Return the built-in exercises and $COACH_EXERCISES folders, loaded once per server."""
    return load_exercises()


def current_exercises(session_files: Sequence[tuple[str, str]] = ()) -> ExerciseSet:
    """Return the built-in exercises plus the files uploaded in this browser session and a joined session's files."""
    base = builtin_exercises()
    files: dict[tuple[str, bytes], None] = {}
    for name, data in [*(st.session_state.get(UPLOADS) or []), *session_files]:
        raw = data.encode("utf-8") if isinstance(data, str) else data
        files[(name, raw.removeprefix(b"\xef\xbb\xbf"))] = None  # the same file once (stored without its BOM)
    if not files:
        return base
    return merge([(list(base.exercises), list(base.errors)), *(parse_exercise_file(n, d) for n, d in files)])


def files_holding(exercise_ids: Sequence[str]) -> list[tuple[str, str]]:
    """Return the uploaded files (name, text) that define any of these exercises, for a session to share them."""
    wanted = set(exercise_ids)
    held = []
    for name, data in st.session_state.get(UPLOADS) or []:
        found, _errors = parse_exercise_file(name, data)
        if wanted & {e.id for e in found}:
            held.append((name, data.decode("utf-8-sig") if isinstance(data, bytes) else data))
    return held


def remember_uploads(key: str) -> None:
    """Keep the exercise files just uploaded (on_change of the uploader)."""
    files = st.session_state.get(key) or []
    st.session_state[UPLOADS] = [(f.name, f.getvalue()) for f in files]


def render_uploader(key: str) -> None:
    """Offer an upload of a trainer's own exercise files, and say what loaded and what did not."""
    with st.expander("Add your own exercises (YAML)"):
        st.caption(
            "A YAML list of exercises, like the files in the project's exercises/ folder. "
            "They stay in this browser session; to keep them, use `--exercises DIR` or COACH_EXERCISES."
        )
        st.file_uploader(
            "Exercise files",
            type=["yml", "yaml"],
            accept_multiple_files=True,
            key=key,
            max_upload_size=MAX_UPLOAD_MB,
            on_change=remember_uploads,
            args=(key,),
        )
        uploads = st.session_state.get(UPLOADS) or []
        if uploads:
            builtin = {e.id for e in builtin_exercises().exercises}
            added = [e for e in current_exercises().exercises if e.id not in builtin]
            st.caption(md_escape(f"{len(added)} exercise(s) added from {len(uploads)} file(s)."))


def render_errors(exercises: ExerciseSet) -> None:
    """Show each file or entry that failed to load, as text; the rest still load."""
    for error in exercises.errors:
        st.error(md_escape(error), icon="⚠️")


def badges_html(exercise: Exercise) -> str:
    """Return the audience, difficulty and skill badges of an exercise as escaped HTML."""
    labels = [exercise.audience, exercise.difficulty, *(skill_label(s) for s in exercise.skills)]
    return '<div class="tc-badges">' + "".join(f'<span class="tc-badge">{esc(x)}</span>' for x in labels) + "</div>"


def text_block(text: str, testid: str) -> str:
    """Return user or trainer text as an escaped, line-preserving block."""
    return f'<div class="tc-ex-text" data-testid="{esc(testid)}">{esc(text)}</div>'


def option_label(exercises: Sequence[Exercise]) -> dict[str, str]:
    """Return the selectbox label of each exercise id: title, difficulty and skills."""
    return {e.id: f"{e.title} · {e.difficulty} · {', '.join(skill_label(s) for s in e.skills)}" for e in exercises}

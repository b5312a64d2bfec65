"""The facilitator's page: create a session with a join code, watch attempts arrive, end it with a summary.

The live view re-reads the store every few seconds (a Streamlit fragment), so
attempts from trainees on other machines appear without a click. Trainees
are shown by the name they chose, else as "Trainee 1", "Trainee 2", ...
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import altair as alt
import pandas as pd
import streamlit as st

from coach.training.exercises import ExerciseSet
from coach.training.guidance import skill_label
from coach.training.store import StoredAttempt, TrainingSession, TrainingStore
from coach.training.summary import display_names, summarise, to_html, to_markdown

from .highlight import esc
from .message import md_escape
from .training_shared import (
    CSS,
    current_exercises,
    files_holding,
    open_store,
    option_label,
    render_errors,
    render_uploader,
)

OPEN, TITLE, CHOSEN = "fac_open", "fac_title", "fac_exercises"
LIVE_EVERY = timedelta(seconds=5)
MAX_ROWS = 200


def create_session(store: TrainingStore) -> None:
    """Create a session from the title and exercises chosen, and open it."""
    chosen = st.session_state.get(CHOSEN) or []
    if not chosen:
        st.session_state["fac_notice"] = "Choose at least one exercise for the session."
        return
    title = st.session_state.get(TITLE) or "Training session"
    session = store.create_session(title, chosen, files=files_holding(chosen))  # trainees get the uploaded ones
    st.session_state[OPEN] = session.code
    st.session_state["fac_notice"] = None


def end_session(store: TrainingStore, code: str) -> None:
    """End the open session; its summary shows next."""
    store.end_session(code)


def render_create(store: TrainingStore, exercises: ExerciseSet) -> None:
    """Draw the form that starts a session: a title and a set of exercises."""
    st.subheader("Start a session")
    labels = option_label(exercises.exercises)
    st.text_input("Session title", key=TITLE, max_chars=120, placeholder="e.g. Tuesday clinic team")
    st.multiselect(
        "Exercises for the session",
        [e.id for e in exercises.exercises],
        key=CHOSEN,
        format_func=lambda i: labels.get(i, i),
    )
    st.button("Create session", key="fac_create", type="primary", on_click=create_session, args=(store,))
    notice = st.session_state.get("fac_notice")
    if notice:
        st.warning(md_escape(notice))


def render_open(store: TrainingStore) -> TrainingSession | None:
    """Let the facilitator reopen any session (active first) and return the one open."""
    sessions = store.list_sessions()
    if not sessions:
        return None
    codes = [s.code for s in sorted(sessions, key=lambda s: not s.active)]
    by_code = {s.code: s for s in sessions}
    if st.session_state.get(OPEN) not in codes:
        st.session_state[OPEN] = codes[0]

    def label(code: str) -> str:
        s = by_code[code]
        return f"{code} · {s.title} · {'live' if s.active else 'ended'}"

    st.selectbox("Open session", codes, key=OPEN, format_func=label)
    return store.get_session(st.session_state[OPEN])


def score_chart(frame: pd.DataFrame) -> alt.Chart:
    """Return the score distribution per exercise: one tick per attempt, the mean marked."""
    ticks = (
        alt.Chart(frame)
        .mark_tick(thickness=2, size=18, opacity=0.7)
        .encode(
            x=alt.X("score:Q", title="Score", scale=alt.Scale(domain=[0, 100])),
            y=alt.Y("exercise:N", title=None, axis=alt.Axis(labelLimit=280)),
            color=alt.Color(
                "result:N", title="Result", scale=alt.Scale(domain=["passed", "not yet"], range=["#2f8f4e", "#d1495b"])
            ),
            tooltip=["exercise", "who", "score", "result"],
        )
    )
    means = (
        alt.Chart(frame)
        .mark_point(shape="diamond", size=90, color="#1f2430", filled=True)
        .encode(x="mean(score):Q", y="exercise:N")
    )
    return (ticks + means).properties(height=60 + 48 * frame["exercise"].nunique())


def remaining_table(attempts: list[StoredAttempt]) -> pd.DataFrame:
    """Return the findings left in each trainee's latest attempt per exercise, most common first."""
    latest: dict[tuple[str, str], StoredAttempt] = {}
    for a in attempts:
        latest[(a.trainee_key, a.exercise_id)] = a
    counts: Counter[tuple[str, str]] = Counter()
    messages: dict[tuple[str, str], str] = {}
    for a in latest.values():
        for f in a.remaining:
            key = (str(f.get("category", "")), str(f.get("rule", "")))
            counts[key] += 1
            messages.setdefault(key, str(f.get("message", "")))
    rows = [
        {"category": skill_label(c), "rule": r, "left in": n, "example": messages[(c, r)]}
        for (c, r), n in counts.most_common(10)
    ]
    return pd.DataFrame(rows, columns=["category", "rule", "left in", "example"])


def render_live(store: TrainingStore, session: TrainingSession, exercises: ExerciseSet) -> None:
    """Show the class: counts, the score distribution per exercise, recent attempts and what is most often left."""
    attempts = store.attempts(session_code=session.code)
    names = display_names(attempts)
    titles = {e.id: e.title for e in exercises.exercises}
    t_col, a_col, p_col = st.columns(3)
    t_col.metric("Trainees", len(names))
    a_col.metric("Attempts", len(attempts))
    p_col.metric("Passed", sum(a.passed for a in attempts))
    if not attempts:
        st.info("Waiting for the first attempt. Trainees open Training and type the code above.")
        return
    frame = pd.DataFrame(
        [
            {
                "time": a.submitted_at[11:19],
                "who": names[a.trainee_key],
                "exercise": titles.get(a.exercise_id, a.exercise_id),
                "score": a.score,
                "result": "passed" if a.passed else "not yet",
                "still to work on": ", ".join(skill_label(s) for s in a.failed_skills),
            }
            for a in attempts[-MAX_ROWS:]
        ]
    )
    st.markdown("**Score distribution per exercise**")
    st.altair_chart(score_chart(frame), width="stretch")
    left, right = st.columns(2)
    with left:
        st.markdown("**Latest attempts**")
        st.dataframe(frame.iloc[::-1], hide_index=True, width="stretch", height=300)
    with right:
        st.markdown("**Most common findings still left**")
        st.dataframe(remaining_table(attempts), hide_index=True, width="stretch", height=300)


def render_summary(store: TrainingStore, session: TrainingSession, exercises: ExerciseSet) -> None:
    """Show the ended session's summary and offer it as HTML and Markdown."""
    summary = summarise(session, store.attempts(session_code=session.code), exercises.by_id)
    html_col, md_col = st.columns(2)
    html_col.download_button(
        "Download summary (HTML)",
        data=to_html(summary).encode("utf-8"),
        file_name=f"session-{session.code}.html",
        mime="text/html",
        key="fac_summary_html",
        on_click="ignore",
    )
    md_col.download_button(
        "Download summary (Markdown)",
        data=to_markdown(summary).encode("utf-8"),
        file_name=f"session-{session.code}.md",
        mime="text/markdown",
        key="fac_summary_md",
        on_click="ignore",
    )
    with st.container(border=True):
        st.markdown(to_markdown(summary))


def render_session(store: TrainingStore, session: TrainingSession, exercises: ExerciseSet) -> None:
    """Show the open session: its join code and live view, or its summary once ended."""
    st.header(md_escape(session.title), divider="gray")
    if not session.active:
        st.caption(md_escape(f"Ended {session.ended_at}. Summary of what the group practised:"))
        render_summary(store, session, exercises)
        return
    st.html(
        f'<div>Join code</div><div class="tc-code" data-testid="tc-join-code">{esc(session.code)}</div>'
        "<div>Trainees open <b>Training</b> in Tone Coach and type this code.</div>"
    )
    st.caption(
        "Trainees on other machines need the app served on the office network on purpose: "
        "see README, Training mode, Serving a session on the office network."
    )
    st.button("End session and show the summary", key="fac_end", on_click=end_session, args=(store, session.code))

    @st.fragment(run_every=LIVE_EVERY)
    def live() -> None:
        render_live(store, session, exercises)

    live()


def render_page() -> None:
    """Draw the whole facilitator page."""
    st.html(CSS)
    st.title("Facilitator")
    st.caption(
        "Run a practice session: pick the exercises, share the code, watch attempts arrive, "
        "and end with a summary of what the group still gets wrong. Nobody is named unless they chose a name."
    )
    store = open_store()
    if store is None:
        st.error("Sessions need the local database; see the message above.")
        return
    exercises = current_exercises()
    render_uploader("fac_upload")
    render_errors(exercises)
    create_col, open_col = st.columns(2)
    with create_col:
        render_create(store, exercises)
    with open_col:
        st.subheader("Sessions")
        session = render_open(store)
    if session is not None:  # with the files the session was made with (uploads are gone after a restart)
        render_session(store, session, current_exercises(store.session_files(session.code)))

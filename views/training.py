"""The trainee's page: pick an exercise (or the suggested one), rewrite the draft, get scored feedback, retry, see progress.

State in st.session_state: the optional name, an anonymous token (so progress
works without a name), the joined session code, the chosen exercise, one
rewrite box per exercise and the last scored attempt. Streamlit forgets a
box's value in the run that does not draw it (another exercise chosen, or a
joined session that does not hold it), so each box's text is also kept in a
plain dict (``REWRITES``) and put back when the box is drawn again: nothing a
trainee wrote is lost by switching exercises.
"""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from coach import InputError, check_text
from coach.training.exercises import DIFFICULTIES, SKILLS, Exercise, ExerciseSet
from coach.training.guidance import skill_label
from coach.training.progress import attempt_fields, attempts_csv, progress_rows, skill_table, suggest_next
from coach.training.scoring import AttemptScore, score_attempt
from coach.training.store import SessionClosed, StoredAttempt, TrainingSession, TrainingStore, new_token, trainee_key

from . import editor
from .analysis import AnalysisStopped, analyse_cached
from .highlight import diff_html, esc
from .message import md_escape, render_message
from .training_rewrite import render_rewrite_box
from .training_shared import (
    CSS,
    badges_html,
    current_exercises,
    open_store,
    option_label,
    render_errors,
    render_uploader,
    text_block,
)

NAME, TOKEN, CODE, EXERCISE, RESULT, NOTICE = (
    "train_name",
    "train_token",
    "train_code",
    "train_exercise",
    "train_result",
    "train_notice",
)
SKILL_FILTER, LEVEL_FILTER = "train_skills", "train_levels"
STATE: Any = st.session_state
REWRITES = "train_rewrites"  # {exercise id: the text of its rewrite box}, kept while the box is not drawn


def rewrite_key(exercise_id: str) -> str:
    """Return the session-state key of the rewrite box for one exercise."""
    return f"train_rewrite_{exercise_id}"


def saved_rewrite(exercise: Exercise) -> str:
    """Return what the trainee last wrote for an exercise, or its draft when they have not started."""
    return (st.session_state.get(REWRITES) or {}).get(exercise.id, exercise.draft)


def keep_rewrite(exercise_id: str) -> None:
    """Remember the text of an exercise's rewrite box (its on_change), so switching away never loses it."""
    rewrites = dict(st.session_state.get(REWRITES) or {})
    rewrites[exercise_id] = st.session_state.get(rewrite_key(exercise_id)) or ""
    st.session_state[REWRITES] = rewrites


def my_key() -> str:
    """Return the key this trainee's attempts are stored under (their name, else an anonymous token)."""
    if TOKEN not in st.session_state:
        st.session_state[TOKEN] = new_token()
    return trainee_key(st.session_state.get(NAME), st.session_state[TOKEN])


def joined_session(store: TrainingStore | None) -> TrainingSession | None:
    """Return the session whose code the trainee typed, telling them if it does not exist or has ended."""
    code = (st.session_state.get(CODE) or "").strip()
    if not code or store is None:
        return None
    session = store.get_session(code)
    if session is None:
        st.error(md_escape(f"No session has the code {code}. Check it with your facilitator."))
        return None
    if not session.active:
        st.warning(md_escape(f"The session {session.title} has ended; your attempts are kept as practice."))
        return None
    st.success(md_escape(f"Joined {session.title} ({session.code}): {len(session.exercises)} exercise(s)."))
    return session


# ---- callbacks (run before the page is drawn) ----


def take_suggested(exercise_id: str) -> None:
    """Select the suggested exercise and clear the filters that would hide it."""
    st.session_state[SKILL_FILTER] = []
    st.session_state[LEVEL_FILTER] = []
    st.session_state[EXERCISE] = exercise_id


def submit(exercise: Exercise, store: TrainingStore | None, session_code: str | None) -> None:
    """Score the rewrite in the box, store the attempt and keep the result for the feedback."""
    keep_rewrite(exercise.id)
    text = st.session_state.get(rewrite_key(exercise.id)) or ""
    try:
        check_text(text)
        result = score_attempt(exercise, text, analyse=analyse_cached)
    except (InputError, AnalysisStopped) as exc:
        st.session_state[NOTICE] = f"This rewrite cannot be scored: {exc}"
        return
    st.session_state[RESULT] = (exercise.id, text, result)
    st.session_state[NOTICE] = None
    if store is None:
        return
    fields = attempt_fields(result, text, exercise.skills)
    try:
        store.add_attempt(trainee_key=my_key(), trainee=st.session_state.get(NAME), session_code=session_code, **fields)
    except SessionClosed:
        store.add_attempt(trainee_key=my_key(), trainee=st.session_state.get(NAME), **fields)
        st.session_state[NOTICE] = "The session ended before this attempt: it is kept as practice."


def reset_rewrite(exercise: Exercise) -> None:
    """Put the draft back in the rewrite box."""
    st.session_state[rewrite_key(exercise.id)] = exercise.draft
    keep_rewrite(exercise.id)


# ---- drawing ----


def render_identity() -> None:
    """Draw the optional name and the session code boxes."""
    name_col, code_col = st.columns(2)
    name_col.text_input(
        "Your name or nickname (optional)",
        key=NAME,
        max_chars=40,
        help="Shown to the facilitator only if you give one. Without a name, your progress is kept for this visit.",
    )
    code_col.text_input("Session code (optional)", key=CODE, max_chars=16, help="From your facilitator's screen.")


def pick_exercise(exercises: ExerciseSet, session: TrainingSession | None, attempts: list[StoredAttempt]) -> Exercise:
    """Draw the filters, the suggestion and the exercise picker; return the chosen exercise."""
    pool = list(exercises.exercises)
    if session is not None:  # the facilitator's exercises, in the order they chose them
        missing = [i for i in session.exercises if i not in exercises.by_id]
        if missing:
            st.warning(md_escape(f"This session's exercise(s) {', '.join(missing)} could not be loaded here."))
        pool = [exercises.by_id[i] for i in session.exercises if i in exercises.by_id] or pool
    suggestion = suggest_next(pool, attempts)
    if suggestion is not None:
        suggested, why = suggestion
        with st.container(border=True):
            st.markdown(md_escape(f"Suggested next: {suggested.title}") + " · " + md_escape(why))
            st.button("Take the suggested exercise", key="train_suggest", on_click=take_suggested, args=(suggested.id,))
    skill_col, level_col = st.columns(2)
    skills = skill_col.multiselect("Skill", SKILLS, key=SKILL_FILTER, format_func=skill_label)
    levels = level_col.multiselect("Difficulty", DIFFICULTIES, key=LEVEL_FILTER)
    shown = [e for e in pool if (not skills or set(skills) & set(e.skills)) and (not levels or e.difficulty in levels)]
    if not shown:
        st.info("No exercise matches these filters; showing all of them.")
        shown = pool
    labels = option_label(shown)
    ids = [e.id for e in shown]
    if st.session_state.get(EXERCISE) not in ids:
        st.session_state[EXERCISE] = ids[0]
    chosen = st.selectbox("Exercise", ids, key=EXERCISE, format_func=lambda i: labels.get(i, i))
    return exercises.get(chosen)


def render_exercise(exercise: Exercise) -> None:
    """Show the situation and the draft of an exercise, as text."""
    st.subheader(md_escape(exercise.title))
    st.html(badges_html(exercise))
    st.markdown("**The situation**")
    st.html(text_block(exercise.situation, "tc-situation"))
    st.markdown("**The draft to rewrite**")
    st.html(text_block(exercise.draft, "tc-exercise-draft"))


def parts_html(result: AttemptScore) -> str:
    """Return the score's parts as an escaped HTML table: passed or not, points and why."""
    rows = []
    for p in result.parts:
        mark = '<span class="tc-ok">✓</span>' if p.passed else '<span class="tc-no">✗</span>'
        rows.append(
            f'<tr data-part="{esc(p.name)}"><td>{mark}</td><td><b>{esc(p.label)}</b></td>'
            f"<td>{p.points:.0f}/{p.weight:.0f}</td><td>{esc(p.why)}</td></tr>"
        )
    return f'<table class="tc-parts" data-testid="tc-parts">{"".join(rows)}</table>'


def render_feedback(exercise: Exercise, text: str, result: AttemptScore, tries: int) -> None:
    """Show the score and its parts, the remaining highlights, and the model answer beside the rewrite."""
    st.divider()
    st.subheader("Feedback")
    score_col, verdict_col, tries_col = st.columns(3)
    score_col.metric("Score", f"{result.score} / 100")
    verdict_col.metric("Result", "Passed" if result.passed else "Not yet")
    tries_col.metric("Attempts on this exercise", tries)
    if result.passed:
        st.success("Every check passes. Compare with the model answer below, or try another exercise.")
    else:
        st.info("Edit your rewrite above and submit again: every attempt is kept.")
    st.html(parts_html(result))
    in_editor = editor.enabled() and editor.is_ready(STATE)
    with st.expander("What the coach still flags in your rewrite", expanded=not result.passed):
        if in_editor and result.remaining:
            st.caption("Highlighted in your rewrite above, numbered as here.")
        render_message(result.report, "train_fb_", highlights=not in_editor)
    st.markdown("**Your rewrite and the model answer**")
    mine, model = st.columns(2)
    with mine:
        st.caption("Yours")
        st.html(text_block(text, "tc-my-rewrite"))
    with model:
        st.caption("Model answer")
        st.html(text_block(exercise.model_answer, "tc-model-answer"))
    st.caption("From yours to the model answer: struck-through words are yours only, green words the model's only.")
    st.html(diff_html(text, exercise.model_answer))


def render_rewrite(exercise: Exercise, store: TrainingStore | None, session: TrainingSession | None) -> None:
    """Draw the rewrite box with its submit and reset buttons, then the feedback on the last attempt."""
    key = rewrite_key(exercise.id)
    if key not in st.session_state:  # first drawn, or forgotten by Streamlit while another exercise showed
        st.session_state[key] = saved_rewrite(exercise)
    keep_rewrite(exercise.id)  # the editor writes what is typed straight into state[key]
    last = st.session_state.get(RESULT)
    mine: tuple[str, str, AttemptScore] | None = last if last is not None and last[0] == exercise.id else None
    render_rewrite_box(
        STATE,
        key,
        mine[2].report.findings if mine else (),
        submitted=mine[2].report.text if mine else None,
        on_change=keep_rewrite,
        args=(exercise.id,),
    )
    submit_col, reset_col = st.columns([1, 3])
    submit_col.button(
        "Submit",
        key="train_submit",
        type="primary",
        on_click=submit,
        args=(exercise, store, session.code if session else None),
    )
    reset_col.button("Start again from the draft", key="train_reset", on_click=reset_rewrite, args=(exercise,))
    notice = st.session_state.get(NOTICE)
    if notice:
        st.warning(md_escape(notice))
    if mine is not None:
        tries = len(store.attempts(trainee_key=my_key(), exercise_id=exercise.id)) if store else 1
        render_feedback(exercise, mine[1], mine[2], tries)


def running_rates(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Return per skill its pass rate so far after each attempt (for the progress chart)."""
    frame = pd.DataFrame(rows)
    frame["passed"] = frame["passed"].astype(int)
    frame["pass_rate"] = frame.groupby("skill")["passed"].transform(lambda s: s.expanding().mean() * 100)
    return frame


def render_progress(store: TrainingStore | None, attempts: list[StoredAttempt], exercises: ExerciseSet) -> None:
    """Show this trainee's progress: totals, per skill over time (chart and table) and a CSV export."""
    st.header("Your progress", divider="gray")
    if store is None:
        return
    if not attempts:
        st.caption("Submit a rewrite and your progress per skill shows here.")
        return
    passed = {a.exercise_id for a in attempts if a.passed}
    a_col, p_col, m_col = st.columns(3)
    a_col.metric("Attempts", len(attempts))
    p_col.metric("Exercises passed", f"{len(passed)} / {len(exercises.exercises)}")
    m_col.metric("Latest score", f"{attempts[-1].score} / 100")
    frame = running_rates(progress_rows(attempts))
    chart = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("attempt:Q", title="Attempt", axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("pass_rate:Q", title="Passed so far (%)", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color("skill:N", title="Skill"),
            tooltip=["attempt", "submitted_at", "exercise", "skill", "pass_rate", "score"],
        )
        .properties(height=280)
    )
    st.altair_chart(chart, width="stretch")
    table = pd.DataFrame(skill_table(attempts)).drop(columns=["key"])
    st.dataframe(table, hide_index=True, width="stretch")
    st.download_button(
        "Download my attempts (CSV)",
        data=attempts_csv(attempts).encode("utf-8"),
        file_name="training-attempts.csv",
        mime="text/csv",
        key="train_csv",
        on_click="ignore",
    )


def render_page() -> None:
    """Draw the whole trainee page."""
    st.html(CSS)
    st.title("Training")
    st.caption(
        "Practise on realistic bad drafts from client work: rewrite, get a score with the reasons at once, "
        "retry as often as you like. Everything stays on this machine."
    )
    store = open_store()
    render_identity()
    session = joined_session(store)
    exercises = current_exercises(store.session_files(session.code) if store and session else ())
    render_uploader("train_upload")
    render_errors(exercises)
    if not exercises.exercises:
        st.error("No exercise could be loaded.")
        return
    attempts = store.attempts(trainee_key=my_key()) if store else []
    exercise = pick_exercise(exercises, session, attempts)
    render_exercise(exercise)
    render_rewrite(exercise, store, session)
    render_progress(store, store.attempts(trainee_key=my_key()) if store else [], exercises)

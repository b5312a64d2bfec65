"""Progress and the session summary from stored attempts: first vs last, the top problems, escaped exports."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from coach.training import load_exercises, score_attempt
from coach.training.progress import (
    attempt_fields,
    attempts_csv,
    progress_rows,
    skill_table,
    suggest_next,
    weakest_skill,
)
from coach.training.store import TrainingStore
from coach.training.summary import common_problems, display_names, md_escape, summarise, to_html, to_markdown

EXERCISES = load_exercises()


@pytest.fixture()
def store(tmp_path: Path) -> TrainingStore:
    s = TrainingStore(f"sqlite:///{tmp_path / 'h.sqlite3'}")
    yield s
    s.close()


def _submit(store: TrainingStore, exercise_id: str, text: str, key: str, name: str | None = None, code=None) -> None:
    exercise = EXERCISES.get(exercise_id)
    result = score_attempt(exercise, text)
    store.add_attempt(trainee_key=key, trainee=name, session_code=code, **attempt_fields(result, text, exercise.skills))


def test_attempt_fields_keep_what_progress_and_summary_need() -> None:
    exercise = EXERCISES.get("pitch-phones")
    fields = attempt_fields(score_attempt(exercise, exercise.draft), exercise.draft, exercise.skills)
    assert fields["exercise_id"] == "pitch-phones" and not fields["passed"]
    assert set(fields["failed_skills"]) == {"jargon", "benefit"}
    assert {f["category"] for f in fields["remaining"]} >= {"jargon", "benefit"}
    assert all(f["note"] is not None for f in fields["remaining"])
    assert [p["name"] for p in fields["parts"]][:2] == ["jargon", "benefit"]


def test_progress_per_skill_and_the_weakest_skill(store: TrainingStore) -> None:
    phones, password = EXERCISES.get("pitch-phones"), EXERCISES.get("basic-password-third-time")
    _submit(store, phones.id, phones.draft, "anon:me")
    _submit(store, password.id, password.model_answer, "anon:me")
    attempts = store.attempts(trainee_key="anon:me")
    rows = progress_rows(attempts)
    assert [(r["attempt"], r["skill"], r["passed"]) for r in rows] == [
        (1, "Jargon", False),
        (1, "Business benefit", False),
        (2, "Condescension", True),
    ]
    table = {r["key"]: r for r in skill_table(attempts)}
    assert table["condescension"]["pass_rate"] == 1.0 and table["jargon"]["latest"] == "not yet"
    assert weakest_skill(attempts) in {"jargon", "benefit"}
    choice, why = suggest_next(EXERCISES.exercises, attempts)
    assert weakest_skill(attempts) in choice.skills and choice.id != phones.id
    assert "weakest skill" in why


def test_first_suggestion_is_an_easy_one_and_nothing_without_exercises() -> None:
    choice, why = suggest_next(EXERCISES.exercises, [])
    assert choice.difficulty == "easy" and "start" in why
    assert suggest_next([], []) is None


def test_csv_export_has_one_row_per_attempt_and_neutralises_formulas(store: TrainingStore) -> None:
    exercise = EXERCISES.get("basic-wifi-password")
    _submit(store, exercise.id, "=HYPERLINK(\"http://evil\") password sticker", "name:x", name="@boss")
    _submit(store, exercise.id, exercise.model_answer, "name:x", name="@boss")
    rows = list(csv.reader(io.StringIO(attempts_csv(store.attempts()))))
    assert rows[0][:5] == ["submitted_at", "trainee", "session", "exercise", "score"]
    assert len(rows) == 3
    assert rows[1][1] == "'@boss" and rows[1][-1].startswith("'=HYPERLINK")
    assert rows[2][5] == "yes"


def _session_with_class(store: TrainingStore):
    session = store.create_session("Clinic <b>team</b>", ["pitch-phones", "medical-slow-screens-reply"])
    phones, screens = EXERCISES.get("pitch-phones"), EXERCISES.get("medical-slow-screens-reply")
    # Ana improves from the draft to the model answer; an anonymous trainee stays on the draft.
    _submit(store, phones.id, phones.draft, "name:ana", "Ana", session.code)
    _submit(store, phones.id, phones.model_answer, "name:ana", "Ana", session.code)
    _submit(store, phones.id, phones.draft, "anon:1", None, session.code)
    _submit(store, screens.id, screens.draft, "anon:1", None, session.code)
    return store.end_session(session.code)


def test_summary_counts_improvement_and_top_problems(store: TrainingStore) -> None:
    session = _session_with_class(store)
    attempts = store.attempts(session_code=session.code)
    summary = summarise(session, attempts, EXERCISES.by_id)
    assert summary.trainees == 2 and summary.attempts == 4
    assert summary.names == ("Ana", "Trainee 1")
    phones = next(e for e in summary.exercises if e.id == "pitch-phones")
    assert phones.trainees == 2 and phones.attempts == 3 and phones.passed == 1
    assert phones.last_mean > phones.first_mean
    benefit = next(s for s in summary.skills if s["skill"] == "benefit")
    assert benefit["first_rate"] == 0.0 and benefit["last_rate"] == 0.5
    assert summary.improvement is not None and summary.improvement > 0
    assert 1 <= len(summary.problems) <= 3
    counts = [p.count for p in summary.problems]
    assert counts == sorted(counts, reverse=True)
    assert all(p.guidance for p in summary.problems)
    assert common_problems(attempts, limit=1)[0].rule == summary.problems[0].rule


def test_summary_documents_are_self_contained_and_escaped(store: TrainingStore) -> None:
    session = _session_with_class(store)
    summary = summarise(session, store.attempts(session_code=session.code), EXERCISES.by_id)
    page = to_html(summary)
    assert page.startswith("<!DOCTYPE html>") and "<style>" in page
    assert "<script" not in page and not re.search(r"(?:src|href)=", page)  # nothing to fetch, nothing to run
    assert "Clinic &lt;b&gt;team&lt;/b&gt;" in page and "<b>team</b>" not in page
    assert "What improved from first to last attempt" in page and "The problems most often left" in page
    markdown = to_markdown(summary)
    assert markdown.startswith("# Training session summary: Clinic \\<b\\>team\\</b\\>")
    assert "| The phone system pitch |" in markdown
    assert "Ana, Trainee 1" in markdown
    assert re.search(r"started \d{4}-\d\d-\d\d \d\d:\d\d UTC · ended ", markdown)  # reads well as plain text


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
        ("<img src=x onerror=alert(1)>", "\\<img src=x onerror=alert(1)\\>"),
        ("- not a list", "\\- not a list"),
        ("1. not a list", "1\\. not a list"),
        ("a | b *c* $x$", "a \\| b \\*c\\* \\$x\\$"),
        ("Plain: words, kept. (Yes!)", "Plain: words, kept. (Yes!)"),
    ],
)
def test_markdown_escaping_stops_markup_and_keeps_plain_text(text: str, escaped: str) -> None:
    assert md_escape(text) == escaped


def test_anonymous_trainees_are_numbered_in_order_of_arrival(store: TrainingStore) -> None:
    for key, name in (("anon:z", None), ("name:bo", "Bo"), ("anon:a", None), ("anon:z", None)):
        store.add_attempt(trainee_key=key, trainee=name, exercise_id="x", skills=[], score=1, passed=False)
    assert display_names(store.attempts()) == {"anon:z": "Trainee 1", "name:bo": "Bo", "anon:a": "Trainee 2"}


def test_an_empty_session_summarises_without_errors(store: TrainingStore) -> None:
    session = store.create_session("empty", ["pitch-phones"])
    summary = summarise(session, [], EXERCISES.by_id)
    assert summary.trainees == 0 and summary.improvement is None and summary.problems == ()
    assert "No attempts were submitted." in to_markdown(summary)
    assert "still open" in to_html(summary)

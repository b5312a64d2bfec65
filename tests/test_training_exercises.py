"""The exercises as data: validated on load, every model answer passes its checks, every draft fails them."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

import coach
from coach import InputError
from coach.training import SKILLS, load_exercises, load_strict, parse_exercise_file, score_attempt
from coach.training.exercises import BUILTIN_DIR, ExerciseError, unwrap

EXERCISES = load_exercises()


@cache
def analysed(text: str, audience: str) -> coach.Report:
    """Return coach.analyse's report, once per text (each draft is scored by several tests)."""
    return coach.analyse(text, audience)


GOOD_ENTRY = """
- id: my-first
  title: A trainer's own exercise
  situation: The client asked twice.
  audience: non-technical
  difficulty: easy
  skills: [condescension]
  draft: Obviously you click Save.
  model_answer: Click Save, and your changes are kept.
"""


def test_at_least_thirty_exercises_load_without_errors() -> None:
    assert EXERCISES.errors == ()
    assert len(EXERCISES.exercises) >= 30
    assert len({e.id for e in EXERCISES.exercises}) == len(EXERCISES.exercises)


def test_the_guidance_scenarios_are_all_covered() -> None:
    scenarios = {e.scenario for e in EXERCISES.exercises}
    expected = {
        "medical-office",
        "staff-credit",
        "missed-deadline",
        "outage-notice",
        "new-cio",
        "upgrade-pitch",
        "basic-question",
        "site-visit",
        "progress-report",
    }
    assert expected <= scenarios
    assert {s for e in EXERCISES.exercises for s in e.skills} >= set(SKILLS) - {"readability"} | {"readability"}
    assert {e.difficulty for e in EXERCISES.exercises} == {"easy", "medium", "hard"}


@pytest.mark.parametrize("exercise", EXERCISES.exercises, ids=lambda e: e.id)
def test_model_answer_passes_its_own_checks(exercise) -> None:
    result = score_attempt(exercise, exercise.model_answer, analyse=analysed)
    failed = [(p.name, p.why) for p in result.parts if p.required and not p.passed]
    assert result.passed, failed
    assert result.score >= 90


@pytest.mark.parametrize("exercise", EXERCISES.exercises, ids=lambda e: e.id)
def test_draft_fails_every_skill_it_practises(exercise) -> None:
    result = score_attempt(exercise, exercise.draft, analyse=analysed)
    assert not result.passed
    assert set(result.failed_skills) == set(exercise.skills)
    assert result.score < 50


def test_model_answer_is_not_the_draft_and_keeps_its_points() -> None:
    for e in EXERCISES.exercises:
        assert e.model_answer != e.draft
        result = score_attempt(e, e.model_answer, analyse=analysed)
        assert all(p.passed for p in result.parts if p.name == "points"), e.id


def test_parts_explain_each_result_and_add_up_to_the_score() -> None:
    exercise = EXERCISES.get("medical-pcs-replace")
    result = score_attempt(exercise, exercise.draft)
    names = [p.name for p in result.parts]
    assert names == ["jargon", "condescension", "benefit", "tone", "readability_audience", "points"]
    jargon = result.parts[0]
    assert not jargon.passed and "jargon finding(s) left" in jargon.why and "'i5-4570'" in jargon.why
    assert "recommendation" in result.parts[2].why
    total = sum(p.weight for p in result.parts)
    assert result.score == round(100 * sum(p.points for p in result.parts) / total)


def test_partial_rewrite_earns_partial_credit() -> None:
    exercise = EXERCISES.get("medical-pcs-replace")
    partial = exercise.model_answer.replace(
        "They are seven years old", "Obviously they are i5-4570 machines, seven years old"
    )
    result = score_attempt(exercise, partial)
    draft = score_attempt(exercise, exercise.draft)
    assert not result.passed
    assert draft.score < result.score < 100
    assert set(result.failed_skills) == {"jargon", "condescension"}


def test_deleting_the_substance_does_not_pass() -> None:
    exercise = EXERCISES.get("medical-router-rant")
    result = score_attempt(
        exercise, "Mrs Okafor,\n\nI understand how frustrating this is. Thank you for asking.\n\nTom"
    )
    points = next(p for p in result.parts if p.name == "points")
    assert not points.passed and "router" in points.why
    assert not result.passed


def test_empty_rewrite_is_an_input_error() -> None:
    with pytest.raises(InputError):
        score_attempt(EXERCISES.exercises[0], "   ")


def test_hostile_rewrite_is_scored_as_plain_text() -> None:
    exercise = EXERCISES.get("basic-printer-again")
    result = score_attempt(exercise, "<script>alert(1)</script> Tray 2 [x](javascript:alert(2))")
    assert result.report.text.startswith("<script>")
    assert 0 <= result.score <= 100


def test_paragraph_lines_are_joined_and_blank_lines_kept() -> None:
    assert (
        unwrap("Hi Ana,\n\nThe printer\n  is fine.\nThanks.\n \nKim\n")
        == "Hi Ana,\n\nThe printer is fine. Thanks.\n\nKim"
    )
    exercise = EXERCISES.get("medical-pcs-replace")
    assert exercise.model_answer.count("\n") == 4 and "no longer receive security updates" in exercise.model_answer


def test_a_trainers_folder_adds_exercises(tmp_path: Path) -> None:
    (tmp_path / "ours.yml").write_text(GOOD_ENTRY, encoding="utf-8")
    loaded = load_exercises([tmp_path])
    assert loaded.errors == ()
    assert loaded.get("my-first").source.endswith("ours.yml")
    assert len(loaded.exercises) == len(EXERCISES.exercises) + 1


BAD_ENTRIES = [
    ("- id: x\n  title: t\n", "missing field(s) ['situation'"),
    (GOOD_ENTRY + "  colour: red\n", "unknown key(s) ['colour']"),
    (GOOD_ENTRY.replace("difficulty: easy", "difficulty: brutal"), "'difficulty' must be one of"),
    (GOOD_ENTRY.replace("audience: non-technical", "audience: martians"), "'audience' must be one of"),
    (GOOD_ENTRY.replace("[condescension]", "[tact]"), "unknown skill(s) ['tact']"),
    (GOOD_ENTRY.replace("draft: Obviously you click Save.", "draft: ''"), "'draft' must be non-empty text"),
    ("- just a string\n", "each entry must be a mapping"),
]


@pytest.mark.parametrize(("text", "problem"), BAD_ENTRIES)
def test_a_bad_entry_is_named_with_its_file_and_the_rest_still_load(tmp_path: Path, text: str, problem: str) -> None:
    second = GOOD_ENTRY.replace("my-first", "my-second")
    (tmp_path / "broken.yml").write_text(text + second, encoding="utf-8")
    loaded = load_exercises([tmp_path])
    assert len(loaded.errors) == 1
    error = loaded.errors[0]
    assert "broken.yml: entry 1" in error and problem in error
    assert loaded.get("my-second")  # the good entry after it still loads
    assert len(loaded.exercises) == len(EXERCISES.exercises) + 1  # and so do the built-in ones


def test_duplicate_id_names_both_files(tmp_path: Path) -> None:
    (tmp_path / "a.yml").write_text(GOOD_ENTRY, encoding="utf-8")
    (tmp_path / "b.yml").write_text(GOOD_ENTRY, encoding="utf-8")
    loaded = load_exercises([tmp_path])
    assert len(loaded.errors) == 1
    assert "b.yml: entry 'my-first': duplicate id, already defined in" in loaded.errors[0]
    assert "a.yml" in loaded.errors[0]
    with pytest.raises(ExerciseError, match="duplicate id"):
        load_strict([tmp_path])


def test_a_builtin_id_cannot_be_redefined(tmp_path: Path) -> None:
    (tmp_path / "clash.yml").write_text(GOOD_ENTRY.replace("my-first", "pitch-phones"), encoding="utf-8")
    loaded = load_exercises([tmp_path])
    assert "duplicate id" in loaded.errors[0]
    assert loaded.get("pitch-phones").source.startswith(str(BUILTIN_DIR))


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "the file is empty"),
        (b"\x00\x01\x02binary", "binary file"),
        ("title: x".encode("utf-16"), "binary file"),
        (b"\xff\xfe\xfa not utf-8", "not UTF-8"),
        (b"- id: [unclosed\n", "not valid YAML at line"),
        (b"id: not-a-list\n", "expected a YAML list"),
        (b"!!python/object/apply:os.system ['echo hacked']\n", "not valid YAML"),
    ],
)
def test_broken_uploads_give_a_clear_error(data: bytes, problem: str) -> None:
    exercises, errors = parse_exercise_file("upload.yml", data)
    assert exercises == []
    assert len(errors) == 1 and errors[0].startswith("upload.yml: ") and problem in errors[0]


def test_hostile_markup_in_an_uploaded_exercise_stays_text() -> None:
    hostile = GOOD_ENTRY.replace("A trainer's own exercise", "<img src=x onerror=alert(1)>")
    exercises, errors = parse_exercise_file("hostile.yml", hostile.encode())
    assert errors == []
    assert exercises[0].title == "<img src=x onerror=alert(1)>"


def test_analyse_is_the_only_dependency_on_the_coach() -> None:
    exercise = EXERCISES.get("pitch-phones")
    calls = []

    def counting(text: str, audience: str) -> coach.Report:
        calls.append(audience)
        return coach.analyse(text, audience)

    score_attempt(exercise, exercise.model_answer, analyse=counting)
    assert calls == ["executive", "executive"]

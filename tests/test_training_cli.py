"""`python -m coach exercise list | show ID | score ID FILE` through a subprocess, as scripts use it."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from coach.cli import main
from coach.training import load_exercises

ROOT = Path(__file__).resolve().parent.parent
EXERCISES = load_exercises()
OWN = """
- id: acme-one
  title: Our own exercise
  situation: The client asked twice.
  audience: non-technical
  difficulty: easy
  skills: [condescension]
  draft: Obviously you click Save.
  model_answer: Click Save, and your changes are kept.
- id: acme-broken
  title: Broken
"""


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """Run `python -m coach ARGS` from the project folder and capture its output."""
    return subprocess.run(
        [sys.executable, "-m", "coach", *args], cwd=ROOT, input=stdin, capture_output=True, timeout=300
    )


def in_process(*args: str) -> tuple[int, str]:
    """Run the CLI in this process (where a subprocess would only repeat the model load) and return its exit code and output."""
    out = io.StringIO()
    return main(list(args), out=out), out.getvalue()


def test_list_text_and_json() -> None:
    text = run("exercise", "list")
    assert text.returncode == 0, text.stderr
    lines = text.stdout.decode().splitlines()
    assert len(lines) == len(EXERCISES.exercises)
    assert lines[0].split()[0] == EXERCISES.exercises[0].id
    listed = json.loads(in_process("exercise", "list", "--format", "json")[1])
    assert [e["id"] for e in listed] == [e.id for e in EXERCISES.exercises]
    assert {"id", "title", "skills", "audience", "draft", "model_answer"} <= set(listed[0])


def test_list_filters_by_skill_and_difficulty() -> None:
    code, out = in_process("exercise", "list", "--skill", "expectations", "--difficulty", "hard", "--format", "json")
    listed = json.loads(out)
    assert code == 0 and listed
    assert all("expectations" in e["skills"] and e["difficulty"] == "hard" for e in listed)


def test_show_text_and_json() -> None:
    exercise = EXERCISES.get("pitch-phones")
    code, out = in_process("exercise", "show", exercise.id)
    assert code == 0
    assert out.startswith("pitch-phones: The phone system pitch") and "Model answer:" in out and "PBX" in out
    data = json.loads(run("exercise", "show", exercise.id, "--format", "json").stdout)
    assert data["model_answer"] == exercise.model_answer and data["skills"] == ["jargon", "benefit"]


def test_score_exits_like_check(tmp_path: Path) -> None:
    exercise = EXERCISES.get("pitch-phones")
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text(exercise.model_answer, encoding="utf-8")
    bad.write_text(exercise.draft, encoding="utf-8")
    passed = run("exercise", "score", exercise.id, str(good))
    assert passed.returncode == 0, passed.stderr
    out = passed.stdout.decode()
    assert out.splitlines()[0].startswith("pitch-phones: ") and "passed" in out.splitlines()[0]
    assert "Business benefit" in out and "Tone change" in out
    code, out = in_process("exercise", "score", exercise.id, str(bad))
    assert code == 1
    assert "not yet" in out and "left: Jargon 'PBX'" in out
    data = json.loads(run("exercise", "score", exercise.id, "-", "--format", "json", stdin=bad.read_bytes()).stdout)
    assert data["passed"] is False and {p["name"] for p in data["parts"]} >= {"jargon", "benefit", "tone"}


def test_score_usage_and_input_errors_exit_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("   ", encoding="utf-8")
    assert in_process("exercise", "score", "pitch-phones", str(empty))[0] == 2


def test_missing_rewrite_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert in_process("exercise", "score", "pitch-phones", str(tmp_path / "nope.txt"))[0] == 2
    assert "nope.txt" in capsys.readouterr().err


def test_unknown_exercise_and_missing_action_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert in_process("exercise", "score", "no-such-exercise", "x.txt")[0] == 2
    assert "no exercise with id 'no-such-exercise'" in capsys.readouterr().err
    assert in_process("exercise", "show", "no-such-exercise")[0] == 2
    with pytest.raises(SystemExit) as exited:
        in_process("exercise")
    assert exited.value.code == 2


def test_a_trainers_folder_and_its_errors(tmp_path: Path) -> None:
    (tmp_path / "acme.yml").write_text(OWN, encoding="utf-8")
    listed = run("exercise", "list", "--exercises", str(tmp_path), "--format", "json")
    assert listed.returncode == 2  # something failed to load: said on stderr, the rest still listed
    assert "acme-one" in [e["id"] for e in json.loads(listed.stdout)]
    assert b"acme.yml: entry 2 ('acme-broken'): missing field(s)" in listed.stderr
    code, out = in_process("exercise", "show", "acme-one", "--exercises", str(tmp_path))
    assert code == 0 and "Our own exercise" in out

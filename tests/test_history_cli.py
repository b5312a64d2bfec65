"""`python -m coach history`: the history from the command line, and its errors as `error:` lines naming the file."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from test_history import APRIL, MARCH
from test_history_damaged import filled, overwrite_middle_pages

from coach.cli import main
from coach.history import History
from coach.history_engine import read_only_url

ROOT = Path(__file__).resolve().parent.parent


def run(argv: list[str], stdin: str = "", monkeypatch: pytest.MonkeyPatch | None = None) -> tuple[int, str]:
    if monkeypatch is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    out = io.StringIO()
    return main(argv, out=out), out.getvalue()


def jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(r) + "\n" for r in records)


def test_save_list_show_compare_and_delete(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    db = str(tmp_path / "h.sqlite3")
    (tmp_path / "march.jsonl").write_text(jsonl(MARCH))
    assert run(["history", "--db", db, "save", "March", str(tmp_path / "march.jsonl")]) == (0, "1\n")
    assert run(["history", "--db", db, "save", "April \x1b]0;title\x07x", "-"], jsonl(APRIL), monkeypatch) == (0, "2\n")
    code, listing = run(["history", "--db", db, "list"])
    assert code == 0 and "\x1b" not in listing and "\x07" not in listing
    assert [line.split()[0] for line in listing.splitlines()[1:]] == ["2", "1"] and "March" in listing
    code, shown = run(["history", "--db", db, "show", "1"])
    assert [json.loads(line) for line in shown.splitlines()] == History(db).load(1).records
    assert [json.loads(line)["source"] for line in shown.splitlines()] == [r["source"] for r in MARCH]
    code, compared = run(["history", "--db", db, "compare", "2024-03", "2024-04", "--format", "json"])
    tone = {r["author"]: r for r in json.loads(compared)["tone"]}
    assert code == 0 and (tone["ann@msp.com"]["tone_a"], tone["ann@msp.com"]["tone_b"]) == (45.0, 75.0)
    assert run(["history", "--db", db, "delete", "1"])[0] == 0
    assert run(["history", "--db", db, "delete", "1"])[0] == 2
    assert run(["history", "--db", db, "show", "1"])[0] == 2
    assert "no saved review with id 1" in capsys.readouterr().err
    code, listed = run(["history", "--db", db, "list", "--format", "json"])
    assert [r["id"] for r in json.loads(listed)] == [2]


@pytest.mark.parametrize(
    "content, reason",
    [
        ("not json\n", "line 1 is not JSON"),
        ('{"x": 1}\n', "line 1 is not a review record"),
        ("\n", "no review records"),
    ],
)
def test_save_refuses_what_is_not_review_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, content: str, reason: str
) -> None:
    db = str(tmp_path / "h.sqlite3")
    assert run(["history", "--db", db, "save", "Bad", "-"], content, monkeypatch)[0] == 2
    assert reason in capsys.readouterr().err
    assert History(db).list_reviews() == []


def test_a_damaged_history_is_an_error_line_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    filled(path, reviews=1)
    overwrite_middle_pages(path)
    done = subprocess.run(
        [sys.executable, "-m", "coach", "history", "--db", str(path), "compare", "2024-03", "2024-04"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"error: Cannot read the review history {path}: the database file is damaged")


def test_not_a_database_and_read_only_histories_from_the_cli(tmp_path: Path, monkeypatch, capsys) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("just notes")
    assert run(["history", "--db", str(notes), "list"])[0] == 2
    assert (
        f"error: Cannot open the review history {notes}: the file is not a history database" in capsys.readouterr().err
    )
    path = tmp_path / "history.sqlite3"
    History(path).save_review("March", MARCH)
    code, listing = run(["history", "--url", read_only_url(path), "list"])
    assert code == 0 and "March" in listing
    assert run(["history", "--url", read_only_url(path), "save", "New", "-"], jsonl(APRIL), monkeypatch)[0] == 2
    assert f"Cannot save to the review history {path}: the history is read-only" in capsys.readouterr().err

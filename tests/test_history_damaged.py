"""Damaged state: a history with overwritten pages, a read-only one, a file that is not a database.

Every failure is a HistoryError naming the file (the page and the CLI show it as a message); a
read-only history can still be read; nothing here changes the user's file.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from test_history import APRIL, MARCH, finding, record

from coach.history import History, HistoryError
from coach.history_engine import read_only_url

ROOT = Path(__file__).resolve().parent.parent


def filled(path: Path, reviews: int = 3, messages: int = 300) -> History:
    """Return a history file with a few reviews of many messages (so it has many pages), checkpointed."""
    history = History(path)
    findings = [finding("jargon", "jargon.dns", "DNS " * 20)] * 3
    records = [record("Ann <ann@msp.com>", "2024-03-01", findings, 50, n) for n in range(messages)]
    for n in range(reviews):
        history.save_review(f"review {n}", records)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return history


def overwrite_middle_pages(path: Path) -> None:
    """Overwrite the middle third of the file's pages with garbage, sparing every table's root page."""
    with sqlite3.connect(path) as db:
        roots = {row[0] for row in db.execute("SELECT rootpage FROM sqlite_master WHERE rootpage > 0")}
        size = db.execute("PRAGMA page_size").fetchone()[0]
        pages = db.execute("PRAGMA page_count").fetchone()[0]
    with path.open("r+b") as f:
        for page in range(pages // 3, 2 * pages // 3):
            if page + 1 not in roots:
                f.seek(page * size)
                f.write(b"\xa5" * size)


def test_overwritten_middle_pages_become_history_errors_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    filled(path)
    overwrite_middle_pages(path)
    damaged = path.read_bytes()
    history = History(path)  # the header, the schema and the version are intact: it opens
    assert [r.name for r in history.list_reviews()] == ["review 2", "review 1", "review 0"]
    calls = {
        "load": lambda: history.load(2),
        "periods": history.periods,
        "compare": lambda: history.compare("2024-03", "2024-04"),
        "compare_tone": lambda: history.compare_tone("2024-03", "2024-04"),
        "save": lambda: history.save_review("new", MARCH),
        "delete": lambda: history.delete(1),
    }
    for name, call in calls.items():
        with pytest.raises(HistoryError) as failure:
            call()
        assert str(path) in str(failure.value) and "damaged" in str(failure.value), name
        assert failure.value.where == str(path)
    assert path.read_bytes() == damaged  # nothing was written over what is left


@pytest.mark.parametrize(
    "content",
    [b"Dear team,\nthese are my notes, not a database.\n" * 50, os.urandom(8192), b"<html><script>x</script></html>"],
    ids=["text", "binary", "html"],
)
def test_a_file_that_is_not_a_database_is_refused_by_name_and_left_alone(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(content)
    with pytest.raises(HistoryError, match="not a history database") as failure:
        History(path)
    assert str(path) in str(failure.value)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite3"]


def test_a_folder_or_an_impossible_path_is_a_history_error(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    with pytest.raises(HistoryError, match="not a regular file") as failure:
        History(tmp_path / "folder")
    assert str(tmp_path / "folder") in str(failure.value)
    (tmp_path / "plain").write_text("a file where a folder should be")
    with pytest.raises(HistoryError) as failure:
        History(tmp_path / "plain" / "history.sqlite3")
    assert str(tmp_path / "plain" / "history.sqlite3") in str(failure.value)


# Run as another user than the file's owner (root may write anything, so root drops to 'nobody' after
# importing): read everything, then try to write. Prints one line per step.
READ_ONLY_SCRIPT = """
import os, sys, tempfile
from coach.history import History, HistoryError
warm = History(os.path.join(tempfile.mkdtemp(), "warm.sqlite3"))  # load every module while we may
warm.load(warm.save_review("warm", [{"source": "s", "findings": [], "scores": {"tone": 1}}]))
warm.compare("2024", "2025"); warm.compare_tone("2024", "2025"); warm.periods()
if os.geteuid() == 0:
    os.setgid(65534); os.setuid(65534)
h = History(sys.argv[1])
print("read_only", h.read_only)
print("names", [r.name for r in h.list_reviews()])
print("sources", [r["source"] for r in h.load(1).records])
print("periods", h.periods())
print("ann", [r["findings_a"] for r in h.compare("2024-03", "2024-04") if r["author"] == "ann@msp.com"][0])
for name, call in [("save", lambda: h.save_review("new", [])), ("delete", lambda: h.delete(1))]:
    try:
        call(); print(name, "WROTE")
    except HistoryError as exc:
        print(name, "error", exc)
"""


def test_a_read_only_history_is_read_and_refuses_writes_by_name() -> None:
    folder = Path(tempfile.mkdtemp(prefix="coach-ro-"))  # not under pytest's private tmp: 'nobody' must reach it
    try:
        path = folder / "history.sqlite3"
        history = History(path)
        history.save_review("March", MARCH)
        history.save_review("April", APRIL)
        del history
        assert sorted(p.name for p in folder.iterdir()) == ["history.sqlite3"]  # no -wal or -shm left behind
        before = path.read_bytes()
        path.chmod(0o444)
        folder.chmod(0o555)
        done = subprocess.run(
            [sys.executable, "-c", READ_ONLY_SCRIPT, str(path)], capture_output=True, text=True, cwd=ROOT, timeout=300
        )
        assert done.returncode == 0, done.stderr
        lines = dict(line.split(" ", 1) for line in done.stdout.splitlines())
        assert lines["read_only"] == "True"
        assert lines["names"] == "['April', 'March']"
        assert lines["sources"] == str([r["source"] for r in MARCH])
        assert lines["periods"] == "['2024-04', '2024-03']"
        assert lines["ann"] == "2"  # jargon: DNS and VPN
        for step in ("save", "delete"):
            assert lines[step].startswith(f"error Cannot {step}") and str(path) in lines[step], lines[step]
            assert "read-only" in lines[step]
        assert path.read_bytes() == before
    finally:
        folder.chmod(0o755)
        path.chmod(0o644)
        for p in folder.iterdir():
            p.unlink()
        folder.rmdir()


def test_a_history_opened_read_only_by_url_reads_and_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    History(path).save_review("March", MARCH)
    history = History(url=read_only_url(path))
    assert (history.read_only, history.path, history.where) == (True, path, str(path))
    assert [r["source"] for r in history.load(1).records] == [r["source"] for r in MARCH]
    with pytest.raises(HistoryError, match="read-only") as failure:
        history.save_review("new", APRIL)
    assert str(path) in str(failure.value)
    assert [r.name for r in History(path).list_reviews()] == ["March"]

"""The command line loses nothing and lets no one drive the terminal: -o, closed pipes, control characters."""

from __future__ import annotations

import base64
import csv
import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from coach.cli import main

ROOT = Path(__file__).resolve().parent.parent
HOSTILE_NAME = "Evil\x1b]0;pwned\x07\x1b[2J Name"


def review(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run `python -m coach review` in-process; return (exit code, stdout, stderr)."""
    out = io.StringIO()
    code = main(["review", "--quiet", *args], out=out)
    return code, out.getvalue(), capsys.readouterr().err


def write_csv(path: Path, rows: int) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["author", "body"])
        for i in range(rows):
            writer.writerow([f"agent{i}@example.com", f"Message {i}: the printer on floor {i} is fixed."])


def hostile_mail() -> bytes:
    """Return a raw mail whose From: display name is an encoded word hiding terminal escape sequences."""
    name = base64.b64encode(HOSTILE_NAME.encode()).decode()
    subject = base64.b64encode(b"Hi\x1b[31m red").decode()
    return (
        f"From: =?utf-8?b?{name}?= <evil@example.com>\r\n"
        f"Subject: =?utf-8?b?{subject}?=\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n\r\n"
        "The backup ran last night and everything is safe.\r\n"
    ).encode()


# --- -o never destroys data ----------------------------------------------------


def test_bad_disable_leaves_an_existing_report_untouched(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "report.jsonl"
    report.write_text('{"earlier": "report"}\n', encoding="utf-8")
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("The printer is fixed.", encoding="utf-8")
    code, _, err = review(str(tmp_path / "in"), "-o", str(report), "--disable", "no.such_rule", capsys=capsys)
    assert code == 2 and "no.such_rule" in err
    assert report.read_text(encoding="utf-8") == '{"earlier": "report"}\n'
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "report.jsonl"]  # no temporary file left


def test_output_that_is_an_input_is_refused_and_the_input_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "helpdesk.csv"
    write_csv(data, 50)
    before = data.read_bytes()
    for spelled in (str(data), str(tmp_path / "." / "helpdesk.csv")):
        code, _, err = review(str(data), "-o", spelled, "--format", "csv", capsys=capsys)
        assert code == 2 and "also an input" in err
        assert data.read_bytes() == before
    link = tmp_path / "link.csv"
    link.symlink_to(data)
    code, _, err = review(str(data), "-o", str(link), capsys=capsys)
    assert code == 2 and "also an input" in err and data.read_bytes() == before


def test_report_written_into_a_reviewed_folder_is_not_read_as_mail(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "a.txt").write_text("The printer is fixed.", encoding="utf-8")
    report = tmp_path / "report.csv"
    report.write_text("source\nold run\n", encoding="utf-8")
    code, _, err = review(str(tmp_path), "-o", str(report), "--format", "csv", capsys=capsys)
    assert code == 0
    rows = list(csv.DictReader(report.open(encoding="utf-8")))
    assert [row["source"] for row in rows] == [str(tmp_path / "a.txt")]
    assert err.strip().endswith("read 1, analysed 1, skipped 0")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "report.csv"]


def test_unwritable_output_fails_before_reading(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text("The printer is fixed.", encoding="utf-8")
    target = tmp_path / "missing" / "out.jsonl"
    code, _, err = review(str(tmp_path), "-o", str(target), capsys=capsys)
    assert code == 2 and err.startswith(f"error: [Errno 2] cannot write {target}") and "read " not in err


def test_output_replaced_only_when_the_review_finishes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("The printer is fixed.", encoding="utf-8")
    report = tmp_path / "report.jsonl"
    report.write_text("old\n", encoding="utf-8")
    report.chmod(0o640)
    code, _, _ = review(str(tmp_path / "in"), "-o", str(report), capsys=capsys)
    assert code == 0
    assert [json.loads(line)["source"] for line in report.read_text(encoding="utf-8").splitlines()] == [
        str(tmp_path / "in" / "a.txt")
    ]
    assert report.stat().st_mode & 0o777 == 0o640  # the report keeps its permissions


# --- closed pipes ----------------------------------------------------------------


class ClosedPipe(io.StringIO):
    """A stdout whose reader went away."""

    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_closed_pipe_stops_quietly_in_process(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text("The printer is fixed.", encoding="utf-8")
    code = main(["review", "--quiet", str(tmp_path)], out=ClosedPipe())
    assert code == 0
    assert "Broken pipe" not in capsys.readouterr().err


def test_review_piped_into_head_exits_quietly(tmp_path: Path) -> None:
    mbox = tmp_path / "many.mbox"
    mail = "From sam@example.com Mon Jan  1 00:00:00 2024\nFrom: sam@example.com\nSubject: n{i}\n\n"
    body = "Hi Dana, the printer on floor {i} is fixed and the backup ran overnight.\n\n"
    mbox.write_text("".join((mail + body).format(i=i) for i in range(150)), encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-m", "coach", "review", "--quiet", str(mbox)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # what `| head -1` does after one line
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=600) == 0, err
    assert json.loads(first)["source"].endswith("many.mbox#1") or json.loads(first)["source"].startswith(str(mbox))
    assert "Broken pipe" not in err and "Traceback" not in err and "Exception ignored" not in err


# --- control characters never reach the terminal ------------------------------------


def test_summary_escapes_control_characters_in_author_names(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "evil.eml").write_bytes(hostile_mail())
    code, out, err = review(str(tmp_path), "--summary", capsys=capsys)
    assert code == 0
    assert "\x1b" not in out and "\x07" not in out and "\x1b" not in err
    assert "evil@example.com" in out  # one author key: the address (the hostile display name is not printed raw)


def test_jsonl_keeps_the_exact_values_but_no_raw_controls(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "evil.eml").write_bytes(hostile_mail())
    (tmp_path / "c1.txt").write_text("Thanks\x9b2J for waiting \u202eevil", encoding="utf-8")
    code, out, _ = review(str(tmp_path), capsys=capsys)
    assert code == 0
    assert not any(c in out for c in "\x1b\x07\x9b\u202e")
    records = [json.loads(line) for line in out.splitlines()]
    assert HOSTILE_NAME in records[1]["sender"]  # the record holds what the mail said, escaped only in transit


def _on_terminal(args: list[str], stdin: bytes = b"") -> str:
    """Run the CLI with stdout on a pseudo-terminal and return what the terminal received."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "coach", *args], cwd=ROOT, stdin=subprocess.PIPE, stdout=follower, stderr=follower
    )
    os.close(follower)
    assert proc.stdin is not None
    proc.stdin.write(stdin)
    proc.stdin.close()
    received = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the process exits
            break
        if not chunk:
            break
        received += chunk
    proc.wait(timeout=600)
    os.close(leader)
    return received.decode("utf-8", "replace")


def test_check_on_a_terminal_escapes_control_characters_in_the_draft() -> None:
    draft = b"Obviously\x1b]0;pwned\x07 you should have told us.\x1b[2J Damn.\n"
    shown = _on_terminal(["check", "-", "--revise"], draft)  # the revision prints the whole draft
    assert "condescension" in shown
    assert "\x1b" not in shown and "\x07" not in shown
    assert "\\x1b" in shown


@pytest.mark.parametrize("name", ["new\nline.txt", "carriage\rreturn.txt", "bell\x07.txt"])
def test_file_names_with_control_characters_are_kept_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    (tmp_path / name).write_text("The printer is fixed.", encoding="utf-8")
    code, out, err = review(str(tmp_path), capsys=capsys)
    assert code == 0, err
    record = json.loads(out)
    expected = name.replace("\n", "\\n").replace("\r", "\\r").replace("\x07", "\\x07")
    assert record["source"] == str(tmp_path / expected) and "findings" in record
    assert err.strip().endswith("read 1, analysed 1, skipped 0")

"""The command line as a user meets it: through a subprocess, with real files and bad input."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from coach.engine import MAX_CHARS

ROOT = Path(__file__).resolve().parent.parent
RUDE = "Obviously you should have told us. Run gpupdate /force on the damn PC.\n"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "coach", *args], cwd=ROOT, input=stdin, capture_output=True, timeout=180
    )


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "draft.txt"
    path.write_text("Hi Sam,\n" + RUDE, encoding="utf-8")
    return path


def test_check_prints_linter_lines_and_exits_1(draft):
    proc = run("check", str(draft))
    out = proc.stdout.decode()
    assert proc.returncode == 1
    assert f"{draft}:2:1  condescension  'Obviously'" in out
    assert f"{draft}:2:{RUDE.index('damn') + 1}  profanity      'damn'" in out
    assert "Try: " in out


def test_check_clean_draft_exits_0_silently(tmp_path):
    path = tmp_path / "ok.txt"
    path.write_text("Thanks for your patience; the printer is fixed and ready for Monday.\n")
    proc = run("check", str(path))
    assert (proc.returncode, proc.stdout) == (0, b"")


def test_check_reads_stdin_and_writes_json():
    proc = run("check", "-", "--format", "json", stdin=RUDE.encode())
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    assert report["source"] == "<stdin>"
    assert {"jargon", "blame", "condescension", "profanity"} <= {f["category"] for f in report["findings"]}
    assert all(report["text"][f["start"] : f["end"]] == f["text"] for f in report["findings"])
    assert 0 <= report["scores"]["tone"] <= 100


def test_audience_changes_what_is_flagged():
    proc = run("check", "-", "--audience", "technical", "--format", "json", stdin=RUDE.encode())
    cats = {f["category"] for f in json.loads(proc.stdout)["findings"]}
    assert "jargon" not in cats and {"blame", "condescension", "profanity"} <= cats


@pytest.mark.parametrize(
    "content,needle",
    [
        (b"", "nothing to analyse"),
        (b"   \n\t\n", "nothing to analyse"),
        (b"\x00\x01\x02binary\x00\xff" * 50, "binary"),
    ],
)
def test_bad_input_is_a_clear_error_exit_2(tmp_path, content, needle):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    proc = run("check", str(path))
    assert proc.returncode == 2
    assert needle in proc.stderr.decode()


def test_text_over_the_limit_is_rejected_with_the_limit_named():
    proc = run("check", "-", stdin=b"word " * (MAX_CHARS // 5 + 10))
    assert proc.returncode == 2
    assert f"{MAX_CHARS:,}" in proc.stderr.decode()


def test_invalid_utf8_is_decoded_with_a_warning(tmp_path):
    path = tmp_path / "latin.txt"
    path.write_bytes("Caf\u00e9 visit: the damn router is fixed.".encode("cp1252"))
    proc = run("check", str(path))
    assert proc.returncode == 1
    assert "warning" in proc.stderr.decode().lower()
    assert "'damn'" in proc.stdout.decode()


def test_usage_errors_exit_2():
    assert run("check", "-", "--audience", "martians", stdin=b"hi").returncode == 2
    assert run("frobnicate").returncode == 2
    assert run("check", "-", "--disable", "no.such_rule", stdin=b"Hello there").returncode == 2


def test_help_and_version():
    assert b"review" in run("--help").stdout
    assert run("--version").stdout.decode().startswith("tone-coach ")


def test_disable_and_extra_lexicon(tmp_path):
    lex = tmp_path / "lex"
    lex.mkdir()
    (lex / "acme.yml").write_text(
        "- {id: jargon.acme_portal, match: {phrases: [AcmeNet]}, message: \"'{text}' is our internal name.\"}\n"
    )
    proc = run(
        "check",
        "-",
        "--lexicons",
        str(lex),
        "--disable",
        "profanity",
        "--format",
        "json",
        stdin=b"The damn AcmeNet portal is down.",
    )
    rules = [f["rule"] for f in json.loads(proc.stdout)["findings"]]
    assert "jargon.acme_portal" in rules and not any(r.startswith("profanity") for r in rules)


def test_review_streams_one_record_per_message_and_keeps_going(tmp_path):
    (tmp_path / "a.txt").write_text(RUDE)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.md").write_text("Thanks, the new laptop is ready on Monday at 9.")
    (tmp_path / "c.txt").write_bytes(b"\x00\xff\x00\xfe" * 100)
    (tmp_path / "d.txt").write_text("   ")
    proc = run("review", str(tmp_path), "--format", "jsonl")
    assert proc.returncode == 0
    records = {Path(r["source"]).name: r for r in map(json.loads, proc.stdout.decode().splitlines())}
    assert set(records) == {"a.txt", "b.md", "c.txt", "d.txt"}
    assert {f["category"] for f in records["a.txt"]["findings"]} >= {"blame", "profanity"}
    assert records["b.md"]["findings"] == [] or all(
        f["category"] not in {"blame", "profanity"} for f in records["b.md"]["findings"]
    )
    assert "binary" in records["c.txt"]["error"]
    assert "nothing to analyse" in records["d.txt"]["error"]
    assert "read 4, analysed 2, skipped 2" in proc.stderr.decode()


def test_review_csv_and_summary(tmp_path):
    (tmp_path / "a.txt").write_text(RUDE)
    (tmp_path / "b.txt").write_text("Thank you, all twenty computers are updated.")
    proc = run("review", str(tmp_path), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(proc.stdout.decode())))
    assert [Path(r["source"]).name for r in rows] == ["a.txt", "b.txt"]
    assert int(rows[0]["profanity"]) == 1 and rows[0]["worst_finding"]
    summary = run("review", str(tmp_path), "--summary").stdout.decode()
    assert "findings per category:" in summary and "profanity" in summary


def test_check_revise_prints_the_revised_message():
    proc = run("check", "-", "--revise", stdin=b"Obviously the printer needs paper. It's not rocket science.")
    out = proc.stdout.decode()
    assert proc.returncode == 1
    revised = out.split("--- revised message ---\n", 1)[1]
    assert "Obviously" not in revised and "rocket science" not in revised
    assert "printer needs paper" in revised.lower()


def test_review_exits_2_when_nothing_could_be_read_or_written(tmp_path):
    missing = run("review", str(tmp_path / "nope.txt"))
    assert missing.returncode == 2 and b'"error": "file not found"' in missing.stdout
    (tmp_path / "a.txt").write_text("Hello, the printer is fixed.")
    unwritable = run("review", str(tmp_path / "a.txt"), "-o", str(tmp_path / "no" / "dir" / "out.jsonl"))
    assert unwritable.returncode == 2 and b"error:" in unwritable.stderr and b"Traceback" not in unwritable.stderr


def test_a_broken_part_with_a_lone_surrogate_does_not_stop_the_batch(tmp_path):
    (tmp_path / "sur.eml").write_bytes(
        b"From: a@b.c\nSubject: s\nContent-Type: text/plain; charset=utf-7\n\nObviously +2AA- the DNS is down.\n"
    )
    (tmp_path / "ok.txt").write_text("Thanks, the printer is fixed.")
    proc = run("review", str(tmp_path), "--quiet")
    records = [json.loads(line) for line in proc.stdout.decode().splitlines()]
    assert proc.returncode == 0 and len(records) == 2 and all("findings" in r for r in records)


def test_the_long_sentence_rule_can_be_disabled():
    long_sentence = (
        "The new laptops arrived and we set them up and tested the printers and the phones and the "
        "scanner and the shared folders and the calendar and the backup and the email and the "
        "website and the booking system for everyone in the office today."
    )
    proc = run("check", "-", "--format", "json", "--disable", "readability.long_sentence", stdin=long_sentence.encode())
    assert proc.returncode in (0, 1)
    assert "readability.long_sentence" not in {f["rule"] for f in json.loads(proc.stdout)["findings"]}

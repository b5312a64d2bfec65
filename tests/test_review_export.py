"""Exports of a review: messages CSV, findings CSV, the HTML report (escaped), and parity with the CLI."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from coach.review import CSV_FIELDS, FINDINGS_CSV_FIELDS, frequent_phrases, html_report
from views.review import export_bytes, review_uploads

ROOT = Path(__file__).resolve().parent.parent
HOSTILE_SUBJECT = "<script>alert('subject')</script>"
HOSTILE_SENDER = '"<img src=x onerror=alert(1)>" <evil@example.com>'


def eml(sender: str, subject: str, body: str, date: str = "Mon, 4 Mar 2024 10:00:00 +0000") -> bytes:
    return (
        f"From: {sender}\nTo: client@example.com\nSubject: {subject}\nDate: {date}\n"
        "Content-Type: text/plain; charset=utf-8\n\n" + body + "\n"
    ).encode()


def uploads() -> list[tuple[str, bytes]]:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("notes.pdf", b"%PDF-1.4")
        zf.writestr(
            "b.eml",
            eml("Bo Park <bo@msp.com>", "Printer", "Obviously the printer needed a restart. Thanks for your patience."),
        )
    return [
        (
            "a.eml",
            eml(
                "Ann Lee <ann@msp.com>",
                HOSTILE_SUBJECT,
                "Obviously you should have told us about the VPN <script>alert(2)</script>.",
            ),
        ),
        ("c.eml", eml(HOSTILE_SENDER, "Re: outage", "Obviously the firewall was down. We fixed it this morning.")),
        ("team.zip", archive.getvalue()),
        ("empty.txt", b"   \n"),
    ]


@pytest.fixture(scope="module")
def records(coach_full) -> list[dict]:
    return review_uploads(uploads(), coach_full).records


def rows_of(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_messages_csv_has_the_cli_columns_and_one_row_per_item(records) -> None:
    data = export_bytes(records, "csv")
    assert data.decode().splitlines()[0].split(",") == CSV_FIELDS
    rows = rows_of(data)
    assert [r["source"] for r in rows] == ["a.eml", "c.eml", "team.zip!notes.pdf", "team.zip!b.eml", "empty.txt"]
    by_source = {r["source"]: r for r in rows}
    assert by_source["a.eml"]["subject"] == HOSTILE_SUBJECT  # CSV keeps the text as written
    assert int(by_source["a.eml"]["condescension"]) >= 1 and int(by_source["a.eml"]["blame"]) >= 1
    assert by_source["empty.txt"]["error"] and by_source["empty.txt"]["tone"] == ""
    assert "not supported" in by_source["team.zip!notes.pdf"]["error"]


def test_findings_csv_has_one_row_per_finding_with_rule_span_and_suggestion(records) -> None:
    data = export_bytes(records, "findings-csv")
    assert data.decode().splitlines()[0].split(",") == FINDINGS_CSV_FIELDS
    rows = rows_of(data)
    assert len(rows) == sum(len(r.get("findings", [])) for r in records)
    obviously = [r for r in rows if r["rule"] == "condescension.obviously"]
    assert len(obviously) == 3 and {r["text"] for r in obviously} == {"Obviously"}
    assert all(r["suggestion"] and r["message"] for r in obviously)
    assert {r["sender"] for r in obviously} >= {"Ann Lee <ann@msp.com>", "Bo Park <bo@msp.com>"}


def test_frequent_phrases_count_across_messages(records) -> None:
    top = frequent_phrases(records)
    assert top[0]["phrase"] == "Obviously" and (top[0]["count"], top[0]["messages"]) == (3, 3)
    assert top[0]["rule"] == "condescension.obviously" and top[0]["suggestion"]


def test_html_report_is_self_contained_escaped_and_complete(records) -> None:
    page = export_bytes(records, "html").decode()
    lowered = page.lower()
    assert "<script" not in lowered and "<img" not in lowered
    assert "&lt;script&gt;alert(&#x27;subject&#x27;)&lt;/script&gt;" in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "http://" not in page and "https://" not in page and "<link" not in lowered  # nothing fetched
    for heading in (
        "Findings per category",
        "Per author",
        "Most frequent flagged phrases",
        "Messages",
        "Unreadable items",
    ):
        assert f"<h2>{heading}</h2>" in page
    assert "<td>Obviously</td><td class='n'>3</td>" in page  # phrases keep their case
    assert "condescension.obviously" in page and "Ann Lee" in page and "Bo Park" in page
    assert "empty.txt" in page and "notes.pdf" in page


def test_html_report_of_nothing_still_renders() -> None:
    page = html_report([])
    assert "No phrase was flagged." in page and "<h2>Unreadable items</h2>" in page


def test_page_exports_match_the_cli_for_the_same_files(records, tmp_path: Path) -> None:
    for name, data in uploads():
        (tmp_path / name).write_bytes(data)
    for fmt in ("csv", "findings-csv"):
        out = tmp_path / f"out.{fmt}"
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "coach",
                "review",
                *(n for n, _ in uploads()),
                "--format",
                fmt,
                "-o",
                str(out),
                "--quiet",
            ],
            cwd=tmp_path,
            capture_output=True,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr.decode()
        assert out.read_bytes().replace(b"\r\n", b"\n") == export_bytes(records, fmt).replace(b"\r\n", b"\n")


def test_csv_cells_cannot_run_as_spreadsheet_formulas():
    from coach.review import spreadsheet_safe

    row = spreadsheet_safe({"subject": "=HYPERLINK(\"http://x\")", "sender": "@evil", "tone": -3.5, "source": "a.txt"})
    assert row == {"subject": "'=HYPERLINK(\"http://x\")", "sender": "'@evil", "tone": -3.5, "source": "a.txt"}

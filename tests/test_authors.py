"""One person, one author: the same identity in the CLI summary, the HTML report, the page and month over month."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import views.review as review
from coach.aliases import Aliases, resolve
from coach.history import History
from coach.review import BatchSummary, author_key, author_of, author_table, html_report
from views.authors import merge_category_rows, merge_tone_rows
from views.review import messages_frame

ROOT = Path(__file__).resolve().parent.parent
PAGE = "pages/2_Team_review.py"


@pytest.mark.parametrize(
    ("sender", "key"),
    [
        ("Sam Carter <sam@acme.example>", "sam@acme.example"),
        ("SAM CARTER <SAM@Acme.Example>", "sam@acme.example"),
        ('"Carter, Sam" <sam@acme.example>', "sam@acme.example"),
        ("sam@acme.example", "sam@acme.example"),
        ("Sam Carter", "Sam Carter"),  # parseaddr alone would give "Sam"
        ("  sam   carter ", "Sam Carter"),
        ("SAM CARTER", "Sam Carter"),
        ("Carter, Sam", "Sam Carter"),
        ("Sam", "Sam"),
        ("Sam Jones", "Sam Jones"),  # another Sam stays another person
        ("", "(unknown)"),
        (None, "(unknown)"),
    ],
)
def test_author_key_is_the_address_else_the_normalised_name(sender: str | None, key: str) -> None:
    assert author_key(sender) == key


def test_two_sams_stay_two_and_aliases_merge_one_person() -> None:
    assert author_key("Sam Carter") != author_key("Sam Jones")
    aliases = {"Sam Carter": "sam@acme.example"}
    assert author_of({"sender": "Sam Carter"}, aliases) == "sam@acme.example"
    assert author_of({"sender": "Sam Jones"}, aliases) == "Sam Jones"
    assert resolve("a", {"a": "b", "b": "a"}) == "b"  # a loop ends


def test_alias_store_round_trip_and_chains(tmp_path: Path) -> None:
    store = Aliases(tmp_path / "aliases.json")
    assert store.load() == {}
    store.merge("Sam Carter", "sam@acme.example")
    store.merge("S. Carter", "Sam Carter")  # onto an alias: lands on the person
    assert store.load() == {"Sam Carter": "sam@acme.example", "S. Carter": "sam@acme.example"}
    store.split("S. Carter")
    assert Aliases(tmp_path / "aliases.json").load() == {"Sam Carter": "sam@acme.example"}
    (tmp_path / "aliases.json").write_text("not json")
    assert store.load() == {}


def record(sender: str, tone: float, categories: list[str], date: str = "2024-03-04T10:00:00+00:00") -> dict:
    findings = [
        {
            "category": c,
            "rule": f"{c}.x",
            "start": 0,
            "end": 1,
            "text": "x",
            "message": "m",
            "suggestion": None,
            "severity": "warning",
            "note": "",
            "replacement": None,
        }
        for c in categories
    ]
    return {
        "source": f"{sender}.eml",
        "subject": "s",
        "sender": sender,
        "recipients": [],
        "date": date,
        "warnings": [],
        "findings": findings,
        "scores": {"tone": tone, "counts": {}},
    }


RECORDS = [
    record("Sam Carter <sam@acme.example>", 40.0, ["blame"]),
    record("Sam Carter", 60.0, ["jargon"]),  # the helpdesk sheet's spelling of the same person
    record("Sam Jones", 80.0, []),
]


def test_summary_report_and_page_agree_on_authors() -> None:
    summary = BatchSummary()
    for r in RECORDS:
        summary.add(r)
    assert set(summary.authors) == {"sam@acme.example", "Sam Carter", "Sam Jones"}
    assert {a["author"] for a in author_table(RECORDS)} == set(summary.authors)
    assert set(messages_frame(RECORDS)["author"]) == set(summary.authors)
    aliases = {"Sam Carter": "sam@acme.example"}
    merged = BatchSummary(aliases)
    for r in RECORDS:
        merged.add(r)
    assert set(merged.authors) == {"sam@acme.example", "Sam Jones"}
    assert merged.authors["sam@acme.example"]["messages"] == 2
    rows = {a["author"]: a for a in author_table(RECORDS, aliases)}
    assert rows["sam@acme.example"]["tone"] == 50.0 and rows["sam@acme.example"]["messages"] == 2
    assert set(messages_frame(RECORDS, aliases)["author"]) == {"sam@acme.example", "Sam Jones"}
    page = html_report(RECORDS, "March", aliases=aliases, audience="executive")
    per_author = page.split("<h2>Per author</h2>")[1].split("<h2>")[0]
    assert per_author.count("<td>sam@acme.example</td>") == 1 and "<td>Sam Carter</td>" not in per_author
    assert "Period: 2024-03-04" in page and "Written for: executive" in page and "3 items, 3 analysed" in page


def test_cli_summary_uses_the_same_identity_and_saved_aliases(tmp_path: Path) -> None:
    drafts = tmp_path / "drafts"
    drafts.mkdir()
    mail = "From: Sam Carter <sam@acme.example>\nSubject: a\n\nObviously the printer needs paper.\n"
    (drafts / "a.eml").write_text(mail)
    (drafts / "tickets.csv").write_text("text,sender\nThe damn router is fixed.,Sam Carter\nAll done.,Sam Jones\n")
    env = {**os.environ, "COACH_ALIASES": str(tmp_path / "aliases.json")}

    def summary() -> str:
        proc = subprocess.run(
            [sys.executable, "-m", "coach", "review", str(drafts), "--summary"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            timeout=300,
        )
        assert proc.returncode == 0, proc.stderr.decode()
        return proc.stdout.decode()

    def author_lines(out: str) -> dict[str, int]:
        lines = out.split("author")[1].splitlines()[1:]
        return {line[:34].strip(): int(line[34:40]) for line in lines if line.strip()}

    assert author_lines(summary()) == {"Sam Carter": 1, "Sam Jones": 1, "sam@acme.example": 1}
    Aliases(tmp_path / "aliases.json").merge("Sam Carter", "sam@acme.example")
    assert author_lines(summary()) == {"Sam Jones": 1, "sam@acme.example": 2}
    html = tmp_path / "r.html"
    proc = subprocess.run(
        [sys.executable, "-m", "coach", "review", str(drafts), "--format", "html", "-o", str(html)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=300,
    )
    assert proc.returncode == 0
    per_author = html.read_text().split("<h2>Per author</h2>")[1].split("<h2>")[0]
    assert "<td>Sam Carter</td>" not in per_author and per_author.count("<td>sam@acme.example</td>") == 1


def test_month_over_month_merges_aliases(tmp_path: Path) -> None:
    history = History(tmp_path / "h.sqlite3")
    history.save_review("March", RECORDS)
    history.save_review("April", [record("Sam Carter", 90.0, [], "2024-04-02T10:00:00+00:00")])
    aliases = {"Sam Carter": "sam@acme.example"}
    tone = {r["author"]: r for r in merge_tone_rows(history.compare_tone("2024-03", "2024-04"), aliases)}
    assert set(tone) == {"(team)", "sam@acme.example", "Sam Jones"}
    sam = tone["sam@acme.example"]
    assert (sam["messages_a"], sam["tone_a"], sam["messages_b"], sam["tone_b"], sam["change"]) == (
        2,
        50.0,
        1,
        90.0,
        40.0,
    )
    rows = {
        (r["author"], r["category"]): r for r in merge_category_rows(history.compare("2024-03", "2024-04"), aliases)
    }
    blame = rows[("sam@acme.example", "blame")]
    assert (blame["messages_a"], blame["findings_a"], blame["per_message_a"]) == (2, 1, 0.5)


@pytest.fixture()
def page(coach_full, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setattr(review, "shared_coach", lambda: coach_full)
    monkeypatch.setenv("COACH_HISTORY_DB", str(tmp_path / "history.sqlite3"))
    monkeypatch.setenv("COACH_ALIASES", str(tmp_path / "aliases.json"))
    at = AppTest.from_file("../app.py", default_timeout=120)
    at.run()
    at.switch_page(PAGE).run()
    return at


def test_lead_merges_two_names_on_the_page_and_every_view_follows(page: AppTest, tmp_path: Path) -> None:
    page.session_state[review.BATCH] = review.Batch("March", RECORDS, [None] * 3)
    at = page.run()
    assert not at.exception
    assert sorted(at.dataframe[0].value["author"]) == ["Sam Carter", "Sam Jones", "sam@acme.example"]
    assert sorted(at.multiselect(key="review_authors").options) == sorted(
        ["Sam Carter", "Sam Jones", "sam@acme.example"]
    )
    at.selectbox(key="alias_from").set_value("Sam Carter").run()
    at.selectbox(key="alias_to").set_value("sam@acme.example").run()
    at.button(key="alias_merge").click().run()
    assert not at.exception
    assert json.loads((tmp_path / "aliases.json").read_text()) == {"Sam Carter": "sam@acme.example"}
    assert sorted(at.dataframe[0].value["author"]) == ["Sam Jones", "sam@acme.example", "sam@acme.example"]
    assert "Sam Carter" not in at.multiselect(key="review_authors").options
    exported = review.export_bytes(RECORDS, "html", aliases=Aliases().load()).decode()
    assert "<td>Sam Carter</td>" not in exported.split("<h2>Per author</h2>")[1].split("<h2>")[0]
    at.button(key="alias_split_0").click().run()
    assert sorted(at.dataframe[0].value["author"]) == ["Sam Carter", "Sam Jones", "sam@acme.example"]


def test_html_report_has_static_charts_and_escapes_their_labels() -> None:
    records = [*RECORDS, record("<b>Eve</b>", 20.0, ["profanity", "profanity"])]
    page = html_report(records)
    charts = page.split("<div class='bars' role='img'>")
    assert len(charts) == 3  # findings per category, tone per author
    assert "&lt;b&gt;Eve&lt;/b&gt;" in charts[2] and "<b>Eve" not in page
    assert "style='width:100.0%'" in charts[1]  # the largest category fills its bar
    assert "<script" not in page.lower()

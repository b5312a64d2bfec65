"""Expectations in everyday wording: our own messages (tests/data/expectations_messages.jsonl), lists by name."""

from __future__ import annotations

import pytest
from messages import load_messages

from coach import Coach
from coach.nlp import load_model

# The first file's messages were written with the rules; the held-out ones after, and measured before any fix.
CASES = load_messages("expectations_messages.jsonl", "expectations_heldout.jsonl")
INCOMPLETE = [c for c in CASES if c["open"]]
COMPLETE = [c["text"] for c in CASES if not c["open"]]


def open_questions(coach: Coach, text: str) -> list[str] | None:
    """Return the questions the coach names as open, or None when it flags nothing."""
    found = coach.analyse(text).by_category("expectations")
    assert len(found) <= 1
    if not found:
        return None
    return found[0].message.split("leaves open: ", 1)[1].rstrip(".").split(", ")


def test_the_table_has_many_wordings_and_hard_negatives():
    assert len(INCOMPLETE) >= 30 and len(COMPLETE) >= 30


@pytest.mark.parametrize("case", INCOMPLETE, ids=lambda c: c["text"][:50])
def test_incomplete_announcements_name_what_matters(coach_full, case):
    named = open_questions(coach_full, case["text"])
    assert named is not None, case["text"]
    assert set(case["open"]) <= set(named)


@pytest.mark.parametrize("text", COMPLETE, ids=lambda t: t[:50])
def test_status_reports_past_work_and_complete_announcements_pass(coach_full, text):
    assert open_questions(coach_full, text) is None


@pytest.mark.parametrize(
    "text,question",
    [
        ("Hi Ed, our engineer Tom will visit your Leeds office on Tuesday at 10am to check the wifi.", None),
        ("Hi Ed, our engineer Tom will visit your Leeds office next week to check the wifi.", "when"),
        ("Hi Ed, our engineer Tom will visit your Leeds office soon to check the wifi.", "when"),
        ("Hi Ed, our engineer Tom will visit your Leeds office on Tuesday to check the wifi.", "when"),
        ("Hi Ed, our engineer Tom will visit on Tuesday at 10am to check the wifi.", "where"),
        ("Hi Ed, an engineer will visit your Leeds office on Tuesday at 10am to check the wifi.", "who"),
    ],
)
def test_one_open_question_is_enough_for_a_visit(coach_full, text, question):
    named = open_questions(coach_full, text)
    assert (named is None) if question is None else (named == [question])


@pytest.mark.parametrize(
    "text,question",
    [
        ("Hi Ed, the tills will be down on Sunday from 6am to 7am. Please take cash meanwhile.", None),
        ("Hi Ed, the tills will be down on Sunday for a bit. Please take cash meanwhile.", "how long"),
        ("Hi Ed, the tills will be down on Sunday from 6am to 7am.", "how"),
        ("Hi Ed, the tills will be down for an hour. Please take cash meanwhile.", "when"),
    ],
)
def test_one_open_question_is_enough_for_an_outage(coach_full, text, question):
    named = open_questions(coach_full, text)
    assert (named is None) if question is None else (named == [question])


def test_a_company_folder_adds_a_visit_word(tmp_path):
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "expectations.yml").write_text(
        "visit_cues:\n  kind: patterns\n  items: ['make\\s+a\\s+house\\s+call']\n", encoding="utf-8"
    )
    text = "Hi Ed, our engineer will make a house call next week."
    nlp = load_model()
    plain = Coach(nlp=nlp, semantic=False)
    company = Coach(nlp=nlp, lexicons=[tmp_path], semantic=False)
    assert plain.analyse(text).by_category("expectations") == []
    named = open_questions(company, text)
    assert named is not None and {"who", "when", "where"} <= set(named)


@pytest.mark.parametrize(
    "text",
    [
        "Hi Ed, we swapped the router this morning, so the internet will be faster from now on.",
        "Hi Ed, we've upgraded the laptops and they will be much quicker.",
        "Hi Ed, I'll be off on Friday; Sam covers my tickets.",
        "Hi Ed, there will be no downtime when we update the antivirus.",
        "Hi Ed, you asked whether the phones will be down on Monday: they won't.",
        "Hi Ed, will the server be offline tonight?",
        "Hi Ed, if the printer breaks again, we will replace it.",
    ],
)
def test_past_negated_asked_and_conditional_work_is_no_announcement(coach_full, text):
    assert open_questions(coach_full, text) is None


def test_an_outage_worded_with_wont_is_an_announcement(coach_full):
    named = open_questions(coach_full, "Hi Ed, the tills won't be available on Sunday morning.")
    assert named == ["how long", "how"]

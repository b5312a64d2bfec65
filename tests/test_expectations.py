"""Expectations: announcements of work that leave who/when/where/how open (seed 001)."""

from __future__ import annotations

import json

import pytest
from conftest import DEVSET, need_shared

EXPECTATIONS_DEVSET = DEVSET / "expectations.jsonl"

BAD = [
    ("Hello Bob, a technician will stop by to check the network at some point.", {"who", "when", "where"}),
    ("Hi team, the accounting upgrade is delayed. We'll update you when we know more.", {"when"}),
    (
        "Hi Gina, we'll be moving your email to the new system soon. There may be a short interruption.",
        {"when", "how long"},
    ),
]
GOOD = [
    "Hi Gina, this Friday at 6pm our engineer Tom will move your mailboxes to the new system. Email will be "
    "unavailable until about 8pm. You don't need to do anything.",
    "Hello Bob, Aisha from our team will be at your Oak Street office on Wednesday at 2pm to test the network. "
    "It takes about an hour and won't interrupt anyone's work.",
    "Hi Lorraine, thanks for the update on the new hires. Let me know if there's anything else we can help with.",
]


@pytest.mark.parametrize("text,missing", BAD)
def test_incomplete_announcements_list_the_open_questions(coach_full, text, missing):
    found = coach_full.analyse(text).by_category("expectations")
    assert len(found) == 1 and found[0].severity == "suggestion"
    for q in missing:
        assert q in found[0].message
    assert found[0].suggestion.startswith("Say ")


@pytest.mark.parametrize("text", GOOD)
def test_complete_announcements_and_other_mail_pass(coach_full, text):
    assert coach_full.analyse(text).by_category("expectations") == []


def test_exact_output(coach_full):
    text = "Hello Bob, a technician will stop by to check the network at some point."
    found = coach_full.analyse(text).by_category("expectations")
    assert [(f.rule, f.start, f.end) for f in found] == [("expectations.incomplete", 11, 71)]


def test_ner_runs_on_demand_where_the_wording_leaves_who_open(coach_full):
    doc = next(coach_full._pipe(["We will upgrade the server on Friday at 2pm with Priya Natarajan's help."], 1))
    assert not doc.has_annotation("ENT_IOB")
    coach_full.report(doc, "non-technical")
    assert "PERSON" in {e.label_ for e in doc.ents}


def test_ner_does_not_run_where_the_wording_answers_every_question(coach_full):
    doc = next(coach_full._pipe(["Our engineer Tom will visit your Oak Street office on Friday at 2pm."], 1))
    report = coach_full.report(doc, "non-technical")
    assert not doc.has_annotation("ENT_IOB")
    assert not report.by_category("expectations")
    assert "coach_ner" not in doc.user_data  # the on-demand hook never outlives the report


def test_devset_examples(coach_full):
    if not EXPECTATIONS_DEVSET.exists():
        need_shared("the dev set")
    for line in EXPECTATIONS_DEVSET.read_text(encoding="utf-8").splitlines():
        case = json.loads(line)
        flagged = bool(coach_full.analyse(case["text"]).by_category("expectations"))
        assert flagged == case["incomplete"], case["text"]

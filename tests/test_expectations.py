"""Expectations: announcements of work that leave who/when/where/how open (seed 001)."""

from __future__ import annotations

import json

import pytest
from conftest import DEVSET, need_shared

EXPECTATIONS_DEVSET = DEVSET / "expectations.jsonl"

BAD = [
    ("Hi Marta, an engineer will come round to look at the alarm panel at some stage.", {"who", "when", "where"}),
    ("Hello all, the new booking system is running late. We will let you know once we hear back.", {"when"}),
    (
        "Hi Kofi, we'll be switching the shop's phones to the new provider soon. There might be a brief outage.",
        {"when", "how long"},
    ),
]
GOOD = [
    "Hi Kofi, this Tuesday at 8pm our engineer Leon will switch the shop's phones to the new provider. Calls will "
    "not connect until about 9pm, and there is nothing for you to do.",
    "Hi Marta, Leon from our team will be at your Mill Lane bakery on Thursday at 7am to replace the alarm panel. "
    "The job takes forty minutes and won't stop the ovens.",
    "Hi Tomasz, thanks for sending the floor plan for the new salon. Give us a call if anything else comes up.",
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
    text = "Hi Marta, an engineer will come round to look at the alarm panel at some stage."
    found = coach_full.analyse(text).by_category("expectations")
    assert [(f.rule, f.start, f.end) for f in found] == [("expectations.incomplete", 10, 78)]


def test_ner_runs_on_demand_where_the_wording_leaves_who_open(coach_full):
    doc = next(coach_full._pipe(["We will upgrade the till software on Thursday at 7am with Grace Mbeki's help."], 1))
    assert not doc.has_annotation("ENT_IOB")
    coach_full.report(doc, "non-technical")
    assert "PERSON" in {e.label_ for e in doc.ents}


def test_ner_does_not_run_where_the_wording_answers_every_question(coach_full):
    doc = next(coach_full._pipe(["Our electrician Leon will visit your Mill Lane bakery on Thursday at 7am."], 1))
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

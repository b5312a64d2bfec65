"""Benefit in other words: our own asks for spend or change (tests/data/benefit_messages.jsonl), lists by name."""

from __future__ import annotations

import pytest
from messages import load_messages

from coach import Coach
from coach.nlp import load_model

# The first file's messages were written with the rules; the held-out ones after, and measured before any fix.
CASES = load_messages("benefit_messages.jsonl", "benefit_heldout.jsonl")
MISSING = [c["text"] for c in CASES if c["benefit_missing"]]
FINE = [c["text"] for c in CASES if not c["benefit_missing"]]


def asks(coach: Coach, text: str) -> list[str]:
    """Return the rule ids of the benefit findings on asks (risk-as-cost is another rule)."""
    return [f.rule for f in coach.analyse(text).by_category("benefit") if f.rule != "benefit.risk_as_cost"]


def test_the_table_has_many_wordings_and_hard_negatives():
    assert len(MISSING) >= 25 and len(FINE) >= 25


@pytest.mark.parametrize("text", MISSING, ids=lambda t: t[:50])
def test_an_ask_for_spend_or_change_without_a_benefit_is_a_finding(coach_full, text):
    assert asks(coach_full, text), text


@pytest.mark.parametrize("text", FINE, ids=lambda t: t[:50])
def test_asks_with_a_benefit_status_reports_and_other_asks_pass(coach_full, text):
    assert asks(coach_full, text) == []


@pytest.mark.parametrize(
    "text,rule",
    [
        ("Hi Ken, the new switches come to £4,200. Can you approve that this week?", "benefit.network"),
        ("Hi Ken, time to retire the old laptops.", "benefit.hardware"),
        ("Hi Ken, the quote for the new firewall is attached.", "benefit.security"),
        ("Hi Ken, we'd like to propose moving your email to Microsoft 365.", "benefit.cloud"),
    ],
)
def test_the_subject_picks_the_suggested_benefit(coach_full, text, rule):
    assert asks(coach_full, text) == [rule]


def test_an_amount_and_its_go_ahead_are_one_ask(coach_full):
    text = "Hi Sid, here's the quote for the new cabling. Shall we go ahead?"
    assert len(asks(coach_full, text)) == 1


def test_exact_output(coach_full):
    text = "Hi Ken, time to retire the old laptops."
    found = [f for f in coach_full.analyse(text).by_category("benefit")]
    assert [(f.rule, f.start, f.end) for f in found] == [("benefit.hardware", 8, 38)]
    assert found[0].text == "time to retire the old laptops"


def test_a_company_folder_adds_an_ask_and_a_benefit(tmp_path):
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "benefit.yml").write_text(
        "benefit_asks:\n  kind: patterns\n  items: ['(?:I|we)\\s+would\\s+green-?light']\n"
        "benefit_stated:\n  kind: patterns\n  items: ['gets\\s+the\\s+samples\\s+out']\n",
        encoding="utf-8",
    )
    ask = "Hi Ken, we would greenlight replacing the lab server this spring."
    recommended = "Hi Ken, we recommend replacing the lab server this spring."
    with_benefit = recommended + " It gets the samples out on the day they arrive."
    nlp = load_model()
    plain = Coach(nlp=nlp, semantic=False)
    company = Coach(nlp=nlp, lexicons=[tmp_path], semantic=False)
    assert asks(plain, ask) == []
    assert asks(company, ask) == ["benefit.server"]
    assert asks(plain, with_benefit) == ["benefit.server"]  # the company's benefit wording is not built in
    assert asks(company, with_benefit) == []

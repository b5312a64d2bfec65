"""Benefit: recommendations for spend or change with no business benefit stated."""

from __future__ import annotations

import pytest
from conftest import rules_of

BAD = [
    "We recommend upgrading the firewall next quarter.",
    "You need to buy a new server for the accounting software.",
    "I propose replacing all of the office printers in June.",
    "We suggest moving your files to cloud storage.",
    "Please approve the budget for new monitors on the second floor.",
    "Hello Mr. Park, your file server is seven years old. We'd like to replace it with a new one.",
    "It's time to replace the router in the back office.",
    "I'd strongly advise renewing the antivirus licence before it lapses in May.",
    "Hello Rita, the switches in the comms room are old and I'd replace them this summer. Quote attached.",
    "Please sign off on the new backup appliance so we can order it.",
    "Hi Mia, you'll need to buy two more licences for the new starters.",
    "Hi Raj, can we go ahead and order the new switches? The quote is attached.",
    "Hi Cam, I think it's time we looked at replacing the phone system.",
    "Dear Mr. Lee, we propose a full network refresh in the spring.",
]
GOOD = [
    "We recommend upgrading the firewall next quarter so that your patient records stay protected.",
    "A new server for the accounting software would cut month-end processing from two days to one afternoon.",
    "We'll install a firewall, a device that screens internet traffic, at both offices.",
    "I suggest we talk on Tuesday.",
    "I'd move the meeting to Friday if that suits you better.",
    "Hi Ola, thanks for approving the firewall; we'll install it on Tuesday evening.",
    "Hi Ben, please let me know if you have any questions about the invoice.",
    "We need to move the meeting to Thursday.",
    "Replacing the printers in June will end the paper jams that slow down your morning invoices.",
]


@pytest.mark.parametrize("text", BAD)
def test_bad_recommendations_are_flagged(coach_full, text):
    assert rules_of(coach_full.analyse(text), "benefit"), text


@pytest.mark.parametrize("text", GOOD)
def test_stated_benefits_and_non_asks_are_not(coach_full, text):
    assert rules_of(coach_full.analyse(text), "benefit") == [], text


def test_exact_output_and_subject_decides_the_suggestion(coach_full):
    text = "Hi Dee, I propose replacing all of the office printers in June."
    found = coach_full.analyse(text).by_category("benefit")
    assert [(f.rule, f.start, f.end) for f in found] == [("benefit.hardware", 8, 62)]
    assert found[0].text == text[8:62] and found[0].replacement is None
    assert found[0].suggestion.startswith("This will give your staff back the time")


def test_revision_adds_the_benefit_after_the_recommendation(coach_full):
    report = coach_full.analyse("We suggest moving your files to cloud storage. The quote is attached.")
    assert report.revision.startswith("We suggest moving your files to cloud storage. This would let your team")
    assert report.revision.endswith("The quote is attached.")
    assert coach_full.analyse(report.revision).by_category("benefit") == []


def test_every_suggested_benefit_sentence_counts_as_a_benefit():
    """The sentence the coach suggests must itself satisfy the coach: applying it clears the finding."""
    from coach.analysers.benefit import states_benefit
    from coach.lexicon import BUILTIN_DIR, load_rules

    topics = [r for r in load_rules((BUILTIN_DIR,)) if r.category == "benefit"]
    assert topics
    assert [r.id for r in topics if not states_benefit(r.action.text or r.suggestion or "")] == []

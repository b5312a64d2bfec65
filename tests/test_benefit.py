"""Benefit: recommendations for spend or change with no business benefit stated."""

from __future__ import annotations

import pytest
from conftest import rules_of

BAD = [
    "We recommend adding two-factor sign-in to every account at the bakery this month.",
    "You need to buy a new server for the dental practice's imaging program.",
    "I propose replacing the four reception computers at the dental surgery in March.",
    "We suggest moving the workshop job sheets into SharePoint.",
    "Please approve the budget for two new laptops for the sales reps.",
    "Hi Mrs. Okafor, the storage box in your design studio is eight years old. We'd like to replace it in March.",
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
    "We recommend adding two-factor sign-in to every account at the bakery so that a stolen password can't open your order system.",
    "A second server for the dental practice's imaging program would let two surgeries open X-rays at the same time.",
    "We'll set up a spam filter, a service that sorts junk mail before it reaches anyone, for the salon.",
    "I suggest we talk on Tuesday.",
    "I'd move the meeting to Friday if that suits you better.",
    "Hi Ola, thanks for approving the firewall; we'll install it on Tuesday evening.",
    "Hi Ben, please let me know if you have any questions about the invoice.",
    "We need to move the meeting to Thursday.",
    "New barcode scanners at the tills would cut the Saturday queue at the bakery counter in half.",
]


@pytest.mark.parametrize("text", BAD)
def test_bad_recommendations_are_flagged(coach_full, text):
    assert rules_of(coach_full.analyse(text), "benefit"), text


@pytest.mark.parametrize("text", GOOD)
def test_stated_benefits_and_non_asks_are_not(coach_full, text):
    assert rules_of(coach_full.analyse(text), "benefit") == [], text


def test_exact_output_and_subject_decides_the_suggestion(coach_full):
    text = "Hi Dee, I propose replacing the four reception computers at the dental surgery in March."
    found = coach_full.analyse(text).by_category("benefit")
    assert [(f.rule, f.start, f.end) for f in found] == [("benefit.hardware", 8, 87)]
    assert found[0].text == text[8:87] and found[0].replacement is None
    assert found[0].suggestion.startswith("This will give your staff back the time")


def test_revision_adds_the_benefit_after_the_recommendation(coach_full):
    report = coach_full.analyse("We suggest moving the workshop job sheets into SharePoint. The quote is attached.")
    assert report.revision.startswith(
        "We suggest moving the workshop job sheets into SharePoint. This would let your team"
    )
    assert report.revision.endswith("The quote is attached.")
    assert coach_full.analyse(report.revision).by_category("benefit") == []


def test_every_suggested_benefit_sentence_counts_as_a_benefit():
    """The sentence the coach suggests must itself satisfy the coach: applying it clears the finding."""
    from coach.analysers.benefit import states_benefit
    from coach.lexicon import BUILTIN_DIR, load_rules

    topics = [r for r in load_rules((BUILTIN_DIR,)) if r.category == "benefit"]
    assert topics
    assert [r.id for r in topics if not states_benefit(r.action.text or r.suggestion or "")] == []

"""Empathy: replies to a client's problem or question that never acknowledge it; old kit with no cost of waiting (seed 003)."""

from __future__ import annotations

import pytest
from conftest import SEEDS, need_shared, rules_of

from coach.analysers.benefit import states_benefit

SEED_BAD = (
    "Yeah, I'm not surprised you're having trouble incorporating your cloud-based CRM app. I can't believe "
    "you can even get your business on the 'net using that crappy Linksy router. What the #$@%! were you "
    "thinking? And connecting six-year-old Dell Dimensions with P4s running XP? #$!@!! man, I'm surprised "
    "you've stayed in business as long as you have."
)
SEED_GOOD = (
    "Yes, I can imagine users are experiencing difficulty leveraging your business' new CRM investments. If "
    "we could upgrade these desktops, which exceed intended lifecycles, with business-grade machines and "
    "drop in a commercial-grade router to harden your network and better meet HIPAA intrusion auditing "
    "recommendations, that'll make quite a difference. The time staff saves with the new PCs, leveraging "
    "the CRM app and waiting for screens to load can be better used, ultimately, treating patients."
)

# (draft, rule, suggested opening)
BAD = [
    (
        "The screens at the front desk are slow because the computers only have 4 GB of memory.",
        "empathy.slow",
        "I can see why the slow screens have been frustrating.",
    ),
    (
        "Hi Dana, your laptop freezes because the disk is nearly full.",
        "empathy.slow",
        "I can see why the trouble with your laptop has been frustrating.",
    ),
    (
        "The email server went down at 10 because its disk filled up. We have cleared space.",
        "empathy.outage",
        "I understand how disruptive the email server outage has been.",
    ),
    (
        "Hi Tom, the internet is not working at the branch because the provider's line is cut.",
        "empathy.outage",
        "I understand how disruptive the internet outage has been.",
    ),
    (
        "The accounting program crashes because the update did not finish. We will rerun it tonight.",
        "empathy.error",
        "I can see why the trouble with the accounting program has been frustrating.",
    ),
    (
        "The files on your shared drive were deleted by the sync tool. We can restore them from Tuesday's backup.",
        "empathy.lost",
        "I understand how worrying losing the files has been.",
    ),
    (
        "The problem you reported with the scanner comes from an old driver.",
        "empathy.trouble",
        "I can see why the trouble with the scanner has been frustrating.",
    ),
    (
        "Your new laptops are delayed because the supplier ran out of stock. They arrive on Friday.",
        "empathy.delay",
        "I can see why the delay with your new laptops has been frustrating.",
    ),
    (
        "You asked about the flashing light on the router. It means the router is updating itself.",
        "empathy.question",
        "Thanks for asking about the flashing light on the router.",
    ),
]
GOOD = [
    SEED_GOOD,
    "I know the wait for the new tills has been hard on you, with the Christmas rush about to start.",
    "I'm sorry the email was down this morning; the server's disk filled up and we have cleared space.",
    "Thanks for letting us know about the printer error; the driver is out of date and we will update it tonight.",
    "Short note: the card machines are taking payments again, and we'll keep an eye on them until closing.",
    "The job is done and every tablet in the salon has the newest app version.",
    "Hi Ray, the login problems came from the office computers' clocks drifting a few minutes apart. We set them "
    "all to check the time from one source, and the errors have stopped.",
    "There may be a short interruption to email on Friday evening while we move the mailboxes.",
    "Let me know if you have any trouble with the new login.",
    "No errors were found in last night's backup.",
    "New barcode scanners at the tills would cut the Saturday queue at the bakery counter in half.",
    "Just send over the dates that work for the bakery and we'll book the visit.",
    "Great question about the warning message. It was your antivirus doing its job.",
    "The deal was lost to a competitor, so the team is moving on to the next bid.",
]


@pytest.mark.parametrize("text,rule,opening", BAD, ids=[b[1] + str(i) for i, b in enumerate(BAD)])
def test_unacknowledged_problems_get_an_opening(coach_full, text, rule, opening):
    found = coach_full.analyse(text).by_category("empathy")
    assert [f.rule for f in found] == [rule]
    assert found[0].suggestion == opening and found[0].severity == "suggestion"
    assert found[0].replacement is None


@pytest.mark.parametrize("text", GOOD)
def test_acknowledged_hypothetical_resolved_and_cheerful_messages_pass(coach_full, text):
    assert rules_of(coach_full.analyse(text), "empathy") == [], text


def test_exact_output_anchors_on_the_first_sentence_after_the_greeting(coach_full):
    text = "Hi Dana,\n\nYour laptop freezes because the disk is nearly full. We will clear it tonight."
    found = coach_full.analyse(text).by_category("empathy")
    assert [(f.rule, f.start, f.end) for f in found] == [("empathy.slow", 10, 62)]
    assert found[0].text == text[10:62] == "Your laptop freezes because the disk is nearly full."


def test_revision_opens_with_the_acknowledgement_and_keeps_the_draft(coach_full):
    text = "Hi Tom, the internet is not working at the branch because the provider's line is cut."
    report = coach_full.analyse(text)
    assert report.revision.startswith("Hi Tom, I understand how disruptive the internet outage has been. The internet")
    assert coach_full.analyse(report.revision).by_category("empathy") == []


def test_seed_003_bad_example_gets_an_opening_and_risk_as_cost_naming_the_kit(coach_full):
    report = coach_full.analyse(SEED_BAD)
    rules = rules_of(report)
    assert "empathy.trouble" in rules and "benefit.risk_as_cost" in rules
    opening = report.by_category("empathy")[0]
    assert (opening.start, opening.suggestion) == (
        0,
        "I can see why the trouble with your cloud-based CRM app has been frustrating.",
    )
    risk = next(f for f in report.findings if f.rule == "benefit.risk_as_cost")
    assert risk.text == "six-year-old Dell Dimensions with P4s running XP"
    assert "computers" in risk.suggestion and "router" in risk.suggestion and states_benefit(risk.suggestion)
    revision = report.revision.lower()
    assert "router" in revision and "computers" in revision and states_benefit(report.revision)
    # The draft's own "I'm not surprised" is reframed as the acknowledgement, so the opening is not added twice.
    assert revision.count("i can see why") == 1


def test_seed_003_good_example_gets_neither(coach_full):
    rules = rules_of(coach_full.analyse(SEED_GOOD))
    assert not [r for r in rules if r.startswith("empathy") or r == "benefit.risk_as_cost"]


RISK_BAD = [
    ("Your server is nine years old and out of warranty.", "the server fail", "replacing it now"),
    ("You're still running the accounts on Windows 7 computers.", "the computers fail", "replacing them now"),
]
RISK_GOOD = [
    "The delivery van's tablet wore out after five winters on the road.",
    "Your head chef, Marco, saved us hours by labelling every cable in the kitchen.",
    "Your server is nine years old; if it fails in April it could cost you a week of work.",
    "Your server is nine years old. We recommend replacing it this spring.",  # the benefit analyser's ask
    "Hi Mrs. Okafor, replacing the eight-year-old storage box in your studio before the spring rush would protect "
    "you from losing a week of drawings if it fails.",
]


@pytest.mark.parametrize("text,kit,them", RISK_BAD)
def test_old_kit_without_the_cost_of_waiting(coach_full, text, kit, them):
    found = [f for f in coach_full.analyse(text).findings if f.rule == "benefit.risk_as_cost"]
    assert len(found) == 1 and found[0].category == "benefit" and found[0].severity == "suggestion"
    assert kit in found[0].suggestion and them in found[0].suggestion


@pytest.mark.parametrize("text", RISK_GOOD)
def test_old_kit_with_cost_stated_or_no_warning(coach_full, text):
    assert "benefit.risk_as_cost" not in rules_of(coach_full.analyse(text)), text


def test_risk_as_cost_is_a_known_rule_that_can_be_disabled(coach_full):
    from coach import Coach

    assert "benefit.risk_as_cost" in coach_full.rule_ids()
    quiet = Coach(nlp=coach_full.nlp, disable=["benefit.risk_as_cost"])
    assert "benefit.risk_as_cost" not in rules_of(quiet.analyse(RISK_BAD[0][0]))


def test_seed_003_text_is_the_one_quoted():
    seed = next(SEEDS.glob("003_*.txt"), None)
    if seed is None:
        need_shared("the seed articles")
    body = " ".join(seed.read_text(encoding="utf-8").split())
    assert SEED_GOOD[:80] in body and SEED_BAD[:60] in body

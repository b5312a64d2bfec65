"""Blame: hindsight, ignored advice, fault, disparaging staff, and the client-as-cause parse rule."""

from __future__ import annotations

import pytest
from conftest import rules_of

BAD = [
    ("You should have warned us about the kitchen refit before the electricians cut the power.", "blame.should_have"),
    (
        "If you had checked the rota I sent, you would have seen the till was out of action on Monday.",
        "blame.if_you_had",
    ),
    ("As I already told you, the server needs replacing.", "blame.told_you"),
    ("Per my last email, the invoice is overdue.", "blame.per_my_last"),
    ("Your manager approved the cheaper plan against our advice.", "blame.against_advice"),
    ("That was user error.", "blame.user_error"),
    ("The crash is your fault for skipping the card terminal updates.", "blame.your_fault"),
    ("That is what happens when you ignore the battery warnings on the tills.", "blame.what_happens"),
    ("Your IT guy messed up the firewall.", "blame.client_staff"),
    ("Whoever set this up did not label a single cable.", "blame.whoever"),
    ("The printer broke because somebody in your office forced the paper tray.", "blame.someone_in_office"),
    ("We put the card reader back on its stand, but please tell him to stop unplugging it.", "blame.stop_them"),
    ("The reader failed because the cashier keeps pulling the cable out.", "blame.keeps_doing"),
    (
        "Your intern installed a game on the till PC himself and that is what froze the card reader.",
        "blame.client_as_cause",
    ),
    ("Since you declined the support plan, the call-out will be charged at the full rate.", "blame.client_as_cause"),
    (
        "Your receptionist shared the booking login on a group chat, so a former employee changed the prices.",
        "blame.client_as_cause",
    ),
    ("You didn't renew the domain, so the shop's website went offline.", "blame.client_as_cause"),
    ("The files are gone because your staff ignored the reminders.", "blame.client_as_cause"),
]

GOOD = [
    "You should have received the invoice by now.",
    "You should have the replacement card reader at the shop by Thursday.",
    "If you have any questions, let me know.",
    "If you'd like, we can call tomorrow.",
    "Your head chef, Marco, saved us hours by labelling every cable in the kitchen.",
    "Thank you for letting us know early about the new starter.",
    "We made a mistake in the schedule and we are sorry.",
    "The nightly backup was interrupted by the storm, so we ran it again at 7am.",
    "You don't have to restart the tills tonight.",
    "We know you have been busy with the expansion.",
    "I have some comments on the packages you gave me, so we need to talk.",
    "As we discussed on Tuesday, the new server arrives Friday.",
]


@pytest.mark.parametrize("text,rule", BAD)
def test_bad(text, rule, coach_full):
    assert rule in rules_of(coach_full.analyse(text), "blame")


@pytest.mark.parametrize("text", GOOD)
def test_good(text, coach_full):
    assert rules_of(coach_full.analyse(text), "blame") == []


def test_exact_output(coach_full):
    text = "You didn't renew the domain, so the shop's website went offline."
    found = [(f.rule, f.start, f.end, f.text) for f in coach_full.analyse(text).findings if f.category == "blame"]
    assert found == [("blame.client_as_cause", 0, 27, "You didn't renew the domain")]


def test_the_parse_decides_not_the_words(blank_coach, coach_full):
    # Without a parser the receipt check falls back to word shapes and still gets these right.
    assert rules_of(blank_coach.analyse("You should have told us."), "blame") == ["blame.should_have"]
    assert rules_of(blank_coach.analyse("You should have received it."), "blame") == []
    # The client-as-cause rule needs the parse: a blank pipeline cannot tell who did what.
    assert rules_of(blank_coach.analyse("Your staff ignored the reminders, so the files are gone."), "blame") == []
    assert rules_of(coach_full.analyse("Your staff ignored the reminders, so the files are gone."), "blame")


def test_blame_is_flagged_for_every_audience(coach_full):
    for audience in ("non-technical", "executive", "technical"):
        assert rules_of(coach_full.analyse("That was user error.", audience), "blame") == ["blame.user_error"]


def test_someone_on_the_clients_staff_as_the_cause(coach_full):
    text = "The files were deleted because someone on your staff emptied the recycle bin."
    assert rules_of(coach_full.analyse(text), "blame") == ["blame.client_as_cause"]
    assert rules_of(coach_full.analyse("Someone on our team emptied the bin, so we restored it."), "blame") == []

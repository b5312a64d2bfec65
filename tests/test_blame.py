"""Blame: hindsight, ignored advice, fault, disparaging staff, and the client-as-cause parse rule."""

from __future__ import annotations

import pytest
from conftest import rules_of

BAD = [
    ("You should have told us about the move before the movers unplugged everything.", "blame.should_have"),
    ("If you had read my email, you would have known the office would be offline.", "blame.if_you_had"),
    ("As I already told you, the server needs replacing.", "blame.told_you"),
    ("Per my last email, the invoice is overdue.", "blame.per_my_last"),
    ("Your manager approved the cheaper plan against our advice.", "blame.against_advice"),
    ("That was user error.", "blame.user_error"),
    ("The slowdown is entirely your fault for buying the cheapest computers available.", "blame.your_fault"),
    ("This is what happens when you skip the maintenance visits we recommended.", "blame.what_happens"),
    ("Your IT guy messed up the firewall.", "blame.client_staff"),
    ("Whoever set this up did not label a single cable.", "blame.whoever"),
    ("The printer broke because somebody in your office forced the paper tray.", "blame.someone_in_office"),
    ("We reconnected it, but please tell her to stop doing that.", "blame.stop_them"),
    ("The reader failed because the cashier keeps pulling the cable out.", "blame.keeps_doing"),
    (
        "Your bookkeeper installed the update herself and that is what broke the payroll program.",
        "blame.client_as_cause",
    ),
    ("Since you refused to buy the extended warranty, the repair will be billed in full.", "blame.client_as_cause"),
    ("Your staff shared the admin password on a sticky note, so the account was taken over.", "blame.client_as_cause"),
    ("You didn't back up the laptop, so the photos are gone.", "blame.client_as_cause"),
    ("The files are gone because your staff ignored the reminders.", "blame.client_as_cause"),
]

GOOD = [
    "You should have received the invoice by now.",
    "You should have a new login email in your inbox within the hour.",
    "If you have any questions, let me know.",
    "If you'd like, we can call tomorrow.",
    "Your office manager, Priya, was a huge help in finding the old passwords.",
    "Thank you for letting us know early about the new starter.",
    "We made a mistake in the schedule and we are sorry.",
    "The nightly backup was interrupted by the storm, so we ran it again at 7am.",
    "You don't need to do anything.",
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
    text = "You didn't back up the laptop, so the photos are gone."
    found = [(f.rule, f.start, f.end, f.text) for f in coach_full.analyse(text).findings if f.category == "blame"]
    assert found == [("blame.client_as_cause", 0, 29, "You didn't back up the laptop")]


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

"""Profanity: swearing, insults, masked words and grawlix, but never IT vocabulary."""

from __future__ import annotations

import pytest
from conftest import rules_of
from seed_examples import bad_example

BAD = [
    ("The damn router rebooted itself again at lunch.", "profanity.swear"),
    ("That crappy old laptop finally gave up.", "profanity.swear"),
    ("Who the heck bought these cables?", "profanity.hell"),
    ("Your P4s running XP are junk.", "profanity.insult"),
    ("The old accounting package is total garbage.", "profanity.insult"),
    ("This f*** printer jammed again.", "profanity.masked"),
    ("Total s**t show this morning.", "profanity.masked"),
    ("The #$%& scanner lost its settings again.", "profanity.grawlix"),
]

# IT words that alex and friends trip over: none of these is profanity.
GOOD = [
    "We will kill the process and abort the job.",
    "Execute the script, then dump the database.",
    "The app may hang while the master node syncs.",
    "Java's garbage collection paused the service.",
    "Check the junk mail folder for the invoice.",
    "The script uses $@ and #!/bin/bash.",
    "Costs rose 5% and item #3 is done.",
    "The service is written in F# and C#.",
    "**Important:** the office is closed on Monday.",
    "Email us at help@example.com.",
    "Hello, the shell script finished.",
]


@pytest.mark.parametrize("text,rule", BAD)
def test_bad(text, rule, coach_full):
    assert rule in rules_of(coach_full.analyse(text), "profanity")


@pytest.mark.parametrize("text", GOOD)
def test_good(text, coach_full):
    assert rules_of(coach_full.analyse(text), "profanity") == []


def test_exact_output(coach_full):
    text = "That crappy router. What the #$@%! happened?"
    found = [(f.rule, f.start, f.end) for f in coach_full.analyse(text).findings if f.category == "profanity"]
    assert found == [("profanity.swear", 5, 11), ("profanity.grawlix", 29, 34)]


def test_seed_003_bad_example_swears(coach_full):
    found = {f.text for f in coach_full.analyse(bad_example()).findings if f.category == "profanity"}
    assert {"crappy", "#$@%!"} <= found

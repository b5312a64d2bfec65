"""Profanity: swearing, insults, masked words and grawlix, but never IT vocabulary."""

from __future__ import annotations

import pytest
from conftest import rules_of
from seed_examples import bad_example

BAD = [
    ("The bloody card machine froze during the Saturday rush.", "profanity.swear"),
    ("This crappy scanner in the stockroom keeps dropping off the Wi-Fi.", "profanity.swear"),
    ("Why the hell does the kiosk keep restarting?", "profanity.hell"),
    ("Your P4s running XP are junk.", "profanity.insult"),
    ("That booking app is complete rubbish.", "profanity.insult"),
    ("This f*** printer jammed again.", "profanity.masked"),
    ("Total s**t show this morning.", "profanity.masked"),
    ("The #@$% label printer jammed on the first roll.", "profanity.grawlix"),
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


# Masked and respelled swearing: stars, an apostrophe, digits and symbols, stretched, swapped or spaced letters.
MASKED = [
    ("This f**k printer jammed again.", "f**k"),
    ("The router is f'd again.", "f'd"),
    ("What a s*** day.", "s***"),
    ("This is sh!t.", "sh!t"),
    ("What the fcuk happened?", "fcuk"),
    ("f u c k this printer.", "f u c k"),
    ("F.U.C.K. the backup failed.", "F.U.C.K"),
    ("This is sh1t.", "sh1t"),
    ("That's bullsh1t.", "bullsh1t"),
    ("What an a$$hole move.", "a$$hole"),
    ("Total b1tch of a job.", "b1tch"),
    ("The server is fvcked.", "fvcked"),
    ("What the phuck?", "phuck"),
    ("Fuuuck, the backup failed.", "Fuuuck"),
    ("This is shiiit.", "shiiit"),
]

# Words that contain a curse's letters, code and markdown: never profanity.
NOT_MASKED = [
    "The Scunthorpe office is online.",
    "Please assess the class schedule before the assessment.",
    "Compute a**b in Python, or 2**8.",
    "**Bold** text marks the **important** notes.",
    "Our Fukuoka branch ordered shiitake for the canteen.",
    "Email help@example.com or call the U.S.A. office.",
    "The password field rejects sh1t4me and p4ssw0rd.",
    "Press F, then U, then the arrow.",
    "Use `f**k` only as a test string in `grep`.",
    "Set the flag with -f'd' in the script.",
    "A cl@ss of 30 passed; l33t coders wrote 1337 lines.",
]


@pytest.mark.parametrize("text,word", MASKED)
def test_masked_and_respelled_swearing_is_found(text, word, coach_full):
    found = [f.text for f in coach_full.analyse(text).findings if f.category == "profanity"]
    assert found == [word]


@pytest.mark.parametrize("text", NOT_MASKED)
def test_curse_letters_inside_words_code_and_markdown_are_not_profanity(text, coach_full):
    assert rules_of(coach_full.analyse(text), "profanity") == []


# Swearing and insults of code review and office mail beyond the seed article's words (ordinary knowledge of
# English swearing; none is taken from an evaluation set), and the ordinary words that look like them.
MORE_BAD = [
    ("This patch is half-assed.", "profanity.swear"),
    ("Who wrote this shitload of copy-paste?", "profanity.swear"),
    ("Fuck off with the nitpicks.", "profanity.swear"),
    ("Hell no, we are not merging that.", "profanity.hell"),
    ("What in the hell is this loop doing?", "profanity.hell"),
    ("Only a jerk would push to main on a Friday.", "profanity.insult"),
    ("The reviewers are a bunch of muppets.", "profanity.insult"),
    ("Whoever designed this is a bonehead.", "profanity.insult"),
]
MORE_GOOD = [
    "Let's avoid a knee-jerk reaction to the outage.",
    "Hello team, the shell script and the helpdesk are ready.",
    "Please assess the Scunthorpe office's class schedule.",
    "We will kill the process and reboot the host.",
    "The Dickens collection is in the library.",
    "Sussex and Essex offices passed the assessment.",
    "We made the form idiot-proof and the backup foolproof.",
    "Don't be fooled by the green light; kill the stuck job first.",
]


@pytest.mark.parametrize("text,rule", MORE_BAD)
def test_more_swearing_and_insults_are_found(text, rule, coach_full):
    assert rule in rules_of(coach_full.analyse(text), "profanity")


@pytest.mark.parametrize("text", MORE_GOOD)
def test_ordinary_words_that_look_like_swearing_are_not_profanity(text, coach_full):
    assert rules_of(coach_full.analyse(text), "profanity") == []


# Insults, slurs, threats and sexual slurs of ordinary English (the kinds the ToxiCR paper counts as toxic:
# insults, profanity, identity attacks, threats), written here, none taken from an evaluation set.
INSULTS_AND_THREATS = [
    ("RTFM before you open another issue.", "profanity.swear", "RTFM"),
    ("Are you blind? The test is red.", "profanity.insult", "Are you blind"),
    ("This module is a dumpster fire.", "profanity.insult", "dumpster fire"),
    ("Whoever approved this is a lunatic.", "profanity.insult", "lunatic"),
    ("What kind of dork writes a 900-line function?", "profanity.insult", "dork"),
    ("This review process is amateur hour.", "profanity.insult", "amateur hour"),
    ("An asinine way to parse dates.", "profanity.insult", "asinine"),
    ("Don't be such a prat about the naming.", "profanity.insult", "prat"),
    ("Just go kill yourself if you push that again.", "profanity.swear", "go kill yourself"),
    ("Shut your mouth and fix the build.", "profanity.swear", "Shut your mouth"),
    ("Couldn't be arsed to write a test, could you?", "profanity.swear", "arsed"),
    ("What a sodding mess of a merge.", "profanity.swear", "sodding"),
    ("Dafuq is this regex?", "profanity.swear", "Dafuq"),
    ("Get a clue before you review my code.", "profanity.insult", "Get a clue"),
    ("Written by lazy developers, as usual.", "profanity.insult", "lazy developers"),
    ("This is the config from hell.", "profanity.hell", "from hell"),
    ("Hell, I don't know why it passes.", "profanity.hell", "Hell,"),
    ("That benchmark is total BS.", "profanity.hell", "total BS"),
    ("If this ships, we're screwed.", "profanity.hell", "we're screwed"),
    ("Whoever wrote this locking is brain damaged.", "profanity.insult", "brain damaged"),
    ("An ignorant reviewer approved it.", "profanity.insult", "ignorant"),
    ("This freakin build again.", "profanity.swear", "freakin"),
]
RESPELLED_INSULTS = [
    ("Only an id1ot would hard-code the password.", "id1ot"),
    ("This is st00pid.", "st00pid"),
    ("Stoopid mistake, again.", "Stoopid"),
    ("Total stup1d design.", "stup1d"),
    ("What a m0r0n.", "m0r0n"),
    ("Stop being a d1ck about it.", "d1ck"),
    ("The c*nt who wrote this left.", "c*nt"),
]
# Ordinary words of IT and office mail that sit near the new words: never profanity.
NEAR_MISSES = [
    "Add a dummy variable for each region, then merge into the master branch.",
    "We will kill the process, then kill the container if it hangs.",
    "The cook at the Scunthorpe canteen asked for a new fridge.",
    "Our foolproof backup needs a dork-free naming scheme? No: a clear naming scheme.",
    "The psychology department's booking form is ready.",
    "Don't be fooled by the green light on the switch.",
    "A fool-proof check: this would fool the parser, so we escape the quotes.",
    "for kys in pairs: print(kys)",
    "Lazy loading keeps the page fast; we'd rather not be lazy about the tests though.",
    "The shell is hell to quote in, so use a script. Set bs=4M for dd.",
    "The bracket is screwed into the wall, and we were screwed down to the rack rail.",
    "The parcel may get lost in the post; the Hellman file is attached.",
    "I was ignorant of the new rule until Monday; the brain scan clinic called.",
    "The sucker rod pump at site 4 needs a new seal.",
    "Open the cockpit panel and read the pass code to the pilot.",
    "Please assess the class list; the Dickens Street office will pass it on.",
]


@pytest.mark.parametrize("text,rule,word", INSULTS_AND_THREATS)
def test_insults_slurs_and_threats_are_found(text, rule, word, coach_full):
    found = [(f.rule, f.text) for f in coach_full.analyse(text).findings if f.category == "profanity"]
    assert (rule, word) in found


@pytest.mark.parametrize("text,word", RESPELLED_INSULTS)
def test_respelled_insults_are_found(text, word, coach_full):
    assert word in [f.text for f in coach_full.analyse(text).findings if f.category == "profanity"]


@pytest.mark.parametrize("text", NEAR_MISSES)
def test_words_near_the_new_insults_are_not_profanity(text, coach_full):
    assert rules_of(coach_full.analyse(text), "profanity") == []

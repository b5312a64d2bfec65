"""Never worse than the draft: the accept/reject check on each edit, and properties of revisions of generated drafts."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import coach
from coach.edit_check import DANGLING_COMMA, DANGLING_DETERMINER, DANGLING_TO, DOUBLED, NUMBER, rejection

WORSE = [
    (
        "We moved the SQL Server to the cloud.",
        "We moved the the database to the cloud.",
        "SQL Server",
        "a doubled word",
    ),
    (
        "Please don't make the individual investor the loser.",
        "Please don't make the individual investor the.",
        "loser",
        "a dangling article",
    ),
    ("Obviously, the router failed.", ", the router failed.", "Obviously", "a dangling comma"),
    (
        "Whoever keeps changing it needs to stop touching things they don't understand.",
        "Whoever keeps changing it needs to they don't understand.",
        "stop touching things",
        "a dangling 'to'",
    ),
    ("Send the 3 invoices by Friday.", "Send the invoices by Friday.", "Send", "drops 3"),
    (
        "Please try to read the notes before calling me today.",
        "Please try to read today.",
        "try to",
        "drops the writer's words",
    ),
]


@pytest.mark.parametrize("before,after,flagged,why", WORSE)
def test_an_edit_that_leaves_the_sentence_worse_is_rejected(before, after, flagged, why):
    assert rejection(before, after, flagged) == why


NO_WORSE = [
    ("Obviously the router failed.", "The router failed.", "Obviously"),
    ("The SQL Server is full.", "The database is full.", "SQL Server"),
    ("Send me the figures by noon.", "Could you send me the figures by noon?", "Send"),
    ("Your staff shared the password.", "The password was shared.", "Your staff shared the password"),
]


@pytest.mark.parametrize("before,after,flagged", NO_WORSE)
def test_an_edit_that_keeps_the_sentence_whole_is_accepted(before, after, flagged):
    assert rejection(before, after, flagged) is None


def test_the_parse_catches_a_lost_verb_and_a_lost_name(coach_full):
    parse = coach_full.rewriter.parse
    assert rejection("The server failed on Monday.", "The server on Monday.", "failed", parse) == "no verb left"
    lost = rejection("Linda restarted the server.", "The server was restarted.", "x", parse, keep_share=0.5)
    assert lost == "drops linda"
    assert rejection("Linda restarted the server.", "Linda restarted it.", "x", parse, keep_share=0.5) is None


def test_a_rejected_fix_leaves_the_text_alone_and_keeps_the_suggestion(coach_full):
    draft = "Frankly, whoever at your salon keeps unplugging the card readers needs to stop fiddling with things they don't understand."
    report = coach_full.analyse(draft)
    assert report.findings and all(f.suggestion or f.message for f in report.findings)
    assert "needs to they" not in (report.revision or "")
    assert not DANGLING_TO.search(report.revision or "")


# ---- properties over generated drafts ----

NAMES = ["Linda", "Tony", "Brian", "Ines", "Mr Patel"]
SYSTEMS = ["the SQL Server", "the VPN", "Outlook", "the NAS", "the DNS", "the firewall", "QuickBooks"]
AMOUNTS = ["25 MB", "3 pm", "$1,200", "40 users", "12 March", "version 2.4"]
BLUNT = [
    "Obviously {system} was down because you never restarted it.",
    "You must send me the {amount} figures ASAP.",
    "Why didn't you tell us {system} stopped at {amount}?",
    "Your staff broke {system} again, it's not rocket science.",
    "Just reboot {system}, it's really simple.",
    "If you had read my email, you would have known {system} would be offline at {amount}.",
    "Honestly, who the heck set up {system} with {amount} like that?",
    "Send me the logs for {system} by {amount}.",
    "You should have told us about the {amount} before we touched {system}.",
    "As I mentioned several times already, {system} only works with {amount}.",
    "{name} keeps changing the settings on {system}.",
    "We checked {system} and it runs at {amount}.",
]

sentence = st.builds(
    lambda t, name, system, amount: t.format(name=name, system=system, amount=amount),
    st.sampled_from(BLUNT),
    st.sampled_from(NAMES),
    st.sampled_from(SYSTEMS),
    st.sampled_from(AMOUNTS),
)
drafts = st.builds(
    lambda name, body: f"Hi {name},\n\n" + " ".join(body) + "\n\nThanks,\nSam",
    st.sampled_from(NAMES),
    st.lists(sentence, min_size=1, max_size=4),
)


def _shapes(text: str) -> dict[str, int]:
    return {p.pattern: len(p.findall(text)) for p in (DOUBLED, DANGLING_DETERMINER, DANGLING_COMMA, DANGLING_TO)}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(drafts)
def test_every_accepted_edit_keeps_names_and_numbers_and_no_failure_shape(coach_full, draft):
    report = coach_full.analyse(draft)
    revision = report.revision or draft
    flagged = " ".join(f.text for f in report.findings)
    for number in set(NUMBER.findall(draft)):
        assert number in revision or number in flagged, (number, revision)
    for name in NAMES:
        if name in draft:
            assert name in revision, (name, revision)
    before, after = _shapes(draft), _shapes(revision)
    assert all(after[k] <= before[k] for k in before), (draft, revision)
    for e in report.edits:  # every edit is placed where it says, and passes the check on its own
        assert draft[e.start : e.end] == e.before and revision[e.at : e.at_end] == e.after
        assert e.rule in {f.rule for f in report.findings} and e.why
    # Apply all on the same findings gives the page the same text as the revision.
    assert coach.rewrite.revise(draft, report.findings, rewriter=coach_full.rewriter) == revision
    assert not re.search(r"\b(\w+) \1\b", revision.lower()) or re.search(r"\b(\w+) \1\b", draft.lower())

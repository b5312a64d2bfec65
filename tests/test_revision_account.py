"""The neutral account (coach/revision_account.py): how a sentence the semantic layer reads as blame is retold.

The semantic layer's finding covers a whole sentence and names no phrase; its fix is
`retell: neutral_account` (lexicons/revision/semantic_fixes.yml). These tests give the rewriter such a
finding directly, so they check the retelling itself, whatever the trained model decides.
"""

from __future__ import annotations

import pytest

from coach.report import Finding
from coach.rewrite import Edit, apply_edits, select_edits, semantic_fixes


def semantic_blame(text: str, start: int = 0, end: int | None = None) -> Finding:
    """Return a blame.semantic finding over text[start:end], as the semantic layer reports it."""
    end = len(text) if end is None else end
    return Finding(
        category="blame",
        rule="blame.semantic",
        start=start,
        end=end,
        text=text[start:end],
        message="This may read as blaming the client or their staff.",
        suggestion="Tell what happened without a culprit.",
        severity="suggestion",
    )


def retold(coach_full, text: str, start: int = 0, end: int | None = None) -> str:
    edit = coach_full.rewriter.edit_for(text, semantic_blame(text, start, end))
    return apply_edits(text, [edit]) if edit is not None else text


def test_the_semantic_blame_finding_is_fixed_by_the_neutral_account():
    assert semantic_fixes()["blame.semantic"].transformer == "neutral_account"


@pytest.mark.parametrize(
    ("draft", "revision"),
    [
        # an instruction passed on to the reader's people: what would help
        (
            "Tell your delivery drivers to update the tablets before they leave.",
            "It would help if your delivery drivers could update the tablets before they leave.",
        ),
        (
            "Get your brewers to stop sharing the single tank-monitor login.",
            "It would help if your brewers could stop sharing the single tank-monitor login.",
        ),
        # any other instruction about them
        (
            "Make sure your staff lock the office PC whenever they step away.",
            "It would help to make sure your staff lock the office PC whenever they step away.",
        ),
        # an act of their people: the object as the subject, and a next step
        (
            "Your dispatcher turned off the GPS trackers, so the vans vanished from the map on Tuesday.",
            "The GPS trackers were turned off, so the vans vanished from the map on Tuesday; "
            "we'd be glad to help make this easier next time.",
        ),
        # a technical contrast keeps its words and gains a next step; a greeting stays
        (
            "Hi Jen, the shared mailbox is not the same thing as your inbox.",
            "Hi Jen, the shared mailbox is not the same thing as your inbox; "
            "we'd be glad to show you how each one works.",
        ),
        # a technical account of a fault: the reader's thing told as a thing
        (
            "Your MX records still point at the old host, so replies to parents are bouncing.",
            "The MX records still point at the old host, so replies to parents are bouncing; "
            "we'd be glad to help put this right.",
        ),
    ],
)
def test_a_sentence_read_as_blame_becomes_a_neutral_account_and_a_next_step(coach_full, draft, revision):
    assert retold(coach_full, draft) == revision


@pytest.mark.parametrize(
    "draft",
    [
        "Why didn't you tell us the card machine was beeping?",  # a question
        "If you had kept the drawings on the shared drive, we could have restored them.",  # a condition
        "Don't let the sales team install browser extensions.",  # a negated instruction
        "Do not let the sales team install browser extensions.",  # the same, spelled out
        "We'll update the MX records today.",  # it already says what happens next
    ],
)
def test_shapes_with_no_neutral_account_are_left_alone(coach_full, draft):
    assert retold(coach_full, draft) == draft


def test_a_plain_instruction_becomes_what_would_help(coach_full):
    assert retold(coach_full, "Restart the router before you call us.") == (
        "It would help to restart the router before you call us."
    )


def test_only_the_flagged_sentence_changes(coach_full):
    text = "We checked the van tablets on Monday. Tell your drivers to update them before they leave. Thanks, Sam"
    start = text.index("Tell")
    end = text.index("leave.") + len("leave.")
    assert retold(coach_full, text, start, end) == (
        "We checked the van tablets on Monday. It would help if your drivers could update them before they leave. "
        "Thanks, Sam"
    )


def test_a_passive_of_turned_off_is_not_a_refusal(coach_full):
    """'turn' is a refusal verb only as "turn down": "turned off the trackers" is an act, not a refusal."""
    draft = "The vans vanished from the map because your dispatcher turned off the GPS trackers."
    assert "the GPS trackers were turned off" in retold(coach_full, draft)
    assert "in place" not in retold(coach_full, draft)


def test_an_edit_inside_a_retold_sentence_is_dropped_even_after_an_opening_at_its_start():
    """An opening inserted where a retold sentence starts must not let a gloss inside it apply too (doubled text)."""
    retell, opening, gloss = Edit(0, 40, "A retold sentence."), Edit(0, 0, "I can see why. "), Edit(5, 9, "SMTP (mail)")
    assert select_edits([retell, opening, gloss]) == [opening, retell]
    text = "Your SMTP relay is failing the checks ok" + " More."
    assert apply_edits(text, [gloss, opening, retell]) == "I can see why. A retold sentence. More."

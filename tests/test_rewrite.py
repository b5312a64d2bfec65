"""Rewrites: apply one or all suggestions without corrupting the rest of the text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.report import Finding
from coach.rewrite import Edit, apply_all, apply_edits, apply_one, default_rewriter, edit_for, revise, shift

BLAME = [
    (
        "You should have warned us about the kitchen refit before the electricians cut the power.",
        "It would have helped us to be warned about the kitchen refit before the electricians cut the power; "
        "next time, a quick note lets us plan ahead.",
    ),
    (
        "If you had read my newsletter, you would have known the clinic closes early on Fridays.",
        "I could have made my newsletter easier to read: the clinic closes early on Fridays.",
    ),
    (
        "Since you declined the support plan, the call-out will be charged at the full rate.",
        "Since the support plan isn't in place, the call-out will be charged at the full rate; we'd be glad to help make this easier next time.",
    ),
    (
        "You didn't update the card terminal, so it stopped taking contactless payments.",
        "The card terminal didn't get updated, so it stopped taking contactless payments; we'd be glad to help make this easier next time.",
    ),
    (
        "Your receptionist shared the booking login on a group chat, so a former employee changed the prices.",
        "The booking login was shared on a group chat, so a former employee changed the prices; we'd be glad to help make this easier next time.",
    ),
]


@pytest.mark.parametrize("draft,expected", BLAME)
def test_blame_sentences_are_retold_neutrally(coach_full, draft, expected):
    report = coach_full.analyse(draft)
    assert report.revision == expected
    assert coach_full.analyse(report.revision).by_category("blame") == []


def test_condescension_is_deleted_with_capitals_mended(coach_full):
    report = coach_full.analyse("Obviously the backup has to run first.")
    assert report.revision == "The backup has to run first."


def test_profanity_removed_and_jargon_explained(coach_full):
    assert (
        coach_full.analyse("The damn kiosk restarted itself twice before opening.").revision
        == "The kiosk restarted itself twice before opening."
    )
    report = coach_full.analyse("Use the VPN to reach the files.")
    assert report.revision == "Use the VPN (a secure connection to the office) to reach the files."
    jargon = report.by_category("jargon")[0]
    assert "VPN" not in apply_one(report.text, jargon)


def test_staff_are_credited(coach_full):
    report = coach_full.analyse("Your IT guy messed up the firewall.")
    assert report.revision.startswith("Thanks to your IT guy")
    assert coach_full.analyse(report.revision).by_category("blame") == []


def test_shift_remaps_remaining_findings(coach_full):
    text = "Obviously the damn router needs a reboot, and the crappy laptop too."
    report = coach_full.analyse(text)
    first = report.findings[0]
    after = apply_one(text, first)
    for f in shift(report.findings, first, text):
        assert after[f.start : f.end] == f.text


def _finding(start: int, end: int, text: str, replacement: str | None, category: str = "jargon") -> Finding:
    return Finding(
        category=category,
        rule=f"{category}.x",
        start=start,
        end=end,
        text=text[start:end],
        message="m",
        suggestion="Say it plainly.",
        severity="warning",
        replacement=replacement,
    )


def test_overlapping_and_adjacent_edits():
    text = "abc def ghi"
    one, two, three = _finding(0, 3, text, "X"), _finding(2, 6, text, "Y"), _finding(3, 7, text, " Z")
    assert apply_all(text, [one, two, three]) == "X Z ghi"
    assert apply_edits(text, [Edit(3, 3, "!"), Edit(0, 3, "X")]) == "X! def ghi"


texts = st.text(alphabet=st.sampled_from(list("ab c.,!?\nXY")), min_size=1, max_size=40)


@settings(max_examples=200, deadline=None)
@given(texts, st.data())
def test_applying_keeps_text_outside_the_finding(text, data):
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    replacement = data.draw(st.sampled_from(["", "new words", "Z"]))
    f = _finding(start, end, text, replacement)
    edit = edit_for(text, f)
    out = apply_one(text, f)
    if edit is None:  # removing nothing (or the whole message), or an edit worse than the draft, is no edit
        assert out == text
        worse = default_rewriter().rejection(text, Edit(start, end, replacement), f)
        assert replacement == "" or worse is not None  # e.g. "XXX" -> "XXnew wordsX" splits a word
        return
    assert out == text[: edit.start] + edit.text + text[edit.end :]
    assert edit.start <= start and edit.end >= end or end == start


@settings(max_examples=200, deadline=None)
@given(texts, st.data())
def test_shift_keeps_offsets_valid(text, data):
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), min_size=4, max_size=6)))
    findings = [
        _finding(cuts[i], cuts[i + 1], text, data.draw(st.sampled_from(["", "Q", "long words"])))
        for i in range(0, len(cuts) - 1, 2)
        if cuts[i] < cuts[i + 1]
    ]
    if not findings:
        return
    applied = findings[0]
    out = apply_one(text, applied)
    for f in shift(findings, applied, text):
        assert 0 <= f.start <= f.end <= len(out)
        assert out[f.start : f.end] == f.text


def test_revise_matches_apply_all_for_plain_findings():
    text = "Run the thing now."
    f = _finding(4, 13, text, "the tool")
    assert revise(text, [f]) == apply_all(text, [f], plain=False)


def test_profane_verdicts_become_plain_ones(coach_full):
    cases = {
        "The network closet is a sh*tshow.": "The network closet is in poor shape.",
        "That booking app is complete rubbish and the stylists avoid it.": "That booking app is in poor shape and the stylists avoid it.",
        "The damn kiosk restarted itself.": "The kiosk restarted itself.",
    }
    for draft, revised in cases.items():
        assert coach_full.analyse(draft).revision == revised


def test_new_condescension_phrasings_are_reframed_not_left(coach_full):
    drafts = [
        "Hi Val, I've attached a guide with pictures, since the written steps seemed to confuse you.",
        "Please try to remember this time: the backup drive stays plugged in.",
        "Hello Ray, I'm sure even your receptionist can manage to restart a router.",
        "You guys really dropped the ball on the renewal.",
    ]
    for draft in drafts:
        revision = coach_full.analyse(draft).revision
        left = {f.category for f in coach_full.analyse(revision).findings}
        assert not left & {"blame", "condescension"}, revision


def test_more_blame_is_retold_without_blame(coach_full):
    revisions = {
        "You were supposed to restart the machine after the update.": "It helps to restart the machine after the update.",
        "The problem is on your end, not ours.": "The problem is in the setup at your office, and we'll help you sort it out.",
        "The drive filled up because your team keeps saving videos to it.": "The drive filled up because videos keep being saved to it.",
    }
    for draft, revised in revisions.items():
        report = coach_full.analyse(draft)
        assert report.revision == revised
        assert coach_full.analyse(report.revision).by_category("blame") == []


def _gaps_survive(text: str, edits: list, out: str) -> bool:
    """Return whether every stretch of text between the edits (less 3 characters of tidying at each edge) is in out."""
    from coach.rewrite import select_edits

    kept = select_edits(edits)
    if not kept:
        return out == text
    bounds = [(0, kept[0].start)] + [(a.end, b.start) for a, b in zip(kept, kept[1:])] + [(kept[-1].end, len(text))]
    pos = 0
    for start, end in bounds:
        piece = text[start + 3 : end - 3] if end - start > 6 else ""
        at = out.find(piece, pos)
        if at == -1:
            return False
        pos = at + len(piece)
    return True


spaced = st.text(alphabet=st.sampled_from(list("ab c.,!?\nXY  \t")), min_size=1, max_size=60)


@settings(max_examples=150, deadline=None)
@given(spaced, st.data())
def test_apply_all_never_touches_text_outside_the_edits(text, data):
    cuts = sorted(data.draw(st.lists(st.integers(0, len(text)), min_size=2, max_size=8)))
    findings = [
        _finding(cuts[i], cuts[i + 1], text, data.draw(st.sampled_from(["", "Q", "long words", None])))
        for i in range(0, len(cuts) - 1, 2)
    ]
    subset = [f for f in findings if data.draw(st.booleans())]
    edits = [e for f in subset if (e := edit_for(text, f, defer_capital=True)) is not None]
    out = apply_all(text, subset)
    assert _gaps_survive(text, edits, out), (text, out)
    if not edits:
        assert out == text  # nothing to fix: not a character changes, doubled spaces included


def test_apply_all_keeps_the_writers_spacing_away_from_the_edits(coach_full):
    text = "Hi Sam,  the  printer is fine.\n\nObviously the backup has to run first."
    report = coach_full.analyse(text)
    out = apply_all(text, report.findings)
    assert out.startswith("Hi Sam,  the  printer is fine.\n\n")
    assert out.endswith("The backup has to run first.")

"""Sneers retold plainly (coach/revision_sneer.py), blunt verbs said neutrally, and no request of a state verb.

Mock praise ("Well done on deleting the schedule") is found by condescension.mock_praise and retold as an
account of what happened; the semantic layer's condescension finding (which names no phrase) is given to the
rewriter directly here, so the retelling itself is tested whatever the trained model decides.
"""

from __future__ import annotations

import re

import pytest

from coach.edit_check import rejection
from coach.lexicon import Action
from coach.reframe import Context
from coach.report import Finding
from coach.revision_sneer import sneer_account
from coach.rewrite import ALL_RETELLERS, Edit, apply_edits, semantic_fixes


def categories(coach, text: str) -> set[str]:
    return {f.category for f in coach.analyse(text).findings}


@pytest.mark.parametrize(
    ("draft", "revision"),
    [
        (
            "Bravo on locking every member out of the tee-time app on a Saturday morning.",
            "Every member was locked out of the tee-time app on a Saturday morning; "
            "we'd be glad to help make this easier next time.",
        ),
        (
            "Nice work deleting the whole term's lesson schedule in one click.",
            "The whole term's lesson schedule was deleted in one click; we'd be glad to help make this easier next time.",
        ),
        (
            "What a stroke of genius to put the guest wifi password on the public website.",
            "The guest wifi password was put on the public website; we'd be glad to help make this easier next time.",
        ),
        (
            "Well done on managing to book two weddings into the same hall on the same Saturday.",
            "Two weddings were booked into the same hall on the same Saturday; "
            "we'd be glad to help make this easier next time.",
        ),
        (
            "Hi Sam, well done on wiping the shared calendar the day before the audit.",
            "Hi Sam, the shared calendar was wiped the day before the audit; "
            "we'd be glad to help make this easier next time.",
        ),
    ],
)
def test_mock_praise_is_found_and_retold_as_what_happened(coach_full, draft, revision):
    assert "condescension" in categories(coach_full, draft)
    report = coach_full.analyse(draft)
    assert report.revision == revision
    assert "condescension" not in categories(coach_full, report.revision)


@pytest.mark.parametrize(
    "draft",
    [
        "Well done on getting the new tills running before the sale.",
        "Congratulations on opening the second shop.",
        "Great job on the handover notes; they saved us an hour.",
        "Thanks for deleting the old test accounts, well done.",
    ],
)
def test_real_praise_is_no_mock_praise(coach_full, draft):
    assert not [f for f in coach_full.analyse(draft).findings if f.rule == "condescension.mock_praise"]


def test_mock_praise_whose_act_has_no_object_to_tell_is_left_for_the_writer(coach_full):
    # "keep X running": the object has its own verb, so no passive tells it truly; the card stays.
    draft = "Quite an achievement to keep the oven controller running on a ten-year-old laptop."
    report = coach_full.analyse(draft)
    assert [f.rule for f in report.findings] == ["condescension.mock_praise"]
    assert report.revision == draft


def semantic_condescension(text: str) -> Finding:
    """Return a condescension.semantic finding over the whole text, as the semantic layer reports it."""
    return Finding(
        category="condescension",
        rule="condescension.semantic",
        start=0,
        end=len(text),
        text=text,
        message="This may read as talking down to the client.",
        suggestion="Say it plainly.",
        severity="suggestion",
    )


def retold(coach_full, text: str) -> str:
    """Return the text with sneer_account applied to a semantic condescension finding over all of it."""
    finding = semantic_condescension(text)
    rw = coach_full.rewriter
    told = sneer_account(Context(text, finding, 0, len(text), rw.parse, rw.words))
    if told is None:
        return text
    edit = Edit(*told)
    return apply_edits(text, [edit]) if rw.rejection(text, edit, finding, Action("retell")) is None else text


def test_the_sneer_account_is_a_known_reteller_but_not_yet_the_semantic_findings_fix():
    # Not wired in lexicons/revision/semantic_fixes.yml: the layer's own bad example ("This is beginner-level
    # material, but I'll hold your hand through every click.") has no shape it can retell, and a fixed
    # semantic rule must retell its example (tests/test_rules_traceable.py).
    assert "sneer_account" in ALL_RETELLERS
    assert "condescension.semantic" not in semantic_fixes()


@pytest.mark.parametrize(
    ("draft", "revision"),
    [
        (
            "Brace yourself for a shock: the booking calendar only shows confirmed stays.",
            "The booking calendar only shows confirmed stays.",
        ),
        (
            "Not that you'd understand, but the retinal camera keeps its images on the practice server.",
            "The retinal camera keeps its images on the practice server.",
        ),
        (
            "Nice work deleting the whole term's lesson schedule in one click.",
            "The whole term's lesson schedule was deleted in one click; we'd be glad to help make this easier next time.",
        ),
        # a lead-in with content of its own, or one not addressed to the reader, stays
        ("The server is down: we are restoring it now.", "The server is down: we are restoring it now."),
        (
            "Ask Priya in accounts, but the portal only takes PDFs.",
            "Ask Priya in accounts, but the portal only takes PDFs.",
        ),
        ("The printer needs paper.", "The printer needs paper."),
    ],
)
def test_a_semantic_sneer_is_retold_without_its_lead_in_or_praise(coach_full, draft, revision):
    assert retold(coach_full, draft) == revision


def semantic_blame(text: str) -> Finding:
    """Return a blame.semantic finding over the whole text, as the semantic layer reports it."""
    return Finding(
        category="blame",
        rule="blame.semantic",
        start=0,
        end=len(text),
        text=text,
        message="This may read as blaming the client or their staff.",
        suggestion="Tell what happened without a culprit.",
        severity="suggestion",
    )


@pytest.mark.parametrize(
    ("draft", "revision"),
    [
        (
            "Your volunteer screwed up the exhibit screen settings over the weekend.",
            "The exhibit screen settings were changed over the weekend; we'd be glad to help make this easier next time.",
        ),
        (
            "Your night controller yanked the radio base station cable to plug in a kettle.",
            "The radio base station cable was pulled out to plug in a kettle; "
            "we'd be glad to help make this easier next time.",
        ),
        (
            "Your manager trashed the supplier price list that we imported on Monday.",
            "The supplier price list that we imported on Monday was deleted; "
            "we'd be glad to help make this easier next time.",
        ),
        (
            "The harbour camera feed got f***ed up when the mast antenna moved.",
            "The harbour camera feed got changed when the mast antenna moved; we'd be glad to help make this easier next time.",
        ),
    ],
)
def test_a_retold_account_says_a_blunt_or_swearing_act_neutrally(coach_full, draft, revision):
    edit = coach_full.rewriter.edit_for(draft, semantic_blame(draft))
    assert edit is not None
    assert apply_edits(draft, [edit]) == revision


@pytest.mark.parametrize(
    ("draft", "revision"),
    [
        (
            "Your office manager screwed up the damn van schedule again.",
            "Your office manager changed the van schedule again.",
        ),
        ("The whole rota got f***ed up by the new app.", "The whole rota got changed by the new app."),
    ],
)
def test_a_swearing_verb_is_said_neutrally(coach_full, draft, revision):
    report = coach_full.analyse(draft)
    assert report.revision == revision
    assert "profanity" not in categories(coach_full, report.revision)


def test_an_infinitive_after_an_instruction_noun_stays_with_it(coach_full):
    revision = coach_full.analyse("You ignored the reminders to save their work, so the files are gone.").revision
    assert revision.startswith("The reminders to save their work were ignored, so the files are gone")


def test_a_company_list_adds_a_blunt_verb(tmp_path, coach_full):
    from coach import Coach

    draft = "Your intern scuppered the price labels on Friday."
    assert "scuppered" in coach_full.rewriter.edit_for(draft, semantic_blame(draft)).text
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "retelling.yml").write_text(
        "blunt_verbs: {items: ['scuppered = changed']}\n", encoding="utf-8"
    )
    company = Coach(nlp=coach_full.nlp, lexicons=[tmp_path], semantic=False)
    assert company.rewriter.edit_for(draft, semantic_blame(draft)).text.startswith(
        "The price labels were changed on Friday"
    )


@pytest.mark.parametrize(
    "draft",
    [
        "Disagree with the quote if you like, but the price holds until Friday.",
        "Believe me, the old router is the bottleneck.",
        "Be aware that the office will be closed on Monday.",
        "Trust me, the new laptops will pay for themselves.",
    ],
)
def test_no_request_is_made_of_a_state_or_opinion_verb(coach_full, draft):
    revision = coach_full.analyse(draft).revision
    assert "Could you" not in revision
    assert not [f for f in coach_full.analyse(draft).findings if f.rule == "directness.bare_imperative"]


def test_an_order_is_still_made_a_request(coach_full):
    assert coach_full.analyse("Send me the logs by noon.").revision.startswith("Could you send me the logs by noon?")


def test_a_verb_left_without_its_subject_is_refused(coach_full):
    parse = coach_full.rewriter.parse
    before = "Honestly, it's astonishing that your booking diary still works at all."
    flagged = "astonishing that your booking diary still"
    assert rejection(before, "Honestly, it's works at all.", flagged, parse) == "a verb left without its subject"
    assert rejection("The router, obviously, works.", "The router works.", "obviously", parse) is None


@pytest.mark.parametrize(
    ("draft", "revision"),
    [
        (
            "Honestly, it's astonishing that your booking diary still works at all.",
            "Your booking diary has kept going with a lot of effort, and we can make it much easier.",
        ),
        (
            "It should be easy enough even for your cashiers.",
            "I hope it's easy enough to follow, and I'm happy to go through it with your cashiers.",
        ),
        (
            "It should be simple enough even for your drivers to scan the crates at each drop.",
            "I hope it's simple enough to scan the crates at each drop, and I'm happy to go through it with your drivers.",
        ),
        (
            "I'll spell it out for you one more time: the van keys live in the key safe.",
            "I'll be glad to lay it out one more time, step by step: the van keys live in the key safe.",
        ),
    ],
)
def test_a_one_line_sneer_is_retold_with_its_own_words_and_no_invented_steps(coach_full, draft, revision):
    report = coach_full.analyse(draft)
    assert report.revision == revision
    assert "condescension" not in categories(coach_full, report.revision)


@pytest.mark.parametrize("draft", ["Give me a break.", "Don't ask what happens when the disk fills up.", "Get real."])
def test_a_set_phrase_shaped_like_an_order_is_no_request(coach_full, draft):
    assert "Could you" not in coach_full.analyse(draft).revision


@pytest.mark.parametrize(
    ("draft", "revision"),
    [
        ("Yet again, the proofs go to the review folder.", "The proofs go to the review folder."),
        ("We tested it yet again, and it works.", "We tested it yet again, and it works."),
        # "Once again," opens ordinary mail as often as a sneer ("Once again, the meeting moves to 3pm").
        ("Once again, the proofs go to the review folder.", "Once again, the proofs go to the review folder."),
        ("As I told you on the phone, the new printer arrives on Friday.", None),
    ],
)
def test_yet_again_is_a_sneer_only_where_it_opens_the_sentence(coach_full, draft, revision):
    # The last: taking "As I told you" out would leave "On the phone, the new printer arrives on Friday."
    assert coach_full.analyse(draft).revision == (revision or draft)


@pytest.mark.parametrize(
    "draft",
    [
        "Surely you know by now that attachments over 25 MB will not go through.",
        "Surely you remember the till needs its receipt roll changed weekly.",
    ],
)
def test_a_removal_never_takes_the_subject_of_a_verb_that_stays(coach_full, draft):
    # Removing "Surely you" would leave "Know by now ...": a statement turned into an order.
    report = coach_full.analyse(draft)
    assert any(f.category == "condescension" for f in report.findings)  # the card still tells the writer
    assert not re.match(r"(?i)know by now|remember the till", report.revision)

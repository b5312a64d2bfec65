"""Softer requests (coach/analysers/directness.py): each blunt shape retold, courtesies left alone, one closing thanks."""

from __future__ import annotations

import pytest

from coach import Coach
from coach.analysers.directness import Vocabulary, builtin_vocabulary, safe_retelling
from coach.lexicon import BUILTIN_DIR, load_lists

BAD = [
    ("Post me the signed lease by Wednesday.", "Could you post me the signed lease by Wednesday? Thank you."),
    ("You must book the room with reception.", "Could you book the room with reception? Thank you."),
    ("I need you to check the alarm panel tonight.", "Could you check the alarm panel tonight? Thank you."),
    (
        "Why haven't you charged the spare handset?",
        "Could you let me know whether you have charged the spare handset? Thank you.",
    ),
    ("Just email the stock list ASAP.", "Could you email the stock list as soon as you can? Thank you."),
    ("Also, don't unplug the modem at night.", "Also, please don't unplug the modem at night. Thank you."),
]

GOOD = [
    "Could you send the floor plan when you have a moment? Thanks.",
    "Please bring the old tablets to the front desk, thank you.",
    "Let me know if the printer plays up again. Thanks for spotting it.",
    "Don't worry about the warning on the till; thanks for flagging it.",
    "Have a lovely weekend, and thanks again for the coffee.",
    "We restarted the router last night.",
]


@pytest.mark.parametrize("draft,revision", BAD)
def test_each_blunt_request_is_retold_as_a_request(coach_full, draft, revision):
    report = coach_full.analyse(draft)
    assert report.by_category("directness")
    assert report.revision == revision


@pytest.mark.parametrize("draft", GOOD)
def test_polite_requests_and_courtesies_are_left_alone(coach_full, draft):
    report = coach_full.analyse(draft)
    assert report.by_category("directness") == []
    assert report.revision == draft


def test_a_polite_request_without_thanks_gets_only_the_thanks(coach_full):
    report = coach_full.analyse("Please bring the old tablets to the front desk.")
    assert [f.rule for f in report.by_category("directness")] == ["directness.thank_you"]
    assert report.revision == "Please bring the old tablets to the front desk. Thank you."


def test_a_how_to_keeps_its_steps():
    # Three or more orders in one message are instructions: steps are rightly imperatives.
    from coach import default_coach

    text = "Open the settings. Pick the wifi network. Type the password on the card."
    assert default_coach().analyse(text).by_category("directness") == []


def test_the_thanks_goes_before_the_sign_off_once(coach_full):
    draft = "Hi Dana,\n\nSend me the floor plan by Friday. We will then book the electrician.\n\nBest,\nMark"
    revision = coach_full.analyse(draft).revision
    assert revision == (
        "Hi Dana,\n\nCould you send me the floor plan by Friday? We will then book the electrician. Thank you."
        "\n\nBest,\nMark"
    )
    assert revision.count("Thank you") == 1


@pytest.mark.parametrize(
    "draft,revision",
    [
        (
            "Send me the report.\n\nMark Jones\nAcme IT",
            "Could you send me the report? Thank you.\n\nMark Jones\nAcme IT",
        ),
        (
            "Please send the logs? We will look at them tomorrow.\n-- \nMark\nAcme IT",
            "Please send the logs? We will look at them tomorrow. Thank you.\n-- \nMark\nAcme IT",
        ),
    ],
)
def test_the_thanks_never_follows_a_signature(coach_full, draft, revision):
    assert coach_full.analyse(draft).revision == revision


def test_no_thanks_is_added_where_the_message_thanks_already(coach_full):
    draft = "Could you send the invoice today? Many thanks for sorting the parking passes."
    report = coach_full.analyse(draft)
    assert [f for f in report.findings if f.rule == "directness.thank_you"] == []
    assert report.revision.count("hank") == 1


def test_a_retelling_that_drops_a_content_word_is_not_offered():
    assert safe_retelling("Send me the figures by noon.", "Could you send me the figures by noon?")
    assert not safe_retelling("Send me the figures by noon.", "Could you send me the figures?")
    assert not safe_retelling("Send the form.", "Could you send the the form?")


def test_the_vocabularies_are_lists_in_the_lexicons():
    vocab = Vocabulary.from_lists(load_lists((BUILTIN_DIR,)))
    assert vocab == builtin_vocabulary()
    assert "let" in vocab.conventional and "worry" in vocab.not_demands
    assert vocab.polite.search("Could you check it?") and vocab.gratitude.search("Cheers, Sam")


def test_a_company_folder_extends_a_directness_list(tmp_path, coach_full):
    (tmp_path / "lists").mkdir()
    (tmp_path / "lists" / "directness.yml").write_text("directness_conventional: {items: [post]}\n")
    draft = "Post me the signed lease by Wednesday."
    assert coach_full.analyse(draft).by_category("directness")
    company = Coach(nlp=coach_full.nlp, lexicons=[tmp_path], semantic=False)
    assert [f.rule for f in company.analyse(draft).by_category("directness")] == []


@pytest.mark.parametrize(
    "draft",
    [
        "Please send the menu to the printers by Thursday for the reservations.-dad",
        "Please book the van for Friday and confirm the route.--sally",
        "Can you send the rota over by noon -mike",
        "Send me the rota and let me know what you think and i'll",
        "Forward the quote to Priya and we'll",
    ],
)
def test_no_thanks_after_a_stuck_signature_or_a_cut_off_line(coach_full, draft):
    report = coach_full.analyse(draft)
    assert [f for f in report.findings if f.rule == "directness.thank_you"] == []
    assert "Thank you" not in report.revision

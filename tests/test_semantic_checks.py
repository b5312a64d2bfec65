"""The semantic layer's second checks and settings: plain requests, the reader check, the artefact's record."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach import Coach
from coach.semantic.layer import SemanticSettingsError, load_settings
from coach.semantic.model import load_model
from coach.semantic.request import is_plain_request

ROOT = Path(__file__).resolve().parent.parent

# Requests and instructions that name the reader or their people but find no fault (the first two are
# what the revision writes for blunt drafts, tests/data/revision_drafts.jsonl).
REQUESTS = [
    "Tell your delivery drivers to update the tablets before they leave.",
    "Could you move the router off the floor of the workshop and put it on a shelf?",
    "Please ask your receptionist to restart the till before she opens on Monday.",
    "Would you send us the serial number on the back of the scanner?",
    "Please restart the card reader before the lunchtime rush.",
]
# Worded as requests, but negated or carrying a cue of reproach: still for the model to judge.
REPROACHES = [
    "Could you stop unplugging the router every evening?",
    "Don't let your staff unplug the router again.",
    "Can you not leave the server room door open?",
    "Please read the instructions properly this time.",
    "Tell your team to check the backups for once.",
]
# Not requests at all.
STATEMENTS = [
    "Your receptionist unplugged the router again.",
    "The drivers never update the tablets before they leave.",
    "Did you move the router off the shelf?",
]


@pytest.fixture(scope="module")
def coach_full() -> Coach:
    return Coach()


def _first_sentence(coach: Coach, text: str):
    return next(iter(coach.nlp(text).sents))


@pytest.mark.parametrize("text", REQUESTS)
def test_a_plain_request_is_recognised(coach_full: Coach, text: str) -> None:
    assert is_plain_request(_first_sentence(coach_full, text), load_settings().reproach_cues)


@pytest.mark.parametrize("text", REPROACHES + STATEMENTS)
def test_a_reproach_or_a_statement_is_not_a_plain_request(coach_full: Coach, text: str) -> None:
    assert not is_plain_request(_first_sentence(coach_full, text), load_settings().reproach_cues)


@pytest.mark.parametrize("text", REQUESTS)
def test_the_layer_reports_no_blame_for_a_plain_request(coach_full: Coach, text: str) -> None:
    assert "blame.semantic" not in {f.rule for f in coach_full.analyse(text).findings}


def test_the_request_check_changes_what_the_layer_reports(coach_full: Coach) -> None:
    # The model alone scores this kind instruction as blame; the parse check is what clears it.
    text = REQUESTS[0]
    model = load_model()
    assert model is not None
    p = float(model.probabilities([text])[0, model.labels.index("blame")])
    assert p >= model.thresholds["blame"], "the model no longer scores it as blame: pick another example"
    assert "blame.semantic" not in {f.rule for f in coach_full.analyse(text).findings}


def test_reader_check_and_reproach_cues_are_validated(tmp_path: Path) -> None:
    bad = tmp_path / "layer.yml"
    bad.write_text("settings: {reader_check: [jargon]}\nlabels: {}\n", encoding="utf-8")
    with pytest.raises(SemanticSettingsError, match="reader_check"):
        load_settings(bad)
    bad.write_text("settings: {reproach_cues: 'again'}\nlabels: {}\n", encoding="utf-8")
    with pytest.raises(SemanticSettingsError, match="reproach_cues"):
        load_settings(bad)


def test_the_artefact_was_trained_with_the_layers_reader_check() -> None:
    model = load_model()
    assert model is not None
    # An artefact from before the setting was trained with the check on both labels.
    trained = tuple(model.meta.get("reader_check", ("condescension", "blame")))
    assert trained == load_settings().reader_check


# A cause that names only the reader's things, not the reader or their people, lays no fault on them.
THING_CAUSES = [
    "The VPN tunnel keeps renegotiating because the NAT on your ISP router times out.",
    "The invoices land in spam because your mail server's certificate expired on Sunday.",
]
PERSON_CAUSES = [
    "The VPN keeps dropping because you switched the router off at night.",
    "The invoices land in spam because your office manager changed the mail settings.",
]


@pytest.mark.parametrize("text", THING_CAUSES)
def test_a_cause_in_the_readers_equipment_is_neutral(coach_full: Coach, text: str) -> None:
    doc = coach_full.nlp(text)
    assert coach_full.semantic is not None and coach_full.semantic._neutral_cause(doc, 0, len(text))
    assert "blame.semantic" not in {f.rule for f in coach_full.analyse(text).findings}


@pytest.mark.parametrize("text", PERSON_CAUSES)
def test_a_cause_the_reader_did_is_not_neutral(coach_full: Coach, text: str) -> None:
    doc = coach_full.nlp(text)
    assert coach_full.semantic is not None and not coach_full.semantic._neutral_cause(doc, 0, len(text))


def test_the_writers_own_report_is_not_blame(coach_full: Coach) -> None:
    from coach.semantic.layer import _people
    from coach.semantic.request import is_writers_report

    cues, person = load_settings().reproach_cues, lambda t: bool(_people().search(t))
    report = "This quarter we answered 142 requests from your staff, and the three faults were fixed the same day."
    assert is_writers_report(_first_sentence(coach_full, report), cues, person)
    for text in ("We had to restore the folder again after your receptionist deleted it.", "We never got the file."):
        assert not is_writers_report(_first_sentence(coach_full, text), cues, person)

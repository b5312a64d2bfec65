"""Pathological punctuation runs are cut before tokenizing: bounded work, offsets into the original text kept."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language
from spacy.tokens import Doc

from coach import Coach
from coach.engine import MAX_CHARS
from coach.scoring.strategies import ends_with_question
from coach.tokens import DENSE_PUNCT, PIECE, dense_chunks, make_doc

HOSTILE = [
    "," * 100_000,
    "?" * 100_000,
    ":" * 100_000,
    "!" * 100_000,
    "(" * 50_000 + ")" * 50_000,
    "a:" * 50_000,
    "_" * 100_000,
    "%" * 100_000,
    "Please check this " + "?" * 20_000 + " now.",
    "Hi Sam,\n\n" + '"' * 30_000 + "\n\nThanks, Ana",
]


class SpyNLP:
    """Stands in for the pipeline in make_doc and records every text given to the tokenizer."""

    def __init__(self, nlp: Language) -> None:
        self.nlp = nlp
        self.vocab = nlp.vocab
        self.seen: list[str] = []

    def make_doc(self, text: str) -> Doc:
        self.seen.append(text)
        return self.nlp.make_doc(text)


@pytest.fixture(scope="module")
def nlp(coach_full: Coach) -> Language:
    return coach_full.nlp


def _spy(nlp: Language) -> Any:
    return SpyNLP(nlp)  # typed as Any: make_doc takes a Language


@pytest.mark.parametrize("text", HOSTILE, ids=lambda t: repr(t[:12]))
def test_hostile_runs_reach_the_tokenizer_in_bounded_pieces(nlp: Language, text: str) -> None:
    spy = _spy(nlp)
    doc = make_doc(spy, text)
    assert doc.text == text
    # No text the tokenizer sees holds a long, dense run of marks: its quadratic work is bounded.
    for seen in spy.seen:
        assert not dense_chunks(seen)
    # The tagger and parser get a bounded number of tokens: one per piece of a cut run.
    assert len(doc) <= len(text) // (PIECE // 2) + 20
    assert all(len(token.text) <= PIECE for token in doc if not token.is_alpha)


def test_token_offsets_point_into_the_original_text(nlp: Language) -> None:
    text = "We moved the server, see below " + ",?" * 400 + " and " + "(" * 300 + " done. Thanks!"
    doc = make_doc(nlp, text)
    assert doc.text == text
    for token in doc:
        assert text[token.idx : token.idx + len(token.text)] == token.text
    words = [t.text for t in doc]
    assert not any(t.is_space for t in doc)  # single spaces stay token whitespace, as spaCy keeps them
    assert words[:4] == ["We", "moved", "the", "server"]
    assert words[-4:] == ["done", ".", "Thanks", "!"]


@pytest.mark.parametrize(
    "text",
    [
        "Hi Dana, the backup ran overnight; nothing was lost. Can we talk on Tuesday?",
        "Open https://example.com/track?id=abc123&utm_source=newsletter&utm_medium=email&utm_campaign=spring_update"
        "&ref=client-portal-42&session=9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c to see it.",
        "Key: " + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=" * 20,
        "Wow!!!!!! That's great??",
    ],
)
def test_ordinary_text_is_tokenized_exactly_as_before(nlp: Language, text: str) -> None:
    assert [t.text for t in make_doc(nlp, text)] == [t.text for t in nlp.make_doc(text)]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(",?:!()\"'.-a b\n")), max_size=600))
def test_any_text_keeps_its_characters_and_offsets(nlp: Language, text: str) -> None:
    doc = make_doc(nlp, text)
    assert doc.text == text
    assert all(text[t.idx : t.idx + len(t)] == t.text for t in doc)


def test_dense_chunks_need_length_and_marks() -> None:
    assert dense_chunks("," * 200) == [(0, 200)]
    assert dense_chunks("a" * 5000) == []  # long, but no marks: tokenized whole
    assert dense_chunks("x/" * (DENSE_PUNCT // 2) + "y" * 200) == []
    assert dense_chunks("?" * 100) == []  # short: tokenized whole


def test_analysing_a_100000_character_run_finishes_with_valid_offsets(coach_full: Coach) -> None:
    """Used to take many minutes in spaCy's tokenizer (20,000 characters took close to a minute)."""
    for text in ("," * MAX_CHARS, "Please check this " + "?" * 50_000 + " now."):
        report = coach_full.analyse(text)
        assert report.text == text
        assert all(text[f.start : f.end] == f.text for f in report.findings)


def test_question_end_is_found_without_backtracking() -> None:
    assert ends_with_question("Can you send it?")
    assert ends_with_question("Can you send it?) ")
    assert not ends_with_question("Can you? Send it now.")
    assert not ends_with_question("?" * 50_000 + " now.")  # searching r"\?[\W_]*$" here was quadratic
    assert not ends_with_question("")


def test_exclamation_runs_are_found_without_rescanning() -> None:
    """The exclamation regex matches what it always did, without quadratic work on a run of '?'."""
    import random
    import re

    from coach.analysers.condescension import EXCLAIM

    before = re.compile(r"(?:[!?]*!){3}[!?1]*|\?!+[!?]*|!\?[!?]*")  # the old, quadratic form
    chance = random.Random(3)
    for _ in range(3000):
        text = "".join(chance.choice("!!??1a ") for _ in range(chance.randint(1, 25)))
        assert [m.span() for m in EXCLAIM.finditer(text)] == [m.span() for m in before.finditer(text)], text
    assert EXCLAIM.search("?" * 100_000) is None
    assert EXCLAIM.search("Why?!!") is not None and EXCLAIM.search("Stop!!!") is not None

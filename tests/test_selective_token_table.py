"""The token table (coach/token_table.py) reads what Token objects read, and the selector decides as it did with them."""

from __future__ import annotations

from typing import Any

import pytest
from messages import written_texts

from coach import Coach
from coach.selective import LY_VERBS, NEVER_OPENS, READER, THE, is_rare
from coach.token_table import token_table
from scripts.bench_corpus import email_corpus

TEXTS = written_texts() + email_corpus(20, seed=4) + ["", "   ", "Ünïcødé wörds, ÇA VA? 東京 …", "a" * 300]


@pytest.fixture(scope="module")
def selective(coach_full) -> Coach:
    return Coach(nlp=coach_full.nlp, semantic=False, parse="selective")


def test_the_table_holds_each_tokens_own_attributes(coach_full):
    for text in TEXTS:
        doc = coach_full.nlp.make_doc(text)
        table = token_table(doc)
        assert table.text == [t.text for t in doc]
        assert table.lower == [t.lower_ for t in doc]
        assert table.is_space == [t.is_space for t in doc]
        assert table.is_punct == [t.is_punct for t in doc]
        assert table.like_num == [t.like_num for t in doc]
        assert table.is_alpha == [t.is_alpha for t in doc]
        assert table.is_stop == [t.is_stop for t in doc]
        assert table.length == [len(t) for t in doc]
        for a, b in [(0, len(doc)), (0, len(doc) // 2), (len(doc) // 3, len(doc))]:
            assert table.word_count(a, b) == sum(1 for t in doc[a:b] if not (t.is_punct or t.is_space))


def reference_needs_parse(selector: Any, sent: Any) -> bool:
    """The selector's decision as it was written over Token objects (before the token table)."""
    text = sent.text
    if READER.search(text):
        return True
    tokens = [t for t in sent if not t.is_space]
    if not tokens:
        return False
    i = 0
    while i < len(tokens) and (tokens[i].is_punct or tokens[i].lower_ in selector.lead_skip):
        i += 1
    if i + 1 < len(tokens) and tokens[i].text[:1].isupper() and tokens[i + 1].text == ",":
        i += 2
        while i < len(tokens) and (tokens[i].is_punct or tokens[i].lower_ in selector.lead_skip):
            i += 1
    if not (i >= len(tokens) or tokens[i].like_num):
        first = tokens[i].lower_
        if not (first.endswith("ly") and len(first) > 4 and first not in LY_VERBS) and first not in NEVER_OPENS:
            return True
    definite = THE.search(text) is not None
    for tok in tokens:
        low = tok.lower_
        if definite and low in selector.roles:
            return True
        if len(tok) >= 5 and tok.is_alpha and not tok.text[0].isupper() and not tok.is_stop and is_rare(low):
            return True
    return any(p.search(text) for p in selector.patterns) or any(test(text) for test in selector.tests)


def test_the_selector_decides_every_sentence_as_before(selective):
    parser = selective.selective
    decided = picked = 0
    for text in TEXTS:
        if not text.strip():
            continue
        doc = parser.split(selective.nlp.make_doc(text))
        for sent in doc.sents:
            expected = reference_needs_parse(parser.selector, sent)
            assert parser.selector.needs_parse(sent) is expected, sent.text
            assert parser.selector.needs_parse(sent, doc.text) is expected
            decided += 1
            picked += expected
    assert decided > 500 and 0 < picked < decided

"""A Doc's word-level token attributes read once, as plain lists and arrays, for the checks that loop over tokens.

Iterating a Doc creates a Token object per token and reading `.lower_` or
`.is_punct` goes through it; several checks did that for every sentence
(the selective parser's triggers, the sentence word counts of readability
and of the scores), half a million Token objects for 100 emails. The
attributes here are lexical (they come from the word alone, never from the
tagger or parser), so one table per Doc, cached in `doc.user_data`, stays
true however much of the Doc is parsed later.
"""

from __future__ import annotations

from typing import Any

import numpy
from spacy.attrs import IS_ALPHA, IS_PUNCT, IS_SPACE, IS_STOP, LENGTH, LIKE_NUM, LOWER, ORTH
from spacy.tokens import Doc

TABLE_KEY = "coach_token_table"
ATTRS = [ORTH, LOWER, IS_SPACE, IS_PUNCT, LIKE_NUM, IS_ALPHA, IS_STOP, LENGTH]


class TokenTable:
    """Per-token text, lower case and lexical flags of a Doc, with the running count of word tokens."""

    __slots__ = ("is_alpha", "is_punct", "is_space", "is_stop", "length", "like_num", "lower", "text", "words_before")

    def __init__(self, doc: Doc):
        rows = doc.to_array(ATTRS).reshape(-1, len(ATTRS))
        strings = doc.vocab.strings
        self.text: list[str] = [strings[int(h)] for h in rows[:, 0]]
        self.lower: list[str] = [strings[int(h)] for h in rows[:, 1]]
        flags: Any = rows[:, 2:7].astype(bool)
        self.is_space: list[bool] = flags[:, 0].tolist()
        self.is_punct: list[bool] = flags[:, 1].tolist()
        self.like_num: list[bool] = flags[:, 2].tolist()
        self.is_alpha: list[bool] = flags[:, 3].tolist()
        self.is_stop: list[bool] = flags[:, 4].tolist()
        self.length: list[int] = rows[:, 7].astype(numpy.int64).tolist()
        # words_before[i]: how many of doc[:i] are words (neither punctuation nor space)
        words = ~(flags[:, 0] | flags[:, 1])
        self.words_before = numpy.concatenate(([0], numpy.cumsum(words, dtype=numpy.int64)))

    def word_count(self, start: int, end: int) -> int:
        """Return how many tokens of doc[start:end] are words (not punctuation or space)."""
        return int(self.words_before[end] - self.words_before[start])


def token_table(doc: Doc) -> TokenTable:
    """Return the (cached) token table of a Doc."""
    table = doc.user_data.get(TABLE_KEY)
    if table is None or len(table.text) != len(doc):
        table = doc.user_data[TABLE_KEY] = TokenTable(doc)
    return table

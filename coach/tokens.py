"""Tokenize with bounded work: long runs of punctuation are cut into short pieces first, offsets kept.

spaCy's tokenizer strips prefixes and suffixes one at a time from each
whitespace-free chunk, copying the rest of the chunk every time, so a chunk
that is mostly punctuation costs time quadratic in its length: 20,000 commas
(or '?', ':', quotes, nested parentheses, 'a:a:a:...') took close to a minute,
holding the GIL all along. No real word is that long, so a chunk longer than
LONG_CHUNK characters with more than DENSE_PUNCT punctuation marks is
cut into pieces of at most PIECE characters and the pieces are joined
back into one Doc whose text is exactly the input: every offset still points
into the original text. Each piece is one token, which also bounds the work
of the tagger and parser after the tokenizer. Ordinary text, long URLs and base64 blobs (few marks)
are tokenized whole, as before.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

LONG_CHUNK = 128  # characters without whitespace before a chunk is looked at
DENSE_PUNCT = 32  # punctuation marks in such a chunk before it is cut
PIECE = 64  # longest piece the tokenizer sees from a cut chunk

_CHUNK = re.compile(rf"\S{{{LONG_CHUNK + 1},}}")
_MARK = re.compile(r"[^\w\s]|_")  # underscore is a word character to re, but punctuation to spaCy


def dense_chunks(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) of every long whitespace-free chunk that is dense with punctuation."""
    return [chunk.span() for chunk in _CHUNK.finditer(text) if len(_MARK.findall(text, *chunk.span())) > DENSE_PUNCT]


def cut(chunk: str) -> list[str]:
    """Cut a dense chunk into pieces of at most PIECE characters, after a punctuation mark where one is close."""
    parts: list[str] = []
    start = 0
    while len(chunk) - start > PIECE:
        end = _after_mark(chunk, start + PIECE)
        parts.append(chunk[start:end])
        start = end
    parts.append(chunk[start:])
    return parts


def _after_mark(text: str, position: int) -> int:
    """Move a cut back to just after a punctuation mark close before it, so words stay whole."""
    for back in range(position, position - PIECE // 2, -1):
        if _MARK.match(text, back - 1):
            return back
    return position


def make_doc(nlp: Language, text: str) -> Doc:
    """Tokenize text with bounded work; the Doc's text is text, character for character.

    Ordinary stretches go through nlp's tokenizer; each piece of a dense chunk
    becomes one token, so a 100,000-character run of commas is about 1,600
    tokens for the tagger and parser instead of 100,000.
    """
    chunks = dense_chunks(text)
    if not chunks:
        return nlp.make_doc(text)
    docs: list[Doc] = []
    position = 0
    for start, end in chunks:
        if start > position:
            docs.append(nlp.make_doc(text[position:start]))
        words = cut(text[start:end])
        spaces = [False] * len(words)
        if text[end : end + 1] == " ":  # one following space belongs to the last token, as spaCy does it
            spaces[-1], end = True, end + 1
        docs.append(Doc(nlp.vocab, words=words, spaces=spaces))
        position = end
    if position < len(text):
        docs.append(nlp.make_doc(text[position:]))
    return Doc.from_docs(docs, ensure_whitespace=False)

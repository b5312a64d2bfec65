"""Features of a sentence for the semantic layer: its embedding, hashed word n-grams and a few cues.

Training (scripts/train_semantic.py) and the analyser share this module, so a sentence
is always described the same way. The hashing is crc32 of the lower-cased n-gram, stable
across runs and platforms (Python's own hash() is salted per process).
"""

from __future__ import annotations

import re
import zlib

import numpy as np

from .embed import DIM, embed

HASH_BITS = 18
WORD = re.compile(r"[a-z0-9]+(?:['’][a-z]+)?")
SECOND_PERSON = frozenset(
    {"you", "your", "yours", "yourself", "yourselves", "you're", "you've", "you'd", "you'll", "u", "ur", "y'all"}
)
CUE_NAMES = ("second_person", "question", "exclamation", "shouting", "short")


def words(text: str) -> list[str]:
    """Return the lower-cased words of a sentence (apostrophes kept inside words)."""
    return WORD.findall(text.lower().replace("’", "'"))


MASK = (1 << HASH_BITS) - 1
CAPS_WORD = re.compile(r"\b[A-Z]{3,}\b")
LOWER = re.compile(r"[a-z]")


def ngram_buckets(text: str, toks: list[str] | None = None) -> list[int]:
    """Return the hash buckets of the sentence's word unigrams and bigrams (with repeats)."""
    toks = words(text) if toks is None else toks
    grams = toks + [f"{a} {b}" for a, b in zip(toks, toks[1:])]
    return [zlib.crc32(g.encode("utf-8")) & MASK for g in grams]


def cues(text: str, toks: list[str] | None = None) -> list[float]:
    """Return the sentence's cue features, in CUE_NAMES order."""
    toks = words(text) if toks is None else toks
    caps = CAPS_WORD.findall(text)
    shouting = len(caps) >= 2 and sum(map(len, caps)) > len(LOWER.findall(text))
    return [
        float(not SECOND_PERSON.isdisjoint(toks)),
        float("?" in text),
        float("!" in text),
        float(shouting),
        float(len(toks) <= 5),
    ]


def dense_features(texts: list[str]) -> np.ndarray:
    """Return [embedding | cues] for each text as a float32 matrix."""
    vectors = embed(texts)
    cue_rows = np.asarray([cues(t) for t in texts], dtype=np.float32).reshape(len(texts), len(CUE_NAMES))
    return np.hstack([vectors, cue_rows]) if texts else np.zeros((0, DIM + len(CUE_NAMES)), dtype=np.float32)

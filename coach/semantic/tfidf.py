"""Sparse TF-IDF features of a sentence: hashed word 1-2-grams and character 3-5-grams, in numpy.

The semantic layer's second model reads the words of a sentence as well as its embedding: a word
n-gram ("on your side", "you did") or a piece of one ("n't bo" from "didn't bother") that the
writers' data ties to a label. Both kinds are hashed into one space (words below 2**21, characters
above), so the model ships no vocabulary of strings, only the hashed buckets it kept (seen in at
least two training sentences), their inverse document frequencies and their weights. Each block
(words, characters) is L2-normalised per sentence after sublinear tf (1 + log count) times idf,
the shape of scikit-learn's TfidfVectorizer(sublinear_tf=True). The character n-grams of all
sentences are hashed at once with numpy (a polynomial rolling hash over code points), so a whole
email costs well under a millisecond; training and analysis share this module.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field

import numpy as np

from .features import words

WORD_BITS = 20
CHAR_BASE = 1 << WORD_BITS
SPACE = 2 * CHAR_BASE  # every bucket is below this
CHAR_SIZES = (3, 4, 5)
SPACES = re.compile(r"\s+")
_MUL = np.uint64(1_000_003)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_MASK = np.uint64((1 << WORD_BITS) - 1)


_WORD_HASHES: dict[str, int] = {}


def _word_hash(word: str) -> int:
    """Return the crc32 of a word (cached: the same few thousand words recur in every email)."""
    found = _WORD_HASHES.get(word)
    if found is None:
        found = zlib.crc32(word.encode("utf-8"))
        if len(_WORD_HASHES) < 200_000:
            _WORD_HASHES[word] = found
    return found


def word_grams(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Return (row, bucket) of every word unigram and bigram of the texts, hashed in [0, 2**20)."""
    per_text = [[_word_hash(w) for w in words(t)] for t in texts]
    lengths = np.asarray([len(h) for h in per_text], dtype=np.int64)
    flat = np.fromiter((h for hs in per_text for h in hs), dtype=np.uint64, count=int(lengths.sum()))
    rows = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
    with np.errstate(over="ignore"):
        pair = rows[1:] == rows[:-1]  # a bigram is two neighbours in the same text
        bigrams = (flat[:-1][pair] * _MIX + flat[1:][pair] + np.uint64(1)) * _MIX
        buckets = np.concatenate((flat * _MIX, bigrams)) >> np.uint64(24) & _MASK
    return np.concatenate((rows, rows[1:][pair])), buckets.astype(np.int64)


def normalise(text: str) -> str:
    """Return the text as the character n-grams read it: lower case, one space between words, padded."""
    return " " + SPACES.sub(" ", text.lower().replace("’", "'")).strip() + " "


def char_grams(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Return (row, bucket) of every character 3-5-gram of the texts, hashed in [2**21, 2**22)."""
    empty = np.zeros(0, dtype=np.int64)
    if not texts:
        return empty, empty
    joined = "\x00".join(normalise(t) for t in texts)
    codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    sep = np.concatenate(([0], np.cumsum(codes == 0)))  # separators before each position
    rows_out, buckets_out = [], []
    smallest = CHAR_SIZES[0]
    if codes.size < smallest:
        return empty, empty
    with np.errstate(over="ignore"):
        h = np.zeros(codes.size - smallest + 1, dtype=np.uint64)
        for k in range(smallest):  # the hash of each 3-gram, then extended one character at a time
            h = h * _MUL + codes[k : k + h.size]
        for n in CHAR_SIZES:
            if n > smallest:
                h = h[:-1] * _MUL + codes[n - 1 : n - 1 + h.size - 1]
            if not h.size:
                break
            mixed = (h + np.uint64(n)) * _MIX
            inside = sep[n : n + h.size] == sep[: h.size]  # the window crosses no separator
            rows_out.append(sep[: h.size][inside])
            buckets_out.append(((mixed >> np.uint64(20)) & _MASK)[inside])
    rows = np.concatenate(rows_out).astype(np.int64)
    return rows, np.concatenate(buckets_out).astype(np.int64) + CHAR_BASE


def grams(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (row, bucket, count) for the distinct hashed n-grams of each text (words and characters), by row."""
    w_rows, w_buckets = word_grams(texts)
    c_rows, c_buckets = char_grams(texts)
    keys = np.concatenate((w_rows, c_rows)) << np.int64(23) | np.concatenate((w_buckets, c_buckets))
    return counted(keys)


def counted(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (row, bucket, count) of the distinct (row << 23 | bucket) keys, sorted."""
    keys = np.sort(keys)
    if not keys.size:
        return keys, keys, keys
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
    counts = np.diff(np.append(starts, keys.size))
    unique = keys[starts]
    return unique >> np.int64(23), unique & np.int64((1 << 23) - 1), counts


@dataclass(frozen=True)
class Vocabulary:
    """The hashed buckets a model kept (sorted), with their inverse document frequencies."""

    buckets: np.ndarray  # int64, sorted
    idf: np.ndarray  # float32
    column: np.ndarray = field(init=False, repr=False)  # bucket -> column, -1 where not kept (8 MB)

    def __post_init__(self) -> None:
        column = np.full(SPACE, -1, dtype=np.int32)
        column[self.buckets] = np.arange(self.buckets.size, dtype=np.int32)
        object.__setattr__(self, "column", column)

    def transform(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return (row, column, value) of the texts' TF-IDF features, each block L2-normalised per row."""
        rows, buckets, counts = grams(texts)
        cols = self.column[buckets]
        known = cols >= 0
        rows, cols, counts, buckets = rows[known], cols[known], counts[known], buckets[known]
        if not rows.size:
            return rows, cols.astype(np.int64), np.zeros(0, dtype=np.float32)
        values = (1.0 + np.log(counts)) * self.idf[cols]
        block = rows * 2 + (buckets >= CHAR_BASE)
        norms = np.bincount(block, weights=values * values, minlength=2 * len(texts))
        values = values / np.sqrt(norms[block])
        return rows, cols, values.astype(np.float32)


def fit_vocabulary(texts: list[str], min_df: int = 2) -> Vocabulary:
    """Return the buckets seen in at least min_df texts and their smoothed idf (log((1 + n) / (1 + df)) + 1)."""
    _, buckets, _ = grams(texts)  # distinct per text, so a bucket's count is its document frequency
    unique, df = np.unique(buckets, return_counts=True)
    keep = df >= min_df
    idf = np.log((1.0 + len(texts)) / (1.0 + df[keep])) + 1.0
    return Vocabulary(unique[keep].astype(np.int64), idf.astype(np.float32))

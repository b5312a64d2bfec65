"""Read respelled swearing back as the word it hides: leetspeak, stretched letters, swapped letters, spaced letters.

A candidate ("sh1t", "fuuuck", "fcuk", "f u c k", "a$$hole") is mapped to plain letters,
runs of one letter are squeezed to one, and the result must be a curse root followed by
nothing or a known ending. So "Scunthorpe", "assess", "class", "Fukuoka" or "shiitake"
never count: the whole word must be the curse, not merely contain its letters.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..lexicon import BUILTIN_DIR, load_lists

# Leetspeak digits and symbols read as the letters they stand for: a shape of writing, not a vocabulary.
LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "$": "s", "@": "a", "!": "i", "|": "i"}
)
SEPARATED = re.compile(r"[\s.\-_]+")


def _longest_first(words: frozenset[str]) -> tuple[str, ...]:
    return tuple(sorted(words, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def vocabulary() -> tuple[re.Pattern[str], tuple[str, ...], tuple[str, ...]]:
    """Return the curse-word pattern, the swapped spellings and the plain-letter compounds (respelled_* lists)."""
    lists = load_lists((BUILTIN_DIR,))
    roots = "|".join(map(re.escape, _longest_first(lists.words("respelled_roots"))))
    endings = "|".join(map(re.escape, _longest_first(lists.words("respelled_endings"))))
    return (
        re.compile(rf"^(?:{roots})(?:{endings})?$"),
        _longest_first(lists.words("respelled_swaps")),
        tuple(lists.words("respelled_compounds")),
    )


def squeeze(word: str) -> str:
    """Return word with every run of one letter cut to a single letter."""
    return re.sub(r"(.)\1+", r"\1", word)


def plain_form(candidate: str) -> str:
    """Return the candidate in plain squeezed letters: leet digits and symbols read as letters, separators dropped."""
    letters = SEPARATED.sub("", candidate.lower()).translate(LEET)
    for swapped in vocabulary()[1]:  # every swapped spelling is of the one word they all stand for
        if letters.startswith(swapped):
            letters = "fuck" + letters[len(swapped) :]
            break
    return squeeze(letters)


def respelled(candidate: str) -> bool:
    """Return whether the candidate is not in ordinary spelling: symbols, digits, separators, swaps, stretched letters."""
    lower = candidate.lower()
    if not lower.isalpha() or lower.startswith(vocabulary()[1]):
        return True
    return re.search(r"([a-z])\1\1|([^sltf])\2", lower) is not None


def is_respelled_curse(candidate: str) -> bool:
    """Return whether the candidate is a curse word written in other letters (not the plain word itself)."""
    if not respelled(candidate):
        return False
    plain = plain_form(candidate)
    if not vocabulary()[0].match(plain):
        return False
    if plain.startswith("as") and not plain.startswith(vocabulary()[2]):
        return bool(
            re.search(r"[$@5]", candidate)
        )  # "a$$" and "@ss" are the word; "as", "ass" in plain letters are not
    return True

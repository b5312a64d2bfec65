"""Read respelled swearing back as the word it hides: leetspeak, stretched letters, swapped letters, spaced letters.

A candidate ("sh1t", "fuuuck", "fcuk", "f u c k", "a$$hole") is mapped to plain letters,
runs of one letter are squeezed to one, and the result must be a curse root followed by
nothing or a known ending. So "Scunthorpe", "assess", "class", "Fukuoka" or "shiitake"
never count: the whole word must be the curse, not merely contain its letters.
"""

from __future__ import annotations

import re

LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "$": "s", "@": "a", "!": "i", "|": "i"}
)
SWAPS = {"fcuk": "fuck", "fukc": "fuck", "fuk": "fuck", "fuq": "fuck", "phuck": "fuck", "phuk": "fuck", "fvck": "fuck"}
ROOTS = ("fuck", "shit", "bitch", "ashole", "arsehole", "as", "bulshit", "cunt", "bastard", "dickhead", "motherfuck")
ENDINGS = ("", "s", "ed", "d", "er", "ers", "ing", "in", "y", "ty", "show", "hole", "head", "face", "wit")
SEPARATED = re.compile(r"[\s.\-_]+")
_ROOT_RE = re.compile(r"^(?:" + "|".join(ROOTS) + r")(?:" + "|".join(e for e in ENDINGS if e) + r")?$")


def squeeze(word: str) -> str:
    """Return word with every run of one letter cut to a single letter."""
    return re.sub(r"(.)\1+", r"\1", word)


def plain_form(candidate: str) -> str:
    """Return the candidate in plain squeezed letters: leet digits and symbols read as letters, separators dropped."""
    letters = SEPARATED.sub("", candidate.lower()).translate(LEET)
    for swapped, word in SWAPS.items():
        if letters.startswith(swapped) and not letters.startswith(word):
            letters = word + letters[len(swapped) :]
            break
    return squeeze(letters)


def respelled(candidate: str) -> bool:
    """Return whether the candidate is not in ordinary spelling: symbols, digits, separators, swaps, stretched letters."""
    lower = candidate.lower()
    if not lower.isalpha() or lower.startswith(tuple(SWAPS)):
        return True
    return re.search(r"([a-z])\1\1|([^sltf])\2", lower) is not None


def is_respelled_curse(candidate: str) -> bool:
    """Return whether the candidate is a curse word written in other letters (not the plain word itself)."""
    if not respelled(candidate):
        return False
    plain = plain_form(candidate)
    if not _ROOT_RE.match(plain):
        return False
    if plain.startswith("as") and not plain.startswith(("ashole", "asface", "ashead", "aswit")):
        return bool(
            re.search(r"[$@5]", candidate)
        )  # "a$$" and "@ss" are the word; "as", "ass" in plain letters are not
    return True

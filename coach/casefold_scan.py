"""Scan ASCII text with a case-sensitive twin of an IGNORECASE regex: the same matches, several times faster.

Python's regex engine matches a case-insensitive literal by folding both
sides at every step, and a long alternation of phrases ("son of a bitch|
motherfucker|...") tries every branch's folded first letter at every
position: about five times the cost of the same scan without IGNORECASE.
For a text that is all ASCII, lower-casing it keeps every offset, and an
IGNORECASE pattern matches the original text exactly where a *twin* of it
matches the lower-cased text case-sensitively: the twin is the pattern's own
syntax tree with every one-character item (a literal, a negated literal, a
character class) replaced by the explicit set of lower-case ASCII
characters it matches under the original flags, found by asking the regex
engine itself for each of the 128. Anchors, word boundaries, look-arounds,
repeats and back-references are kept as they are (a word boundary reads
`\\w`, which has no case; a back-reference compares lower-cased text with
lower-cased text). The twin is built once per pattern (`ascii_twin`) and
only for patterns it can prove this for: IGNORECASE set for the whole
pattern, no inline flag that switches it, every item of a kind it knows,
and every class matching a letter and its capital alike. Otherwise, and for
any text that is not ASCII, the original pattern scans the original text.
`tests/test_prefilter_casefold.py` compares the matches of every built-in
rule and tone strategy on both paths.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from typing import Any

from .prefilter import PatternCache

try:  # Python 3.11+
    from re import _compiler as sre_compile  # type: ignore[attr-defined]
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_compile  # type: ignore[no-redef]
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

ASCII = [chr(i) for i in range(128)]
LOWERED = [ch for ch in ASCII if ch not in string.ascii_uppercase]  # what a lower-cased ASCII text holds
ONE_CHAR = (C.LITERAL, C.NOT_LITERAL, C.IN)
KEPT = (C.ANY, C.AT, C.GROUPREF)
REPEATS = tuple(op for op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)) if op is not None)
ATOMIC = getattr(C, "ATOMIC_GROUP", None)


class _Unsupported(Exception):
    """The pattern uses something the twin cannot reproduce exactly."""


def _single(op: Any, av: Any, flags: int) -> tuple[Any, Any]:
    """Return the case-sensitive item matching what (op, av) matches in lower-cased ASCII text."""
    key = (op, tuple(av) if isinstance(av, list) else av, flags)  # the same letters recur in every phrase list
    found = _SINGLES.get(key)
    if found is None:
        found = _SINGLES[key] = _probe(op, av, flags)
    return found


_SINGLES: dict[tuple[Any, Any, int], tuple[Any, Any]] = {}


def _probe(op: Any, av: Any, flags: int) -> tuple[Any, Any]:
    """Ask the regex engine which lower-case ASCII characters (op, av) matches; build the item matching those."""
    state = sre_parse.State()
    state.flags = flags
    probe = sre_compile.compile(sre_parse.SubPattern(state, [(op, av)]), flags)
    for upper in string.ascii_uppercase:  # a capital and its lower case must fare alike
        if bool(probe.match(upper)) != bool(probe.match(upper.lower())):
            raise _Unsupported(upper)
    chars = [ord(ch) for ch in LOWERED if probe.match(ch)]
    if len(chars) == 1:
        return (C.LITERAL, chars[0])
    if not chars:  # matches no ASCII character: a class of nothing (a negated "any character")
        return (C.IN, [(C.NEGATE, None), (C.RANGE, (0, 0x10FFFF))])
    return (C.IN, [(C.LITERAL, c) for c in chars])


def _twin_items(items: Any, flags: int) -> list[tuple[Any, Any]]:
    """Return a sequence's items with every one-character item made case-sensitive over lower-cased ASCII."""
    out: list[tuple[Any, Any]] = []
    for op, av in items:
        if op in ONE_CHAR:
            out.append(_single(op, av, flags))
        elif op in KEPT:
            out.append((op, av))
        elif op is C.SUBPATTERN:
            group, add, remove, sub = av
            if (add | remove) & re.IGNORECASE:
                raise _Unsupported("inline case flag")
            out.append((op, (group, add, remove, _twin_sub(sub, flags | add))))
        elif op is C.BRANCH:
            out.append((op, (av[0], [_twin_sub(b, flags) for b in av[1]])))
        elif op in REPEATS:
            out.append((op, (av[0], av[1], _twin_sub(av[2], flags))))
        elif ATOMIC is not None and op is ATOMIC:
            out.append((op, _twin_sub(av, flags)))
        elif op in (C.ASSERT, C.ASSERT_NOT):
            out.append((op, (av[0], _twin_sub(av[1], flags))))
        elif op is C.GROUPREF_EXISTS:
            group, yes, no = av
            out.append((op, (group, _twin_sub(yes, flags), _twin_sub(no, flags) if no is not None else None)))
        else:
            raise _Unsupported(str(op))
    return out


def _twin_sub(sub: Any, flags: int) -> Any:
    """Return a SubPattern's twin (sharing its parse state: groups and names stay as they were)."""
    return sre_parse.SubPattern(sub.state, _twin_items(sub.data, flags))


def _build_twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    if not pattern.flags & re.IGNORECASE or pattern.flags & (re.ASCII | re.LOCALE):
        return None
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags)
        twin = _twin_sub(parsed, pattern.flags)
        twin.state.flags = parsed.state.flags & ~re.IGNORECASE
        return sre_compile.compile(twin, pattern.flags & ~re.IGNORECASE)
    except Exception:  # anything unforeseen: no twin, the original pattern scans
        return None


ascii_twin = PatternCache(_build_twin)  # built once per pattern object (hashing a pattern hashes its program)
ascii_twin.__doc__ = "Return the case-sensitive twin of an IGNORECASE pattern for lower-cased ASCII text, or None."


class ScanText:
    """A text with its lower-cased ASCII copy (when it is ASCII), to scan IGNORECASE patterns on."""

    __slots__ = ("lowered", "text")

    def __init__(self, text: str):
        self.text = text
        self.lowered = text.lower() if text.isascii() else None

    def finditer(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """Yield the matches of pattern in the text (their spans are those of pattern.finditer(text))."""
        if self.lowered is not None:
            twin = ascii_twin(pattern)
            if twin is not None:
                return twin.finditer(self.lowered)
        return pattern.finditer(self.text)

    def match(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        """Return the match of pattern at the text's start (the span pattern.match(text) gives), or None."""
        if self.lowered is not None:
            twin = ascii_twin(pattern)
            if twin is not None:
                return twin.match(self.lowered)
        return pattern.match(self.text)

    def search(self, pattern: re.Pattern[str]) -> re.Match[str] | None:
        """Return the first match of pattern in the text (the span pattern.search(text) gives), or None."""
        if self.lowered is not None:
            twin = ascii_twin(pattern)
            if twin is not None:
                return twin.search(self.lowered)
        return pattern.search(self.text)

"""Skip a rule's regex scan when the text lacks a word every match of it must contain.

A lexicon rule's regex is scanned over the whole message, and most rules
match nothing in most messages: "did you even", "as I mentioned", a list of
swear words. Every match of such a pattern contains some literal text
("did" and "you" and one of "even" or "really", or "as" and "mentioned"),
so `requirements(pattern)` reads the pattern's syntax tree once and returns
what a text must contain for the pattern to match anywhere in it: fixed
strings combined by all/one-of, as the pattern's sequences and branches
combine them. A message is folded once (`Folded`), and `may_match` tests the
requirement with substring searches, far cheaper than the scan they save. The test is
necessary, never sufficient: a rule that passes is scanned exactly as
before, so findings are the same, only the hopeless scans are skipped.

Case: literals are compared lower-cased, and the text is folded character
by character the way the regex engine's IGNORECASE matching folds it onto
ASCII letters (the Kelvin sign matches 'k', the long s matches 's'), so a
case-insensitive match always survives folding. A literal stops at a
non-ASCII letter, whose case variants are left to the scan.
"""

from __future__ import annotations

import re
import string
from functools import lru_cache
from typing import Any

try:  # Python 3.11+
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

# A requirement on the text: ("any", strings) one of the strings is in it; ("all", parts) / ("one", parts).
Need = tuple[Any, ...]
MAX_STRINGS = 64  # alternatives kept for one stretch of fixed text; beyond that it requires nothing
MIN_LENGTH = 3  # fixed text shorter than this is too common to be worth testing
REPEATS = (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", C.MAX_REPEAT))


def _char(code: int) -> str | None:
    """Return a literal's folded character, or None when its case variants are not ASCII."""
    ch = chr(code)
    if ch.isascii():
        return ch.lower()
    return None if ch.lower() != ch or ch.upper() != ch else ch


def _exact(items: Any) -> set[str] | None:
    """Return the (few) strings a subpattern matches when it matches only fixed strings, else None."""
    found = {""}
    for op, av in items:
        if op is C.LITERAL:
            ch = _char(av)
            if ch is None:
                return None
            options: set[str] | None = {ch}
        elif op is C.SUBPATTERN:
            options = _exact(av[-1])
        elif op is C.BRANCH:
            options = set()
            for branch in av[1]:
                sub = _exact(branch)
                if sub is None:
                    return None
                options |= sub
        else:
            return None
        if options is None:
            return None
        found = {a + b for a in found for b in options}
        if len(found) > MAX_STRINGS:
            return None
    return found


def _strings(run: set[str]) -> Need | None:
    """Return the requirement that one of a stretch's fixed strings is present (None when too weak)."""
    if "" in run or min(map(len, run)) < MIN_LENGTH:
        return None
    return ("any", tuple(sorted(run, key=lambda s: (-len(s), s))))


def _need(items: Any) -> Need | None:
    """Return what the text must contain for a sequence to match in it (None: nothing known)."""
    parts: list[Need] = []
    run: set[str] = {""}  # the fixed strings the items since the last flexible one spell

    def flush() -> None:
        nonlocal run
        need = _strings(run)
        if need is not None:
            parts.append(need)
        run = {""}

    for op, av in items:
        fixed = _exact([(op, av)])
        if fixed is not None:
            joined = {a + b for a in run for b in fixed}
            if len(joined) <= MAX_STRINGS:
                run = joined
                continue
            flush()
            run = fixed
            continue
        flush()
        need: Need | None = None
        if op is C.SUBPATTERN:
            need = _need(av[-1])
        elif op is getattr(C, "ATOMIC_GROUP", None):
            need = _need(av)
        elif op in REPEATS and av[0] >= 1:
            need = _need(av[2])
        elif op is C.ASSERT:  # a positive look-around: its text is in the message too
            need = _need(av[1])
        elif op is C.BRANCH:
            branches = [_need(branch) for branch in av[1]]
            if all(b is not None for b in branches):
                need = ("one", tuple(b for b in branches if b is not None))
        if need is not None:
            parts.append(need)
    flush()
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else ("all", tuple(sorted(parts, key=_weight)))


def _weight(need: Need) -> int:
    """Order a conjunction's parts: the cheapest and most selective (longest fixed text) first."""
    if need[0] == "any":
        return -min(map(len, need[1])) * 10 + len(need[1])
    return 1000


class PatternCache:
    """A per-pattern cache keyed by the pattern object's identity.

    Hashing a compiled pattern hashes its whole program (0.01 ms for a long phrase list, once per rule per
    message in an lru_cache); the identity is enough, and each entry keeps its pattern alive so the id is
    never reused while cached.
    """

    def __init__(self, compute: Any, size: int = 8192):
        self.compute = compute
        self.size = size
        self.entries: dict[int, tuple[re.Pattern[str], Any]] = {}

    def __call__(self, pattern: re.Pattern[str]) -> Any:
        """Return compute(pattern), computed once per pattern object."""
        hit = self.entries.get(id(pattern))
        if hit is not None and hit[0] is pattern:
            return hit[1]
        value = self.compute(pattern)
        if len(self.entries) >= self.size:
            self.entries.clear()
        self.entries[id(pattern)] = (pattern, value)
        return value


def _requirements(pattern: re.Pattern[str]) -> Need | None:
    try:
        parsed = sre_parse.parse(pattern.pattern, pattern.flags & ~re.UNICODE)
    except Exception:  # an engine detail changed: no requirement, always scan
        return None
    return _need(parsed)


requirements = PatternCache(_requirements)
requirements.__doc__ = "Return what a text must contain for the pattern to match anywhere in it (None: nothing known)."


def _holds(need: Need, text: Folded) -> bool:
    """Return whether the folded text meets a requirement (plain loops: this runs for every rule of every message)."""
    kind, parts = need
    if kind == "any":
        seen, folded = text.seen, text.text
        for fixed in parts:
            found = seen.get(fixed)
            if found is None:
                found = seen[fixed] = fixed in folded
            if found:
                return True
        return False
    if kind == "all":
        for part in parts:
            if not _holds(part, text):
                return False
        return True
    for part in parts:
        if _holds(part, text):
            return True
    return False


class Folded:
    """A message folded once for may_match, remembering which fixed strings it contains."""

    __slots__ = ("seen", "text")

    def __init__(self, text: str):
        self.text = fold(text)
        self.seen: dict[str, bool] = {}

    def contains(self, fixed: str) -> bool:
        """Return whether the folded text contains a (folded) fixed string."""
        found = self.seen.get(fixed)
        if found is None:
            found = self.seen[fixed] = fixed in self.text
        return found


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    """Return the ASCII letter a non-ASCII character matches under IGNORECASE, or the character itself."""
    for letter in string.ascii_lowercase:
        if re.fullmatch(letter, ch, re.IGNORECASE):
            return letter
    return ch


def fold(text: str) -> str:
    """Return the text in ASCII lower case, with every character that matches an ASCII letter as that letter."""
    if text.isascii():
        return text.lower()
    table = {ord(ch): _fold_char(ch) for ch in set(text) if not ch.isascii()}
    table.update({ord(ch): ch.lower() for ch in string.ascii_uppercase})
    return text.translate(table)


def may_match(pattern: re.Pattern[str], text: Folded) -> bool:
    """Return False only when the pattern cannot match anywhere in the text."""
    need = requirements(pattern)
    return need is None or _holds(need, text)

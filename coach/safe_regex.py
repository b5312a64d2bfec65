"""Compile lexicon regexes, refusing patterns that can backtrack catastrophically.

Python's ``re`` backtracks: a pattern such as ``(a+)+$`` or ``(a+a+)+b`` takes
exponential time on a short line that almost matches, and it holds the GIL
while it runs, so one such rule in a user's lexicon would hang ``check`` and
stall the whole app. A lexicon is data from outside the code, so every regex
is checked when it is loaded, the way linters for ReDoS do (safe-regex's star
height, regexploit's overlap test), on the parsed pattern:

- inside a repeat without an upper bound (``*``, ``+``, ``{n,}``), a repeated
  piece that can also match what follows it in the same loop (``(a+)+``,
  ``(a+a+)+``, ``(\\w+\\s?)*``) lets the engine split one string in
  exponentially many ways;
- inside such a repeat, two alternatives that can start with the same
  character (``(a|a)*``, ``(\\w|\\d)+``) do the same.

Atomic groups and possessive repeats never backtrack and are accepted.
The check is static: it looks at the pattern, never times a match.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

# Characters a set is tested on: ASCII, Latin-1, Latin Extended-A and a few common others.
_ALPHABET = tuple(chr(c) for c in range(0x180)) + tuple("\u2019\u201c\u201d\u2013\u2014\u00a0\u0430\u03b1\u4e00\u3000")
_WORD = frozenset(c for c in _ALPHABET if re.match(r"\w", c))
_DIGIT = frozenset(c for c in _ALPHABET if c.isdigit() and re.match(r"\d", c))
_SPACE = frozenset(c for c in _ALPHABET if re.match(r"\s", c))
_ALL = frozenset(_ALPHABET)
_NO_NEWLINE = _ALL - {"\n"}
_CATEGORIES = {
    sre.CATEGORY_DIGIT: _DIGIT,
    sre.CATEGORY_NOT_DIGIT: _ALL - _DIGIT,
    sre.CATEGORY_SPACE: _SPACE,
    sre.CATEGORY_NOT_SPACE: _ALL - _SPACE,
    sre.CATEGORY_WORD: _WORD,
    sre.CATEGORY_NOT_WORD: _ALL - _WORD,
}
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT)
MAX_CHECK_STEPS = 5_000
_UNBOUNDED = sre.MAXREPEAT


class UnsafePattern(ValueError):
    """A regex can take exponential time on some input; the message says which part and why."""


@dataclass(frozen=True)
class _Shape:
    """What a piece of pattern can start with, and whether it can match the empty string."""

    first: frozenset[str]
    nullable: bool


def compile_checked(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile pattern, raising re.error when it is invalid and UnsafePattern when it can backtrack catastrophically."""
    compiled = re.compile(pattern, flags)
    reason = backtracking_risk(pattern, compiled.flags)
    if reason:
        raise UnsafePattern(reason)
    return compiled


def backtracking_risk(pattern: str, flags: int = 0) -> str | None:
    """Return why pattern can backtrack catastrophically (exponential time), or None when it cannot."""
    checker = _Checker(bool(flags & re.IGNORECASE), bool(flags & re.DOTALL))
    try:
        checker.sequence(sre_parse.parse(pattern, flags), inside_loop=False, tail=True)
    except _Found as found:
        return str(found)
    return None


class _Found(Exception):
    """Carries the first risky construct found."""


class _Checker:
    """Walk a parsed pattern, computing first-character sets and raising _Found at a risky loop."""

    def __init__(self, ignorecase: bool, dotall: bool) -> None:
        self.ignorecase = ignorecase
        self.dotall = dotall
        self.steps = 0  # the check itself is bounded: a pattern too tangled to check is refused

    # --- shapes -----------------------------------------------------------

    def shape(self, items: Sequence[tuple[Any, Any]]) -> _Shape:
        """Return the shape of a sequence of parsed items."""
        first: set[str] = set()
        for item in items:
            part = self.item_shape(item)
            first |= part.first
            if not part.nullable:
                return _Shape(frozenset(first), False)
        return _Shape(frozenset(first), True)

    def item_shape(self, item: tuple[Any, Any]) -> _Shape:
        """Return the shape of one parsed item."""
        op, av = item
        if op in (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN):
            return _Shape(self.chars(item), False)
        if op in (*_REPEATS, sre.POSSESSIVE_REPEAT):
            low, _high, body = av
            inner = self.shape(body)
            return _Shape(inner.first, inner.nullable or low == 0)
        if op == sre.SUBPATTERN:
            return self.shape(av[-1])
        if op == sre.ATOMIC_GROUP:
            return self.shape(av)
        if op == sre.BRANCH:
            shapes = [self.shape(branch) for branch in av[1]]
            return _Shape(frozenset().union(*(s.first for s in shapes)), any(s.nullable for s in shapes))
        if op == sre.GROUPREF_EXISTS:
            shapes = [self.shape(branch) for branch in av[1:] if branch is not None]
            return _Shape(frozenset().union(*(s.first for s in shapes)), True)
        if op == sre.GROUPREF:
            return _Shape(_ALL, True)  # a back-reference can hold anything
        return _Shape(frozenset(), True)  # anchors and lookarounds consume nothing

    def chars(self, item: tuple[Any, Any]) -> frozenset[str]:
        """Return the characters of the sample alphabet that one single-character item matches."""
        op, av = item
        if op == sre.LITERAL:
            return frozenset(self.cased({chr(av)}))
        if op == sre.NOT_LITERAL:
            return _ALL - self.cased({chr(av)})
        if op == sre.ANY:
            return _ALL if self.dotall else _NO_NEWLINE
        matched: set[str] = set()
        negate = False
        for sub_op, sub_av in av:
            if sub_op == sre.NEGATE:
                negate = True
            elif sub_op == sre.LITERAL:
                matched |= self.cased({chr(sub_av)})
            elif sub_op == sre.RANGE:
                low, high = sub_av
                matched |= self.cased({c for c in _ALPHABET if low <= ord(c) <= high})
            elif sub_op == sre.CATEGORY:
                matched |= _CATEGORIES.get(sub_av, _ALL)
            else:  # CHARSET / BIGCHARSET only appear after compilation; be conservative
                matched |= _ALL
        return frozenset(_ALL - matched if negate else matched)

    def cased(self, chars: Iterable[str]) -> set[str]:
        """Return chars with their other cases when matching ignores case."""
        out = set(chars)
        if self.ignorecase:
            out |= {c.swapcase() for c in out if len(c.swapcase()) == 1}
        return out

    # --- the check ----------------------------------------------------------

    def sequence(self, items: Sequence[tuple[Any, Any]], inside_loop: bool, tail: bool) -> None:
        """Check every item of a sequence.

        inside_loop: the sequence is the body of an unbounded repeat; tail: nothing after
        the sequence can fail, so once it has matched the engine never backtracks into it.
        """
        for index, item in enumerate(items):
            self.item(item, inside_loop, tail and index == len(items) - 1)

    def item(self, item: tuple[Any, Any], inside_loop: bool, tail: bool) -> None:
        """Check one item and what it contains."""
        op, av = item
        if op in _REPEATS:
            low, high, body = av
            looping = high == _UNBOUNDED or high > 16
            # A loop at the very end that needs at most one turn succeeds as soon as one turn does.
            if looping and not (tail and low <= 1):
                self.loop(body)
            self.sequence(body, inside_loop or looping, tail=False)
        elif op == sre.SUBPATTERN:
            self.sequence(av[-1], inside_loop, tail)
        elif op == sre.BRANCH:
            for branch in av[1]:
                self.sequence(branch, inside_loop, tail)
        elif op == sre.GROUPREF_EXISTS:
            for branch in av[1:]:
                if branch is not None:
                    self.sequence(branch, inside_loop, tail)
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            self.sequence(av[1], inside_loop=False, tail=True)
        # ATOMIC_GROUP and POSSESSIVE_REPEAT never backtrack into themselves: nothing to check.

    def loop(self, body: Sequence[tuple[Any, Any]]) -> None:
        """Raise _Found when the body of an unbounded repeat can match one string in several ways."""
        whole = self.shape(body)
        if whole.nullable and whole.first:
            raise _Found("a repeated group that can match the empty string is itself repeated")
        self.overlaps(list(body), whole.first)

    def overlaps(self, items: list[tuple[Any, Any]], loop_first: frozenset[str]) -> None:
        """Raise _Found for a repeat or alternation in a loop body that competes with what follows it."""
        self.steps += 1
        if self.steps > MAX_CHECK_STEPS:
            raise _Found("too many nested alternatives inside a repeated group to check; simplify it")
        for index, item in enumerate(items):
            op, av = item
            rest = self.shape(items[index + 1 :])
            follow = rest.first | (loop_first if rest.nullable else frozenset())
            if op in _REPEATS and (av[1] == _UNBOUNDED or av[1] > 1):
                inner = self.shape(av[2])
                if inner.first & follow:
                    raise _Found(
                        "nested repetition: a repeated part inside a repeated group can also match what follows it "
                        f"(e.g. {_example(inner.first & follow)!r}), so the engine can try exponentially many splits"
                    )
            elif op == sre.BRANCH:
                self.branches(av[1], follow)
                for branch in av[1]:
                    self.overlaps([*branch, *items[index + 1 :]], loop_first)
            elif op == sre.SUBPATTERN:
                self.overlaps([*av[-1], *items[index + 1 :]], loop_first)

    def branches(self, branches: Sequence[Sequence[tuple[Any, Any]]], follow: frozenset[str]) -> None:
        """Raise _Found when two alternatives inside a loop can start with the same character."""
        if sum(self.shape(branch).nullable for branch in branches) > 1:
            raise _Found("two alternatives inside a repeated group match the same text")
        for index, branch in enumerate(branches):
            for other in branches[:index]:
                common = self.common_start(list(other), list(branch), follow)
                if common:
                    raise _Found(
                        "alternatives inside a repeated group can match the same text "
                        f"(both can start with {_example(common)!r}), so the engine can try exponentially many paths"
                    )

    def common_start(
        self, one: list[tuple[Any, Any]], two: list[tuple[Any, Any]], follow: frozenset[str]
    ) -> frozenset[str]:
        """Return characters both alternatives can start with, after any identical leading items; empty if they diverge."""
        while one and two:
            if _plain(one[0]) == _plain(two[0]):  # the same item on both sides decides nothing: compare what comes next
                one, two = one[1:], two[1:]
                continue
            if self.is_char(one[0]) and self.is_char(two[0]):
                shared = self.chars(one[0]) & self.chars(two[0])
                if not shared:
                    return frozenset()
                one, two = one[1:], two[1:]
                continue
            break
        first_one, first_two = self.shape(one), self.shape(two)
        a = first_one.first | (follow if first_one.nullable else frozenset())
        b = first_two.first | (follow if first_two.nullable else frozenset())
        return a & b

    @staticmethod
    def is_char(item: tuple[Any, Any]) -> bool:
        """Tell whether an item matches exactly one character."""
        return item[0] in (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN)


def _plain(value: Any) -> Any:
    """Return a parsed item as nested tuples, so two items compare by structure."""
    if isinstance(value, sre_parse.SubPattern):
        return tuple(_plain(item) for item in value.data)
    if isinstance(value, (list, tuple)):
        return tuple(_plain(item) for item in value)
    return value


def _example(chars: Iterable[str]) -> str:
    """Return one printable character from a set, preferring letters."""
    ordered = sorted(chars, key=lambda c: (not c.isalnum(), not c.isprintable(), c))
    return ordered[0] if ordered else ""

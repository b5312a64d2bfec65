"""Rephrasings: turn findings into edits, apply one or all of them, and keep the other findings' offsets valid.

An edit replaces text[start:end] with new text (an insertion when start == end):
- a finding's own `replacement` (jargon's plain words, "" to delete a
  condescending or profane phrase), with spacing, commas and capitals mended;
- blame: the whole sentence retold as a neutral or shared account (coach/reframe.py, driven by the parse);
- condescension with a known kind wording: reframed (coach/reframe.py), else deleted;
- benefit: the suggested benefit sentence added after the recommendation's sentence;
- empathy: the suggested opening added before the sentence it is anchored on.

`apply_all` never lets two edits overlap (the first in text order wins; an
insertion at the edge of a replacement is not an overlap) and leaves every
character outside the applied edits as it was. `shift` re-maps the remaining
findings after one is applied, so a front-end can offer "Apply" per finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from .reframe import at_sentence_start, cap, reframe_condescension, rewrite_blame, sentence_bounds
from .report import Finding

INTERJECTION = re.compile(
    r"(?:man|dude|mate|bro|guys|jeez|geez|seriously|honestly|look|listen|yeah)\b[,!]*[ \t]*", re.IGNORECASE
)
ACKNOWLEDGES = re.compile(r"\b(?:I\s+can\s+see\s+why|I\s+understand|I\s+can\s+imagine)\b", re.IGNORECASE)
# A condescending or profane finding that makes up most of its sentence takes the sentence with it.
WHOLE_SENTENCE_SHARE = 0.6


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace text[start:end] with `text` (insert when start == end), on behalf of one finding."""

    start: int
    end: int
    text: str
    finding: Finding | None = None
    cap_next: bool = False  # capitalise what follows once applied (a deletion that now opens a sentence)


def mend_deletion(text: str, start: int, end: int, *, defer_capital: bool = False) -> Edit:
    """Return the edit that deletes text[start:end] and mends spaces, commas and capitals around it.

    When the deletion leaves a sentence opening in lower case, the edit takes in the next letter
    and capitalises it; with defer_capital it leaves that letter alone and asks apply_edits to
    capitalise it (cap_next), so an adjacent edit starting there can still apply.
    """
    # Swallow a comma (or dash) that followed the phrase, and the spaces after it.
    m = re.match(r"\s*[,—–-]?[ \t]*", text[end:])
    end2 = end + (m.end() if m else 0)
    if start > 0 and text[start - 1] in " \t" and (end2 >= len(text) or text[end2] in ".,;:!?"):
        start -= 1  # "the router, obviously." -> "the router."
        while start > 0 and text[start - 1] in " \t,":
            start -= 1
    if at_sentence_start(text, start):
        # A bare interjection left at the front goes too ("#$!@!! man, I'm ..." -> "I'm ...").
        m = INTERJECTION.match(text, end2)
        if m:
            end2 = m.end()
        # The next word now opens the sentence: capitalise it.
        if defer_capital:
            return Edit(start, end2, "", cap_next=True)
        if re.match(r"[a-z]", text[end2 : end2 + 1]):
            return Edit(start, end2 + 1, text[end2].upper())
    elif start > 0 and text[start - 1] in " \t" and end2 < len(text) and text[end2] not in " \t":
        return Edit(start, end2, "")
    elif start > 0 and text[start - 1] in " \t" and end2 < len(text) and text[end2] in " \t":
        return Edit(start, end2 + 1, "")
    return Edit(start, end2, "")


def _benefit_edit(text: str, finding: Finding) -> Edit | None:
    if not finding.suggestion:
        return None
    _, end = sentence_bounds(text, finding.end)
    end = max(end, finding.end)
    closing = "" if end > 0 and text[end - 1] in ".!?" else "."
    return Edit(end, end, f"{closing} {finding.suggestion.strip()}")


def _empathy_edit(text: str, finding: Finding) -> Edit | None:
    if not finding.suggestion:
        return None
    opening = finding.suggestion.strip()
    start = finding.start
    if start < len(text) and text[start].islower():
        return Edit(start, start + 1, f"{opening} {text[start].upper()}")
    return Edit(start, start, opening + " ")


# "The closet is a sh*tshow." / "The package is total garbage": the insult is the complement of
# "is", so deleting it would leave "is a."; say what it means instead.
VERDICT_BEFORE = re.compile(
    r"\b(?:is|was|are|were|['’]s|['’]re|looks?|seems?)\s+((?:(?:an?|the|such\s+an?|total|complete|"
    r"absolute|real|utter|pure|just|piece\s+of|bunch\s+of|pile\s+of|load\s+of)\s+)*)$",
    re.IGNORECASE,
)


def _verdict_edit(text: str, finding: Finding) -> Edit | None:
    """Return an edit turning "is (a) <insult>" into "is in poor shape", or None when the insult is not a complement."""
    m = VERDICT_BEFORE.search(text[max(0, finding.start - 60) : finding.start])
    after = text[finding.end : finding.end + 1]
    if not m or (after and after not in ".,;:!? \n"):
        return None
    start = finding.start - len(m.group(1))
    return Edit(start, finding.end, "in poor shape", finding)


def _whole_sentence_deletion(text: str, finding: Finding) -> Edit | None:
    """Return an edit deleting the finding's whole sentence when the finding is most of it (never the whole text)."""
    if finding.category not in {"condescension", "profanity"}:
        return None
    start, end = sentence_bounds(text, finding.start)
    sentence_words = len(re.findall(r"\w+", text[start:end]))
    finding_words = len(re.findall(r"\w+", finding.text))
    if not sentence_words or finding_words / sentence_words < WHOLE_SENTENCE_SHARE:
        return None
    while end < len(text) and text[end] in " \t":
        end += 1
    if not text[:start].strip() and not text[end:].strip():
        return None  # the sentence is the whole message: delete only the phrase
    return Edit(start, end, "", finding)


def edit_for(text: str, finding: Finding, *, plain: bool = True, defer_capital: bool = False) -> Edit | None:
    """Return the edit that applies a finding's suggestion, or None when only the writer can fix it.

    With plain=False a jargon term is kept and explained in brackets ("DNS (the internet
    address settings)") instead of being replaced, for revisions that must keep the writer's words.
    """
    if finding.category in {"benefit", "empathy"}:
        added = (_benefit_edit if finding.category == "benefit" else _empathy_edit)(text, finding)
        return replace(added, finding=finding) if added is not None else None
    if finding.category == "blame":
        edit = rewrite_blame(text, finding)
        if edit is not None:
            return Edit(edit[0], edit[1], edit[2], finding)
    if finding.rule == "condescension.scare_quotes" and len(finding.text) > 2:
        return Edit(finding.start, finding.end, finding.text[1:-1], finding)
    if finding.category == "condescension":
        reframed = reframe_condescension(text, finding)
        if reframed is not None:
            return Edit(*reframed, finding)
    if finding.replacement is None:
        return None
    if finding.replacement == "" and finding.category == "profanity":
        verdict = _verdict_edit(text, finding)
        if verdict is not None:
            return verdict
    if finding.replacement == "":
        whole = _whole_sentence_deletion(text, finding)
        if whole is not None:
            return whole
        return replace(mend_deletion(text, finding.start, finding.end, defer_capital=defer_capital), finding=finding)
    new = finding.replacement
    if finding.category == "jargon" and not plain:
        plain_words = re.sub(r"\s*\(.*?\)", "", new)
        new = f"{finding.text} ({plain_words})"
    elif at_sentence_start(text, finding.start):
        new = cap(new)
    return Edit(finding.start, finding.end, new, finding)


def _conflict(a: Edit, b: Edit) -> bool:
    """Return whether two edits touch the same characters (insertions at an edge do not)."""
    if a.start == a.end or b.start == b.end:
        point, other = (a, b) if a.start == a.end else (b, a)
        if other.start == other.end:
            return point.start == other.start
        return other.start < point.start < other.end
    return a.start < b.end and b.start < a.end


def select_edits(edits: Iterable[Edit]) -> list[Edit]:
    """Return non-conflicting edits in text order (earliest, then longest, wins)."""
    kept: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, -(e.end - e.start))):
        # Kept edits never overlap and come in start order, so only the ones reaching e.start can conflict.
        clash = False
        for k in reversed(kept):
            if k.end < e.start:
                break
            if _conflict(e, k):
                clash = True
                break
        if not clash:
            kept.append(e)
    return sorted(kept, key=lambda e: (e.start, e.end))


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """Apply non-conflicting edits, working from the end so earlier offsets stay valid."""
    pieces: list[str] = []
    pos = 0
    capitalise = False
    for e in select_edits(edits):  # in text order; built once, so long texts with many edits stay linear
        kept, new = text[pos : e.start], e.text
        if capitalise and kept:
            kept, capitalise = _upper_first(kept), False
        if capitalise and new:
            new, capitalise = _upper_first(new), False
        pieces += [kept, new]
        capitalise = capitalise or e.cap_next
        pos = e.end
    rest = text[pos:]
    pieces.append(_upper_first(rest) if capitalise else rest)
    return "".join(pieces)


def _upper_first(s: str) -> str:
    """Return s with its first character upper-cased when it is a lower-case letter."""
    return s[0].upper() + s[1:] if s[:1].islower() else s


def apply_one(text: str, finding: Finding) -> str:
    """Return the text with one finding's suggestion applied (unchanged when it has none)."""
    edit = edit_for(text, finding)
    return apply_edits(text, [edit]) if edit else text


def apply_all(text: str, findings: Iterable[Finding], *, plain: bool = True) -> str:
    """Return the text with every applicable suggestion applied, skipping overlaps."""
    edits = [e for f in findings if (e := edit_for(text, f, plain=plain, defer_capital=True)) is not None]
    # One acknowledgement is enough: a reframe that already says "I can see why" replaces the opening.
    if any(e.finding is not None and e.finding.category != "empathy" and ACKNOWLEDGES.search(e.text) for e in edits):
        edits = [e for e in edits if e.finding is None or e.finding.category != "empathy"]
    return tidy(apply_edits(text, edits))


def shift(findings: Iterable[Finding], applied: Finding, text: str) -> list[Finding]:
    """Return the other findings re-mapped to the text after `applied` was applied; ones it touched are dropped."""
    edit = edit_for(text, applied)
    others = [f for f in findings if f != applied]
    if edit is None:
        return others
    delta = len(edit.text) - (edit.end - edit.start)
    out = []
    for f in others:
        if f.end <= edit.start and not (f.start == f.end == edit.start and edit.end > edit.start):
            out.append(f)
        elif f.start >= edit.end:
            out.append(replace(f, start=f.start + delta, end=f.end + delta))
    return out


def tidy(text: str) -> str:
    """Mend spacing and punctuation left by edits: doubled spaces, space before punctuation, doubled stops."""
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r"[ \t]+([,.;:!?])", r"\1", text)
    text = re.sub(r",\s*([.;:!?])", r"\1", text)
    text = re.sub(r"([.!?])\.(?=\s|$)", r"\1", text)
    # A sentence that an edit left starting in lower case gets its capital back ("iPhone" stays).
    text = re.sub(r"(^\s*|(?<=[\w\"')’”])[.!?][ \t]+)([a-z])(?![A-Z])", lambda m: m[1] + m[2].upper(), text)
    return text


def revise(text: str, findings: Sequence[Finding]) -> str:
    """Return the whole message with all applicable suggestions applied.

    In the revision a jargon term is kept and explained in brackets with the plain words
    from its lexicon entry, so the client learns what the writer meant and nothing the
    writer said is lost; "Apply" on one finding (apply_one) replaces it outright.
    """
    return apply_all(text, findings, plain=False)

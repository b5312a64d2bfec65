"""Executive audience: benefit first, and short.

For audience "executive" only (nothing for the other readers), two
suggestion-severity findings in the `readability` category:

- readability.executive_length: the message body has more than
  EXECUTIVE_WORDS (150) words. Anchored on the part past the 150th word -
  what an executive reading on a phone is least likely to reach.
- readability.bottom_line: the message has more than BOTTOM_LINE_SENTENCES
  (3) sentences and its first two sentences (after a greeting) state no
  bottom line: no decision or ask ("we recommend", "please approve",
  "decision", "sign off"), no result ("the result is", "is fixed"), no cost or
  benefit ("cost", "save", "risk", "$", a number of money, hours, days or per
  cent). Anchored on the first sentence.

Both rules live in code (they are thresholds, not vocabularies) and are
reported by the readability analyser (coach/analysers/readability.py), so
`--disable readability` turns them off with the long-sentence rule. Neither has a
replacement: only the writer can cut or reorder the message, and the revision
leaves it as it is.

Why: executives read between meetings, on a phone; "She Loves Me, He Loves Me Not" - the new CIO
"questioned the allocated budget" and "couldn't get a bead on the long-term
plan": show senior staff the value in their terms, early. "Same conversation, different client": match
business objectives and benefits to every recommendation. The 150-word bound
follows the common advice for executive email (one phone screen, about five
short sentences); BLUF ("bottom line up front") is the military and
consulting convention for the opening.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..lexicon import NO_ACTION, WordLists, code_rule
from ..message_parts import BUILTIN_PARTS, MessageParts
from ..report import Finding
from .base import builtin_lists, doc_text, make_finding, sentences

EXECUTIVE_WORDS = 150  # longer than about one phone screen
BOTTOM_LINE_SENTENCES = 3  # a message of more sentences than this must lead with its point
LEAD_SENTENCES = 2  # where the bottom line must be
WORD = re.compile(r"[A-Za-z0-9$£€][\w'’$£€.,-]*")
# A decision, ask, result, cost or benefit (bottom_line), or an amount: a number and one of amount_units
# (both in lexicons/lists/executive.yml); a currency sign before a number, and a question, are shapes.
BOTTOM_LINE_TEMPLATE = r"\b(?:{}|(?<![\d.,])\d[\d,.]*\s*(?:{units}))\b|[$£€]\s?\d|\?"


def bottom_line_pattern(lists: WordLists) -> re.Pattern[str]:
    """Return what counts as a bottom line, from a Coach's word lists."""
    return lists.pattern("bottom_line", BOTTOM_LINE_TEMPLATE.replace("{units}", lists.regex("amount_units")))


BOTTOM_LINE = bottom_line_pattern(builtin_lists())

NO_BOTTOM_LINE_EXAMPLE = (
    "Hi Karen,\n\nLast week our team looked at the office network and the computers at both sites. "
    "We talked to the front desk and to the practice manager. The wireless units in the hallway are "
    "seven years old and drop out several times a day. The server room is warm in the afternoon.\n\nThanks,\nAndre"
)
LONG_EXAMPLE = "Hi Karen, we recommend replacing the hallway wireless units for $2,400. " + " ".join(
    ["The units drop video calls in the conference room several times a day, which interrupts client meetings."] * 12
)

LENGTH = code_rule(
    "readability.executive_length",
    f"This message runs past {EXECUTIVE_WORDS} words; an executive may not read this far.",
    "Executives read on a phone between meetings: lead with the decision and cut to the essentials.",
    f"Threshold for executive readers: {EXECUTIVE_WORDS} words, about one phone screen.",
    severity="suggestion",
    audience=["executive"],
    action=NO_ACTION,  # only the writer can shorten it or lead with the point; the suggestion says how
    examples={"bad": (LONG_EXAMPLE,), "good": ("Please approve $2,400 to replace the hallway wireless units.",)},
    file=__file__,
    source="She Loves Me, He Loves Me Not (demonstrate value to every manager)",
)
BOTTOM = code_rule(
    "readability.bottom_line",
    "The first two sentences state no bottom line: no decision, ask, result, cost or benefit.",
    "Open with the decision you need and what it gains them, e.g. \"Please approve $4,800 to replace the file server; "
    "it removes the risk of losing a week of work.\"",
    f"Checked on messages of more than {BOTTOM_LINE_SENTENCES} sentences: an executive decides from the opening and "
    "may read no further.",
    severity="suggestion",
    audience=["executive"],
    action=NO_ACTION,  # only the writer can shorten it or lead with the point; the suggestion says how
    examples={
        "bad": (NO_BOTTOM_LINE_EXAMPLE,),
        "good": ("Please approve $2,400 for new wireless units. Calls drop daily. The quote is attached. Thanks.",),
    },
    file=__file__,
    source="She Loves Me, He Loves Me Not (demonstrate value to every manager)",
)


def too_long(doc: Doc, parts: MessageParts = BUILTIN_PARTS) -> list[Finding]:
    """Return the length finding, anchored on the words past the limit."""
    text = doc_text(doc)
    start, end = parts.body_span(text)
    words = list(WORD.finditer(text, start, end))
    if len(words) <= EXECUTIVE_WORDS:
        return []
    cut = sentences(doc).around(words[EXECUTIVE_WORDS].start()).start_char
    cut = max(cut, start)
    while cut < end and text[cut].isspace():
        cut += 1
    return [make_finding(LENGTH, text, cut, end)]


def no_bottom_line(
    doc: Doc, bottom_line: re.Pattern[str] = BOTTOM_LINE, parts: MessageParts = BUILTIN_PARTS
) -> list[Finding]:
    """Return the bottom-line finding when a longer message does not lead with its point."""
    text = doc_text(doc)
    start, end = parts.body_span(text)
    sents = [s for s in sentences(doc).spans if s.end_char > start and s.start_char < end and s.text.strip()]
    if len(sents) <= BOTTOM_LINE_SENTENCES:
        return []
    lead_end = min(sents[LEAD_SENTENCES - 1].end_char, end)
    if bottom_line.search(text, start, lead_end):
        return []
    first_end = min(sents[0].end_char, end)
    while first_end > start and text[first_end - 1].isspace():
        first_end -= 1
    return [make_finding(BOTTOM, text, start, first_end)]


def executive_findings(
    doc: Doc, audience: str, bottom_line: re.Pattern[str] = BOTTOM_LINE, parts: MessageParts = BUILTIN_PARTS
) -> list[Finding]:
    """Return the executive findings (none for other audiences)."""
    if audience != "executive":
        return []
    return too_long(doc, parts) + no_bottom_line(doc, bottom_line, parts)

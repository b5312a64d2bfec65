"""Profanity: swear words, insults aimed at people or their equipment, masked swearing and grawlix.

Why: "Same conversation, different client"'s engineer curses at the client's router and machines; even
mild swearing ("damn", "crappy", "junk") tells the client their business is
being looked down on. IT vocabulary is not profanity: "kill the process",
"abort", "execute", "dump", "hang", "master node", "garbage collection" and
"junk mail" never fire (alex flags "kill" and "failure" in IT text; the
lexicon lists only words that insult, and excuses IT senses by context).

Sources: "Same conversation, different client"; word lists by theme as in retext-profanities, with the
IT senses excused as Vale's conditional rules do.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from .base import LexiconAnalyser, doc_text
from .respelled import is_respelled_curse

GRAWLIX_CORE = set("#$@%&")


def _inside_code(doc: Doc, sentence: Span, start: int) -> bool:
    """Return whether the offset sits between backticks or on a code-like line."""
    before = doc_text(doc)[sentence.start_char : start]
    return before.count("`") % 2 == 1


def not_quoted_code(doc: Doc, sentence: Span, start: int, end: int) -> bool:
    """Accept a match unless it is inside inline code."""
    return not _inside_code(doc, sentence, start)


def masked_in_prose(doc: Doc, sentence: Span, start: int, end: int) -> bool:
    """Accept a masked word unless it is code, a glob or a command switch."""
    if _inside_code(doc, sentence, start):
        return False
    before = doc_text(doc)[max(0, start - 1) : start]
    return before not in {"-", "/", ".", "\\", "="}


def respelled_in_prose(doc: Doc, sentence: Span, start: int, end: int) -> bool:
    """Accept a respelled curse ("sh1t", "fcuk", "f u c k") in prose, not in code or a path."""
    return masked_in_prose(doc, sentence, start, end) and is_respelled_curse(doc_text(doc)[start:end])


def grawlix_in_prose(doc: Doc, sentence: Span, start: int, end: int) -> bool:
    """Accept a symbol run that looks like a printed curse, not code or markup."""
    run = doc_text(doc)[start:end]
    if len(run) < 3 or len(GRAWLIX_CORE & set(run)) < 2 or _inside_code(doc, sentence, start):
        return False
    return not any(ch.isalnum() for ch in doc_text(doc)[max(0, start - 1) : start] + doc_text(doc)[end : end + 1])


class ProfanityAnalyser(LexiconAnalyser):
    """Find swearing and insults; all patterns live in lexicons/profanity.yml."""

    category = "profanity"
    checks_read_parse = False  # the checks read the sentence's words (code, paths), not tags or the parse
    checks = {
        "not_quoted_code": not_quoted_code,
        "masked_in_prose": masked_in_prose,
        "respelled_in_prose": respelled_in_prose,
        "grawlix_in_prose": grawlix_in_prose,
    }

"""Retell a sneer as a plain account: mock praise and a sneering lead-in go, what happened stays.

- mock_praise (condescension.mock_praise): "Well done on deleting the whole term's schedule in one click."
  becomes "The whole term's schedule was deleted in one click; we'd be glad to help make this easier next
  time." The praise goes; the act it praised is told with its object as the subject (coach/reframe.py's
  passive, from the Coach's parse), so no one is named and the sarcasm has nothing left to stand on.
- sneer_account (the semantic layer's condescension.semantic, lexicons/revision/semantic_fixes.yml): the
  semantic finding covers a whole sentence and names no phrase, so it tries the mock praise wording, then
  drops a lead-in addressed to the reader that carries no content before a colon or "but" ("Brace yourself
  for a shock: the calendar only shows confirmed stays." keeps "The calendar only shows confirmed stays.").
A sentence with neither shape is left alone (None): the card's suggestion stays for the writer.

Why: "Same conversation, different client" (Erik Eckel): patience, especially with the most basic questions;
sarcasm is condescension the client hears at once.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .reframe import Context, Retell, at_sentence_start, cap, participle, passive_clause

# After the praise: "on"/"for", and words that only lead to the act ("managing to", "finding a way to").
LEAD_TO_ACT = re.compile(
    r"\s*(?:on|for|at|in)?\s*(?:(?:managing|finding\s+a\s+way|having\s+managed|being\s+able)\s+to\s+)?", re.I
)
INFINITIVE = re.compile(r"\s*(?:to|,\s*to)\s+", re.I)
# A lead-in addressed to the reader before the content: "Brace yourself for a shock:", "Not that you'd understand, but".
LEAD_IN = re.compile(r"^(?P<lead>[^:;.!?]{3,60}?)(?::\s+|,\s*but\s+)(?P<rest>\S.*)$", re.S)
# Words that open a retold account in lower case after a greeting ("Hi Sam, the shared calendar was ...").
COMMON_OPENINGS = frozenset("the every all a an this that these those two both each".split())
READER = re.compile(r"(?i)\b(?:you|you['’]d|you['’]re|you['’]ll|yourself|yourselves)\b")


def _act(sentence: str, after: int, ctx: Context) -> str | None:
    """Return the praised act told as "You <did> <rest>.", from the words after the praise, or None."""
    rest = sentence[after:]
    m = INFINITIVE.match(rest)
    if m:  # "What a stroke of genius to put the password on the website"
        body = rest[m.end() :]
        doc = ctx.parse(f"They {body}")
        verb = doc[1] if len(doc) > 1 else None
    else:
        m = LEAD_TO_ACT.match(rest)
        body = rest[m.end() :] if m else rest
        if re.match(r"(?i)\w+ing\b", body):  # "on deleting the schedule", "locking every member out"
            doc = ctx.parse(f"They were {body}")
            verb = doc[2] if len(doc) > 2 else None
        else:  # "managing to book two weddings": the infinitive's verb
            doc = ctx.parse(f"They {body}")
            verb = doc[1] if len(doc) > 1 else None
    if verb is None or verb.pos_ not in {"VERB", "AUX"} or not verb.lemma_.isalpha():
        return None
    words = body.split(None, 1)
    tail = words[1].rstrip(" \t.!?") if len(words) > 1 else ""
    # "You have put ...": the perfect makes the participle unambiguous ("put" is no present tense here).
    return f"You have {participle(verb.lemma_.lower(), ctx.words)} {tail}.".replace("  ", " ")


def _told(told: str, ctx: Context) -> str | None:
    """Return the act retold with its object as the subject, from a sentence the reteller built."""
    doc = ctx.parse(told)
    objects = [t for t in doc if t.dep_ == "dobj" and t.head.dep_ == "ROOT"]
    if not objects or any(
        t.pos_ in {"VERB", "AUX"} and t.dep_ not in {"relcl", "amod", "compound"} for t in objects[0].subtree
    ):
        return None  # "kept the controller running on an old laptop": the object has its own verb
    synthetic = Context(
        told, replace(ctx.finding, start=0, end=len(told), text=told), 0, len(told), ctx.parse, ctx.words
    )
    new = passive_clause(told, synthetic)
    return new if new is not None and not new.lower().startswith("you ") else None


def _mock_praise(sentence: str, ctx: Context) -> str | None:
    """Return a sentence of mock praise retold as a plain account of the act it praised, or None."""
    m = ctx.words.praise.search(sentence)
    if m is None:
        return None
    act = _act(sentence, m.end(), ctx)
    told = _told(act, ctx) if act is not None else None
    if told is None or not sentence[: m.start()].strip():
        return told
    # "Hi Sam, well done on wiping the calendar": the greeting stays and the account follows it.
    first = told.split(None, 1)[0].lower()
    return sentence[: m.start()] + ", " + (told[:1].lower() + told[1:] if first in COMMON_OPENINGS else told)


def _lead_in(sentence: str, ctx: Context) -> str | None:
    """Return the sentence without a content-free lead-in addressed to the reader ("Brace yourself for a shock: ...")."""
    m = LEAD_IN.match(sentence.strip())
    if m is None or not READER.search(m["lead"]) or re.search(r"\d", m["lead"]):
        return None
    lead = ctx.parse(m["lead"])
    if any(t.pos_ == "PROPN" for t in lead) or len(m["lead"].split()) * 2 > len(sentence.split()):
        return None  # a named thing, or the lead is most of the sentence: only the writer can say what goes
    return cap(m["rest"])


def _sentence(ctx: Context) -> tuple[int, str]:
    end = max(ctx.end, ctx.finding.end)
    return end, ctx.text[ctx.start : end]


def mock_praise(ctx: Context) -> tuple[int, int, str] | None:
    """Retell mock praise ("Well done on deleting the schedule") as an account of what happened and a next step."""
    end, sentence = _sentence(ctx)
    new = _mock_praise(sentence, ctx)
    if new is None:
        return None
    return ctx.start, end, cap(new) if at_sentence_start(ctx.text, ctx.start) else new


def sneer_account(ctx: Context) -> tuple[int, int, str] | None:
    """Retell a sentence the semantic layer reads as condescension: mock praise told plainly, or its lead-in dropped."""
    end, sentence = _sentence(ctx)
    new = _mock_praise(sentence, ctx) or _lead_in(sentence, ctx)
    if new is None or new.strip() == sentence.strip():
        return None
    return ctx.start, end, cap(new) if at_sentence_start(ctx.text, ctx.start) else new


SNEER_RETELLERS: dict[str, Retell] = {"mock_praise": mock_praise, "sneer_account": sneer_account}

"""Retell a sentence the semantic layer reads as blame: a neutral account of what happened and a next step.

The semantic layer (coach/semantic/) finds blame no rule's wording lists; its finding covers the
whole sentence and names no phrase to change. `retell: neutral_account` (lexicons/revision/
semantic_fixes.yml) rewords the sentence by its shape, from the Coach's parse:
- an instruction about the reader's people ("Tell your drivers to update the tablets") becomes what
  would help ("It would help if your drivers could update the tablets");
- any other instruction ("Make sure the office PC is locked") becomes "It would help to make sure ...";
- an act of the reader or their people is told with its object as the subject (coach/reframe.py's
  passive: "the GPS trackers were turned off");
- a technical contrast or account ("the shared mailbox is not the same thing as your inbox", "the MX
  records still point at the old host") keeps its words and gains a next step ("we'd be glad to show
  you how each one works", "we'd be glad to help put this right").
A question, a condition or a sentence with nothing of these shapes is left alone (None).

Why: "Keeping the Fire Alive: Maintaining Client Relationships From a DBA Perspective" (no culprit; credit
the client's staff) and "Same conversation, different client" (patience: say what happens next).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from .message_parts import GREETING
from .reframe import Context, Retell, at_sentence_start, cap, neutral_verbs, passive_clause

# The offers a neutral account ends with, by what the sentence tells.
CONTRAST_STEP = "we'd be glad to show you how each one works"
PRESENT_STEP = "we'd be glad to help put this right"
PAST_STEP = "we'd be glad to help make this easier next time"
# "is not the same (thing) as", "is different from", "are separate": a contrast between two things.
CONTRAST = re.compile(
    r"(?i)\b(?:is|are|isn['’]t|aren['’]t)\s+(?:not\s+)?(?:the\s+same(?:\s+thing)?\s+as|different\s+from|separate)\b"
)


# Verbs that pass an instruction on to someone ("Tell your drivers to...", "Have your engineers...").
def _opens_with_verb(doc: Doc) -> bool:
    """Return whether the sentence opens with a verb in its base form ("Tell ...", "Don't let ...")."""
    words = [t for t in doc if not t.is_punct and not t.is_space and t.lower_ != "please"]
    return bool(words) and words[0].tag_ == "VB"


def _imperative_root(doc: Doc) -> Token | None:
    """Return the verb of an instruction that opens the sentence ("Tell ...", "Please make sure ..."), else None."""
    words = [t for t in doc if not t.is_punct and not t.is_space]
    if not words:
        return None
    first = words[1] if words[0].lower_ == "please" and len(words) > 1 else words[0]
    if first.dep_ != "ROOT" or first.tag_ != "VB" or first.lower_ in {"do", "don't", "let"}:
        return None
    if any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in first.children):
        return None
    if any(c.dep_ == "neg" for c in first.children):
        return None
    return first


def _relayed(doc: Doc, root: Token, s: str, relay: frozenset[str]) -> str | None:
    """Return "It would help if X could V ..." for "Tell/Get/Have X (to) V ...", or None."""
    if root.lemma_.lower() not in relay:  # relay_verbs (lexicons/lists/retelling.yml)
        return None
    verb = next(
        (
            c
            for c in root.children
            if c.pos_ in {"VERB", "AUX"}
            and (c.dep_ in {"xcomp", "ccomp"} or (c.dep_ == "advcl" and any(t.tag_ == "TO" for t in c.children)))
        ),
        None,
    )
    if verb is None:
        return None
    who = next((c for c in root.children if c.dep_ in {"dobj", "dative"} and c.i < verb.i), None)
    who = who or next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if (
        who is None
        or who.pos_ not in {"NOUN", "PROPN"}
        or verb.tag_ != "VB"
        or any(c.dep_ == "mark" for c in verb.children)
    ):
        return None  # "Get that damn router off ...": a misparse names no people and no act they can do
    people = doc[who.left_edge.i : who.right_edge.i + 1]
    rest = s[verb.idx :].rstrip(" \t.!")
    who_text = people.text[:1].lower() + people.text[1:] if people[0].lower_ == "your" else people.text
    return f"It would help if {who_text} could {rest}."


def _instruction(doc: Doc, root: Token, s: str) -> str:
    """Return "It would help to <instruction>." for any other instruction."""
    begin = root.idx
    rest = s[begin:].rstrip(" \t.!")
    return f"It would help to {rest[:1].lower()}{rest[1:]}."


def _ends(sentence: str, step: str) -> str:
    """Return the sentence with a next step after a semicolon."""
    body = sentence.rstrip(" \t.!?")
    return f"{body}; {step}."


def _account(s: str, ctx: Context) -> str | None:
    """Return a neutral account of the sentence with its next step, or None when it has no shape we can retell."""
    body = s.strip()
    if not body or body.endswith("?") or re.match(r"(?i)\s*(?:if|unless|whether)\b", body):
        return None
    doc = ctx.parse(body)
    if _opens_with_verb(doc):
        root = _imperative_root(doc)
        return (
            (_relayed(doc, root, body, ctx.words.relay) or _instruction(doc, root, body)) if root is not None else None
        )
    told = passive_clause(body, ctx)
    if told is not None:
        return told
    if ctx.words.next_step.search(body):
        return None  # it says what happens next already: only the writer can tell what reads as blame
    if CONTRAST.search(body):
        return _ends(body, CONTRAST_STEP)
    if any(t.lower_ == "you" for t in doc):
        return None  # an act of the reader's that the parse cannot retell: the card's suggestion stays
    # "Your MX records still point at the old host": the reader's thing, told as a thing.
    new = re.sub(r"^Your\b", "The", body)
    past = any(t.tag_ == "VBD" for t in doc if t.dep_ == "ROOT")
    return _ends(new, PAST_STEP if past else PRESENT_STEP)


def neutral_account(ctx: Context) -> tuple[int, int, str] | None:
    """Retell a sentence the semantic layer reads as blame: a neutral account and a next step."""
    end = max(ctx.end, ctx.finding.end)
    sentence = ctx.text[ctx.start : end]
    # A greeting that opens the sentence ("Hi Jen, ...") stays as it is.
    greeting = GREETING.match(sentence)  # the named greetings list (coach/message_parts.py)
    lead = re.compile(r",\s*").match(sentence, greeting.end() - 1) if greeting and len(greeting.group()) <= 50 else None
    offset = lead.end() if lead else 0
    new = _account(sentence[offset:], ctx)
    new = neutral_verbs(new, ctx.words) if new is not None else None
    if new is None or new.strip() == sentence[offset:].strip():
        return None
    start = ctx.start + offset
    if lead and not re.match(r"I\b", new):
        return start, end, new[:1].lower() + new[1:]  # "Hi Jen, the shared mailbox ..."
    return start, end, cap(new) if at_sentence_start(ctx.text, start) else new


ACCOUNT_RETELLERS: dict[str, Retell] = {"neutral_account": neutral_account}

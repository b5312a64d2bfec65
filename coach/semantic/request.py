"""Read from the parse whether a sentence is a plain request or instruction: asking is not blaming.

"Could you move the router off the floor and put it on a shelf?" and "Tell your delivery drivers to
update the tablets before they leave." name the reader and their people, so the model's blame score
can be high, but they ask for a step; they find no fault. A request is a question whose subject is
"you" after a modal (could / would / can / will you ...) or an instruction (a base-form verb with no
subject opening the sentence, after "please" or a name). It stays a possible reproach when it carries
a cue of one (lexicons/semantic/layer.yml, `reproach_cues`: "again", "stop", "never", "for once"...)
or a negation ("don't unplug it"), so the layer still reports those.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Span, Token

MODALS = frozenset({"could", "would", "can", "will"})
OPENERS = frozenset({"please", "kindly", "just", "and", "so", "then", "also"})


def _root(sent: Span) -> Token | None:
    """Return the span's root (its own root where the parser joined it to a greeting line before it)."""
    return sent.root if len(sent) else None


def _is_modal_question(sent: Span, root: Token) -> bool:
    """Return whether the sentence asks 'could/would/can/will you VERB ...?'."""
    if not sent.text.rstrip().endswith("?"):
        return False
    aux = [c for c in root.children if c.dep_ == "aux" and c.lower_ in MODALS]
    subj = [c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")]
    return bool(aux) and any(s.lower_ == "you" for s in subj) and aux[0].i < subj[0].i


def _is_instruction(sent: Span, root: Token) -> bool:
    """Return whether the sentence opens with a base-form verb that has no subject (an imperative)."""
    if root.tag_ != "VB" or any(c.dep_ in ("nsubj", "nsubjpass", "expl", "aux") for c in root.children):
        return False
    for tok in sent:  # only a name, a comma, "please" or the like may come before the verb
        if tok.i == root.i:
            return True
        if not (tok.is_punct or tok.lower_ in OPENERS or tok.pos_ in ("PROPN", "INTJ")):
            return False
    return False


def is_plain_request(sent: Span, reproach: re.Pattern[str]) -> bool:
    """Return whether the sentence is a request or instruction with no negation and no cue of reproach."""
    root = _root(sent)
    if root is None or not (_is_modal_question(sent, root) or _is_instruction(sent, root)):
        return False
    if any(t.dep_ == "neg" for t in sent):
        return False
    return not reproach.search(sent.text)


FIRST_PERSON = frozenset({"i", "we"})


def is_writers_report(sent: Span, reproach: re.Pattern[str], is_person: Callable[[str], bool]) -> bool:
    """Return whether the writer is the only person acting in the sentence ("we answered 142 requests from your staff").

    A report of what the writer's side did lays no fault on the reader, unless it is negated or carries a
    cue of reproach ("we had to fix it again"). Things may be subjects too ("the faults were fixed").
    """
    subjects = [t for t in sent if t.dep_ in ("nsubj", "nsubjpass", "csubj", "expl", "agent")]
    if not any(t.lower_ in FIRST_PERSON for t in subjects):
        return False
    for tok in subjects:
        if tok.lower_ in FIRST_PERSON:
            continue
        phrase = " ".join(t.text for t in tok.subtree)
        if tok.pos_ not in ("NOUN", "PROPN") or is_person(phrase):
            return False  # someone else acts: "you", "they", "your receptionist"
    if any(t.dep_ == "neg" for t in sent):
        return False
    return not reproach.search(sent.text)

"""Read from the parse whether a sentence names a neutral cause: a reason that lays no fault on the reader.

"The invoice is higher because of an emergency repair, which kept your warehouse shipping" explains
a cost by an event; the reader's side is in view only as what benefited. A blame finding needs the
fault on the reader's side, so the layer does not report blame for a sentence whose stated causes
(because / because of / due to / owing to / caused by / as a result of) mention neither the reader
nor their people, and where no one on the reader's side is the subject of a verb outside them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Span, Token

PERSON_PRONOUNS = frozenset(
    {"you", "y'all", "u", "they", "he", "she", "someone", "somebody", "nobody", "who", "whoever", "anyone"}
)
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "agent", "expl"})
READER_SIDE = re.compile(
    r"\b(?:you|your|yours|yourself|yourselves|y['’]all|u|ur|someone|somebody|whoever|who|nobody|no\s+one|"
    r"they|their|them|he|she|his|her)\b",
    re.IGNORECASE,
)


def _cause_heads(sent: Span) -> list[Token]:
    """Return the tokens whose subtree is a stated cause in the sentence."""
    heads = []
    for tok in sent:
        low = tok.lower_
        if low == "because":
            if tok.dep_ == "mark":
                heads.append(tok.head)  # because + clause: the clause is the cause
            else:
                heads.append(tok)  # because of + noun phrase
        elif low in ("due", "owing") and any(c.lower_ == "to" for c in tok.children):
            heads.append(tok)
        elif low == "caused":
            heads += [c for c in tok.children if c.dep_ == "agent"]
        elif low == "result" and any(c.lower_ == "of" for c in tok.children):
            heads += [c for c in tok.children if c.lower_ == "of"]
    return heads


def names_neutral_cause(sent: Span, is_person: Callable[[str], bool]) -> bool:
    """Return whether the sentence states a cause and neither it nor a subject elsewhere is the reader's side."""
    heads = _cause_heads(sent)
    if not heads:
        return False
    inside: set[int] = set()
    for head in heads:
        # A relative clause inside the cause describes it ("a repair, which kept your warehouse shipping"):
        # it is checked like the rest of the sentence, by who acts in it.
        described = {t.i for tok in head.subtree if tok.dep_ == "relcl" and tok != head for t in tok.subtree}
        text = " ".join(t.text for t in head.subtree if t.i not in described)
        if READER_SIDE.search(text) or is_person(text):
            return False  # the cause is the reader, their people or their doing: that may well be blame
        inside.update(t.i for t in head.subtree if t.i not in described)
    for tok in sent:
        if tok.i in inside or tok.dep_ not in SUBJECTS:
            continue
        phrase = " ".join(t.text for t in tok.subtree)
        if tok.lower_ in PERSON_PRONOUNS or (READER_SIDE.search(phrase) and is_person(phrase)):
            return False  # someone on the reader's side acts elsewhere in the sentence
    return True

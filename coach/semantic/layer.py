"""The semantic layer: findings for sentences that mean what a rule means, in words no rule lists.

The rules keep precision, explanations and fixes; this layer adds recall. A small linear
model over sentence embeddings and word n-grams (coach.semantic.model, trained by
scripts/train_semantic.py on data/semantic/, written for the project by writers who saw the
category definitions and the guidance but not the rules) scores each sentence for
condescension, blame, an ask for spend or change, and a stated benefit. A sentence above a
label's threshold, where no rule of that category fired, becomes a finding worded from
lexicons/semantic/layer.yml; the message names the closest rule example, and the severity
says how sure the model is. Benefit is judged on the whole message: an ask the rules did not
see, in a message where neither the rules nor the model find a stated benefit.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Doc

from ..lexicon import Rule
from ..nlp import has_parse, sentences
from ..report import Finding
from ..yaml_file import YamlError, read_yaml
from .cause import names_neutral_cause
from .embed import DIM
from .features import dense_features, words
from .model import SemanticModel, load_model

SETTINGS = Path(__file__).resolve().parent.parent.parent / "lexicons" / "semantic" / "layer.yml"
SENTENCE_CATEGORIES = ("condescension", "blame")
SKIP_LINE = re.compile(r"^\s*(?:>|subject\s*:|from\s*:|to\s*:|sent\s*:|cc\s*:)", re.IGNORECASE)
LABEL_KEYS = {"id", "message", "suggestion", "note", "source"}


class SemanticSettingsError(ValueError):
    """lexicons/semantic/layer.yml is malformed."""


@dataclass(frozen=True)
class LabelWording:
    """How the layer words a finding for one label."""

    id: str
    message: str
    suggestion: str
    note: str
    source: str


@dataclass(frozen=True)
class Settings:
    """The layer's validated settings and wording."""

    threshold_offset: float
    warning_at: float
    min_words: int
    labels: dict[str, LabelWording]


@lru_cache(maxsize=4)
def load_settings(path: Path = SETTINGS) -> Settings:
    """Load and validate the layer's settings file, naming the file and entry on error."""
    try:
        data = read_yaml(path)
    except YamlError as exc:
        raise SemanticSettingsError(str(exc)) from exc
    if not isinstance(data, dict) or set(data) != {"settings", "labels"}:
        raise SemanticSettingsError(f"{path}: expected the keys 'settings' and 'labels'")
    raw = data["settings"] or {}
    unknown = set(raw) - {"threshold_offset", "warning_at", "min_words"}
    if unknown:
        raise SemanticSettingsError(f"{path}: settings: unknown key(s) {sorted(unknown)}")
    labels = {}
    for name, entry in (data["labels"] or {}).items():
        if not isinstance(entry, dict) or set(entry) != LABEL_KEYS:
            raise SemanticSettingsError(f"{path}: labels.{name}: expected exactly the keys {sorted(LABEL_KEYS)}")
        labels[name] = LabelWording(**{k: " ".join(str(entry[k]).split()) for k in LABEL_KEYS})
    return Settings(
        threshold_offset=float(raw.get("threshold_offset", 0.0)),
        warning_at=float(raw.get("warning_at", 0.9)),
        min_words=int(raw.get("min_words", 4)),
        labels=labels,
    )


def rule_ids() -> set[str]:
    """Return the rule ids the layer can report."""
    return {w.id for w in load_settings().labels.values()}


def candidate_sentences(doc: Doc, min_words: int) -> list[tuple[int, int]]:
    """Return (start, end) of each line-sized sentence worth scoring (no greetings, headers or quotes)."""
    index = sentences(doc)
    text = index.text
    out = []
    for span in index.spans:
        start = span.start_char
        for piece in re.split(r"(\n+)", text[span.start_char : span.end_char]):
            a, b = start, start + len(piece)
            start = b
            stripped = piece.strip()
            if not stripped or SKIP_LINE.match(stripped) or len(words(stripped)) < min_words:
                continue
            lead = len(piece) - len(piece.lstrip())
            out.append((a + lead, a + lead + len(stripped)))
    return out


@dataclass(frozen=True)
class SentenceScores:
    """The scored sentences of one Doc: spans, dense features and per-label probabilities."""

    text: str
    spans: list[tuple[int, int]]
    dense: np.ndarray
    probs: np.ndarray
    labels: tuple[str, ...]

    def column(self, label: str) -> np.ndarray:
        """Return the probabilities of one label (zeros when the model has no such label)."""
        if label not in self.labels:
            return np.zeros(len(self.spans), dtype=np.float32)
        return self.probs[:, self.labels.index(label)]


def sentence_scores(doc: Doc, model: SemanticModel | None = None, min_words: int | None = None) -> SentenceScores:
    """Return (once per Doc) the model's scores for the Doc's candidate sentences."""
    cached = doc.user_data.get("coach_semantic")
    if cached is not None:
        return cached
    model = model or load_model()
    text = sentences(doc).text
    spans = candidate_sentences(doc, load_settings().min_words if min_words is None else min_words)
    if model is None or not spans:
        labels = model.labels if model is not None else ()
        scored = SentenceScores(text, [], np.zeros((0, DIM)), np.zeros((0, len(labels))), labels)
    else:
        texts = [text[a:b] for a, b in spans]
        dense = dense_features(texts)
        scored = SentenceScores(text, spans, dense, model.probabilities_from(dense, texts), model.labels)
    doc.user_data["coach_semantic"] = scored
    return scored


READER = re.compile(
    r"\b(?:you|your|yours|yourself|yourselves|y['’]all|u|ur|someone|somebody|some\s+people|whoever|who|"
    r"nobody|no\s+one|they|their|them|he|she|his|her)\b|\?",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _people() -> re.Pattern[str]:
    """Return the client-side people (lexicons/lists/people.yml) as one pattern."""
    from ..analysers.base import builtin_lists

    lists = builtin_lists()
    names = [n for n in ("client_roles", "generic_roles") if n in lists]
    return re.compile("|".join(rf"\b{lists.regex(n)}\b" for n in names), re.IGNORECASE) if names else re.compile("(?!)")


def reader_is_target(sentence: str) -> bool:
    """Return whether a sentence has someone in view (the reader, their people, a client role, or a question)."""
    return bool(READER.search(sentence) or _people().search(sentence))


# The writer's own side: "we missed the warning", "our report was late" lay no fault on the reader.
WRITER = re.compile(
    r"\b(?:i|i['’](?:m|ve|ll|d)|me|my|mine|myself|we|we['’](?:re|ve|ll|d)|us|our|ours|ourselves)\b", re.I
)
# The reader checks a label may be held to (the artefact names one per label, chosen on the dev split):
#   reader          the reader, their people, someone or a question in view;
#   reader_or_work  that, or nobody on the writer's side in view: criticism of the reader's work or side
#                   ("this report can't be used", "the warnings were not acted on") names no one;
#   none            every sentence.
GATES = ("reader", "reader_or_work", "none")


def in_view(gate: str, sentence: str) -> bool:
    """Return whether a sentence passes a reader check (see GATES)."""
    if gate == "none":
        return True
    if reader_is_target(sentence):
        return True
    return gate == "reader_or_work" and not WRITER.search(sentence)


def shipped_reader_check(label: str) -> str:
    """Return the reader check the shipped artefact holds a label to ("reader" without one)."""
    model = load_model()
    gate = str(model.meta.get("reader_check", {}).get(label, "reader")) if model is not None else "reader"
    return gate if gate in GATES else "reader"


def blame_in_view(sentence: str) -> bool:
    """Return whether the shipped layer could report blame for a sentence (its reader check passes)."""
    return in_view(shipped_reader_check("blame"), sentence)


class SemanticLayer:
    """Score a parsed message's sentences and report what the rules missed."""

    def __init__(self, rules: Sequence[Rule], model: SemanticModel | None = None, settings: Settings | None = None):
        self.model = model or load_model()
        self.settings = settings or load_settings()
        self.example_rules = [r for r in rules if r.examples.get("bad")]
        env = os.environ.get("COACH_SEMANTIC_OFFSET", "").strip()
        self.offset = float(env) if env else self.settings.threshold_offset
        self._examples: dict[str, tuple[np.ndarray, list[tuple[str, str]]]] = {}
        general = next((r for r in rules if r.id == "benefit.general"), None)
        action = getattr(general, "action", None)
        self.general_benefit = (
            getattr(action, "text", None) or "This will save your team time and lower the risk of a costly outage."
        )

    @property
    def rules(self) -> list[Rule]:
        """Return the layer's findings as declared rules (id, category, wording), for rule listings."""
        from ..lexicon import code_rule

        category = {"condescension": "condescension", "blame": "blame", "ask": "benefit"}
        return [
            code_rule(
                w.id,
                w.message.replace("{resembles}", ""),
                w.suggestion,
                w.note,
                severity="suggestion",
                source=w.source,
                file=str(SETTINGS),
            )
            for label, w in self.settings.labels.items()
            if label in category
        ]

    @property
    def available(self) -> bool:
        """Return whether a trained model is installed."""
        return self.model is not None

    def reader_check(self, label: str) -> str:
        """Return the reader check a label is held to (the artefact's choice; "reader" for older artefacts)."""
        assert self.model is not None
        gate = str(self.model.meta.get("reader_check", {}).get(label, "reader"))
        return gate if gate in GATES else "reader"

    def threshold(self, label: str) -> float:
        """Return the decision threshold for a label (trained value plus the offset)."""
        assert self.model is not None
        return min(0.999, self.model.thresholds.get(label, 0.9) + self.offset)

    def _resembles(self, category: str, vector: np.ndarray) -> str:
        """Return ', like "EXAMPLE" (rule ID)' for the closest bad example of the category's rules."""
        if category not in self._examples:
            pairs = [
                (r.id, ex) for r in self.example_rules if r.category == category for ex in r.examples.get("bad", ())
            ]
            vectors = dense_features([ex for _, ex in pairs])[:, :DIM] if pairs else np.zeros((0, DIM))
            self._examples[category] = (vectors, pairs)
        vectors, pairs = self._examples[category]
        if not pairs:
            return ""
        sims = vectors @ vector
        best = int(np.argmax(sims))
        if sims[best] < 0.4:
            return ""
        rule_id, example = pairs[best]
        return f', like "{example}" (rule {rule_id})'

    def find(self, doc: Doc, findings: Sequence[Finding], audience: str, benefit_stated: Any = None) -> list[Finding]:
        """Return the layer's findings for a message, given the rules' findings."""
        if self.model is None:
            return []
        scored = sentence_scores(doc, self.model, self.settings.min_words)
        if not scored.spans:
            return []
        text, spans, dense, probs = scored.text, scored.spans, scored.dense, scored.probs
        labels = self.model.labels
        out: list[Finding] = []
        # One finding per sentence: the category the model is surest of, measured against its threshold.
        margins = {}
        for category in SENTENCE_CATEGORIES:
            if category in labels and category in self.settings.labels:
                margins[category] = probs[:, labels.index(category)] - self.threshold(category)
        for i, ((a, b), vector) in enumerate(zip(spans, dense)):
            ranked = sorted(((m[i], c) for c, m in margins.items() if m[i] >= 0), reverse=True)
            if ranked and ranked[0][1] == "blame" and self._neutral_cause(doc, a, b):
                ranked = ranked[1:]  # a reason with no fault on the reader's side is not blame
            if not ranked:
                continue
            category = ranked[0][1]
            if not in_view(self.reader_check(category), text[a:b]):
                continue  # the second check: talking down to or blaming the reader needs the reader in view
            if any(f.category in SENTENCE_CATEGORIES and f.start < b and a < f.end for f in findings):
                continue  # a rule already speaks for this sentence
            p = float(probs[i, labels.index(category)])
            out.append(
                self._finding(
                    category,
                    self.settings.labels[category],
                    text,
                    a,
                    b,
                    p,
                    resembles=self._resembles(category, vector[:DIM]),
                )
            )
        out += self._benefit(text, spans, probs, findings, benefit_stated)
        return out

    @staticmethod
    def _neutral_cause(doc: Doc, start: int, end: int) -> bool:
        """Return whether the sentence at [start, end) gives a cause that lays no fault on the reader."""
        if not has_parse(doc):
            return False
        span = doc.char_span(start, end, alignment_mode="expand")
        return span is not None and names_neutral_cause(span, lambda t: bool(_people().search(t)))

    def _benefit(
        self,
        text: str,
        spans: list[tuple[int, int]],
        probs: np.ndarray,
        findings: Sequence[Finding],
        benefit_stated: Any,
    ) -> list[Finding]:
        """Return a benefit finding for an unstated-benefit ask the rules did not see."""
        assert self.model is not None
        labels = self.model.labels
        if "ask" not in labels or "ask" not in self.settings.labels:
            return []
        if any(f.category == "benefit" and not f.rule.endswith("risk_as_cost") for f in findings):
            return []
        if benefit_stated is not None and benefit_stated(text):
            return []
        if "benefit" in labels and (probs[:, labels.index("benefit")] >= self.threshold("benefit")).any():
            return []
        ask = probs[:, labels.index("ask")]
        hits = np.flatnonzero(ask >= self.threshold("ask"))
        if not hits.size:
            return []
        i = int(hits[0])
        a, b = spans[i]
        found = self._finding("benefit", self.settings.labels["ask"], text, a, b, float(ask[i]))
        return [replace(found, suggestion=(found.suggestion or "").replace("{benefit}", self.general_benefit))]

    def _finding(
        self, category: str, wording: LabelWording, text: str, start: int, end: int, p: float, resembles: str = ""
    ) -> Finding:
        """Build a finding worded from the settings, with a severity for the model's confidence."""
        return Finding(
            category=category,
            rule=wording.id,
            start=start,
            end=end,
            text=text[start:end],
            message=wording.message.replace("{resembles}", resembles),
            suggestion=wording.suggestion,
            severity="warning" if p >= self.settings.warning_at else "suggestion",
            note=f"{wording.note} (Semantic layer, confidence {p:.2f}; source: {wording.source}.)",
            replacement=None,
        )

"""The tone score: politeness strategies, minus findings, plus a little sentiment, squashed to 0..100."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any

from spacy.tokens import Doc

from coach.report import CATEGORIES, Finding
from coach.scoring.learned import (
    DIRECT,
    HURTFUL,
    STRATEGY_PREFIX,
    ToneModel,
    email_regression,
    feature_names,
    learned_enabled,
    load_tone_model,
    part_values,
    politeness,
    politeness_min,
    sentence_vader,
    signed,
    vader_compound,
)
from coach.scoring.lexicon import ToneData, default_tone_data
from coach.scoring.pattern_sentiment import polarity_subjectivity
from coach.scoring.readability import readability_scores
from coach.scoring.strategies import ensure_doc, find_hits, is_tagged, sentences


def _saturate(weight: float, hits: int, data: ToneData) -> float:
    """Return a strategy's contribution: full weight once, then slowly growing, capped."""
    hits = min(hits, data.max_hits)
    return weight * (1.0 + data.saturation_extra * math.log2(hits)) if hits else 0.0


def length_factor(n_sentences: int, data: ToneData) -> float:
    """Return the dilution of strategy contributions for long messages (1.0 up to the reference length)."""
    return min(1.0, math.sqrt(data.reference_sentences / max(1, n_sentences)))


def strategy_parts(text: str, doc: Any, data: ToneData) -> dict[str, dict[str, float]]:
    """Return {strategy: {hits, contribution}} for every strategy that fired."""
    doc = ensure_doc(text, doc)
    sents = sentences(text, doc)
    hits = Counter(h.strategy for h in find_hits(sents, data.strategies, is_tagged(doc)))
    weights = {s.name: s.weight for s in data.strategies}
    factor = length_factor(len(sents), data)
    return {
        name: {"hits": n, "contribution": round(factor * _saturate(weights[name], n, data), 3)}
        for name, n in sorted(hits.items(), key=lambda kv: -abs(weights[kv[0]]))
    }


def penalty_parts(findings: Sequence[Finding], data: ToneData) -> dict[str, float]:
    """Return the tone penalty per finding category (severity-weighted, capped per category)."""
    totals: dict[str, float] = {}
    for f in findings:
        cost = data.category_weight.get(f.category, 0.0) * data.severity.get(f.severity, 1.0)
        totals[f.category] = totals.get(f.category, 0.0) + cost
    for category, total in totals.items():
        cap = data.category_cap.get(category)
        totals[category] = round(min(total, cap) if cap is not None else total, 3)
    return {k: v for k, v in totals.items() if v}


def sentiment(text: str) -> dict[str, float]:
    """Return TextBlob polarity (-1..1) and subjectivity (0..1) of the text."""
    polarity, subjectivity = polarity_subjectivity(text) if text.strip() else (0.0, 0.0)
    return {"polarity": round(polarity, 3), "subjectivity": round(subjectivity, 3)}


def _summary(strategies: dict[str, dict[str, float]], penalty: float) -> str:
    """Return a one-line human explanation of the tone parts."""
    found = ", ".join(f"{name} {part['contribution']:+.2f}" for name, part in strategies.items())
    return f"Strategies: {found or 'none found'}; findings penalty {-penalty:+.2f}."


def tone_parts(
    text: str,
    doc: Any,
    findings: Sequence[Finding],
    data: ToneData | None = None,
    senti: dict[str, float] | None = None,
) -> dict[str, Any]:
    """Return the tone score's parts: bias, strategies, sentiment, findings penalty, logit and tone."""
    data = data or default_tone_data()
    strategies = strategy_parts(text, doc, data)
    senti = senti if senti is not None else sentiment(text)
    senti_part = data.polarity_weight * senti["polarity"] + data.subjectivity_weight * senti["subjectivity"]
    penalties = penalty_parts(findings, data)
    penalty = sum(penalties.values())
    logit = data.bias + sum(p["contribution"] for p in strategies.values()) + senti_part - penalty
    parts: dict[str, Any] = {
        "summary": _summary(strategies, penalty),
        "bias": data.bias,
        "strategies": strategies,
        "sentiment": round(senti_part, 3),
        "findings_penalty": round(penalty, 3),
        "penalty_by_category": penalties,
        "strategy_logit": round(logit, 3),
        "learned": None,
        "logit": round(logit, 3),
    }
    model = load_tone_model(feature_names([st.name for st in data.strategies])) if learned_enabled() else None
    if model is not None and isinstance(doc, Doc):
        dilution = length_factor(len(sentences(text, doc)), data)
        vader = vader_compound(text, data.vader_neutral)
        parts.update(learned_parts(text, doc, strategies, senti["polarity"], vader, penalties, model, dilution))
    final = float(parts["logit"])
    parts["tone"] = round(100.0 / (1.0 + math.exp(-max(-50.0, min(50.0, final)))), 1)  # clamped: exp overflows
    return parts


RATING_REACH = 2.5  # logit units either side of rating 3: ratings 1 and 5 are -2 and +2, half a point more allowed


def _spread(total: float, shares: dict[str, float]) -> dict[str, float]:
    """Return total shared among the keys in proportion to their (non-negative) shares."""
    weight = sum(shares.values())
    return {k: total * v / weight for k, v in shares.items() if v} if weight > 0 else {}


def learned_parts(
    text: str,
    doc: Doc,
    strategies: dict[str, dict[str, float]],
    polarity: float,
    vader: float,
    penalties: dict[str, float],
    model: ToneModel,
    dilution: float = 1.0,
) -> dict[str, Any]:
    """Return the tone parts reweighted by the learned combination; they still add up to the logit."""
    from coach.semantic.layer import sentence_scores  # the semantic layer embeds each sentence once per Doc

    names = model.features
    dense = sentence_scores(doc).dense
    polite = politeness(dense, model)
    weight = dict(zip(names, model.weights.tolist()))
    extra = {  # each computed only when the fit gives it a weight
        "politeness_min": politeness_min(dense, model) if weight.get("politeness_min") else 0.0,
        "email_regression": email_regression(dense, model) if weight.get("email_regression") else 0.0,
        "vader_sentences": (
            sentence_vader([s.text for s in sentences(text, doc)], default_tone_data().vader_neutral)
            if weight.get("vader_sentences")
            else 0.0
        ),
    }
    values = part_values(names, strategies, polarity, vader, polite, penalties, dilution, extra)
    c = dict(zip(names, (signed(values, names) * model.weights).tolist()))
    moves = {name: c.get(STRATEGY_PREFIX + name, 0.0) for name in strategies}
    moves["overall_politeness"] = c["politeness"]
    by_category: dict[str, float] = {}
    groups = (
        ("hurtful_findings", lambda k: k in HURTFUL),
        ("directness_findings", lambda k: k in DIRECT),
        ("other_findings", lambda k: k not in HURTFUL and k not in DIRECT),
    )
    for group, member in groups:
        for k, v in _spread(-c[group], {k: v for k, v in penalties.items() if member(k)}).items():
            by_category[k] = by_category.get(k, 0.0) + v
    senti_part = c["textblob"] + c["vader"]
    raw = model.bias + sum(moves.values()) + senti_part - sum(by_category.values())
    # The fit predicts a 1-5 rating (one point a unit of logit around 3); past the ends of that
    # scale a prediction is squeezed smoothly, so the rudest mail nears 8, not 0, and the order holds.
    logit = RATING_REACH * math.tanh(raw / RATING_REACH)
    f = (logit - model.bias) / (raw - model.bias) if abs(raw - model.bias) > 1e-9 else 1.0
    shown = {  # every strategy that fired stays listed, with 0 where the fit gives it no weight
        name: {"hits": strategies[name]["hits"] if name in strategies else 0, "contribution": round(f * v, 3)}
        for name, v in moves.items()
        if name in strategies or round(f * v, 3)
    }
    by_category = {k: round(f * v, 3) for k, v in by_category.items() if round(f * v, 3)}
    return {
        "summary": _summary(shown, sum(by_category.values())),
        "bias": round(model.bias, 3),
        "strategies": shown,
        "sentiment": round(f * senti_part, 3),
        "findings_penalty": round(sum(by_category.values()), 3),
        "penalty_by_category": by_category,
        "learned": {
            "features": {name: round(float(v), 3) for name, v in zip(names, values)},
            "contributions": {name: round(v, 3) for name, v in c.items()},
            "unbounded_logit": round(raw, 3),
        },
        "logit": round(logit, 3),
    }


def score(text: str, doc: Any, findings: Sequence[Finding], audience: str = "non-technical") -> dict[str, Any]:
    """Return the report's scores."""
    doc = ensure_doc(text, doc)
    senti = sentiment(text)
    parts = tone_parts(text, doc, findings, senti=senti)
    counts = {c: 0 for c in CATEGORIES}
    counts.update(Counter(f.category for f in findings if f.category in counts))
    return {
        "counts": counts,
        "tone": parts.pop("tone"),
        "tone_parts": parts,
        "readability": readability_scores(text, doc, audience),
        "sentiment": senti,
    }

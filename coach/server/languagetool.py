"""Speak LanguageTool's HTTP API (`POST /v2/check`, `GET /v2/languages`) so its clients show the coach's findings.

The response follows LanguageTool's own JSON (as its clients parse it, e.g.
language_tool_python's Match and api_types, and LanguageTool's issue #11361):
    {"software": {name, version, buildDate, apiVersion, status, premium},
     "warnings": {"incompleteResults": false},
     "language": {name, code, detectedLanguage: {name, code, confidence, source}},
     "matches": [{message, shortMessage, replacements: [{value}], offset, length,
                  context: {text, offset, length}, sentence, type: {typeName},
                  rule: {id, description, issueType, category: {id, name}},
                  ignoreForIncompleteSentence, contextForSureMatch}]}

Offsets and lengths are in UTF-16 code units, because LanguageTool is Java and
its clients (browser extensions, JavaScript editors) index strings that way:
an emoji before a finding counts two. The coach works in Python characters,
so every offset is converted here. The `data` field (text and markup parts,
as LanguageTool's AnnotatedText) is analysed as its plain text, and offsets
point into the full document, markup included.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from .. import __version__
from ..report import CATEGORIES, Finding, Report

CONTEXT_CHARS = 40  # characters of context on each side of a match, as LanguageTool's default
ENGLISH = (
    ("English", "en", "en"),
    ("English (US)", "en", "en-US"),
    ("English (GB)", "en", "en-GB"),
    ("English (Australian)", "en", "en-AU"),
    ("English (Canadian)", "en", "en-CA"),
    ("English (New Zealand)", "en", "en-NZ"),
    ("English (South African)", "en", "en-ZA"),
)
ISSUE_TYPES = {  # LanguageTool's issue types (from the W3C ITS localization quality issue types)
    "jargon": "terminology",
    "blame": "register",
    "condescension": "register",
    "profanity": "register",
}
CATEGORY_NAMES = {
    "jargon": "Jargon",
    "blame": "Blame",
    "condescension": "Condescension",
    "profanity": "Profanity",
    "benefit": "Business benefit",
    "expectations": "Open expectations",
    "empathy": "Empathy",
    "readability": "Readability",
}


class CheckRequestError(ValueError):
    """The /v2/check request cannot be answered (no text, bad data, unknown language)."""


def languages() -> list[dict[str, str]]:
    """Return the languages the coach checks, as LanguageTool's /v2/languages lists them."""
    return [{"name": name, "code": code, "longCode": long_code} for name, code, long_code in ENGLISH]


def resolve_language(code: str | None) -> dict[str, str]:
    """Return the language record for a request's language code ("auto" and any en-* are English)."""
    wanted = (code or "").strip()
    if not wanted:
        raise CheckRequestError("missing 'language': send e.g. language=en-US or language=auto")
    if wanted.lower() == "auto":
        wanted = "en-US"
    for name, _short, long_code in ENGLISH:
        if wanted.lower() == long_code.lower():
            return {"name": name, "code": long_code}
    if wanted.lower().split("-")[0] == "en":
        return {"name": "English", "code": wanted}
    known = ", ".join(long_code for _, _, long_code in ENGLISH)
    raise CheckRequestError(
        f"'{wanted}' is not a language this server checks: the coach's rules are English ({known}, or auto)"
    )


@dataclass(frozen=True, slots=True)
class Document:
    """The text the coach analyses, the full document a client sent, and how offsets map between them."""

    plain: str  # what is analysed
    original: str  # what the client's offsets index (text plus markup)
    # (plain_start, plain_end, original_start, original_end, is_text) per part, in order
    parts: tuple[tuple[int, int, int, int, bool], ...] = ()

    def to_original(self, offset: int, *, end: bool = False) -> int:
        """Return the offset in the original document of a plain-text offset."""
        if not self.parts:
            return offset
        for p_start, p_end, o_start, o_end, is_text in self.parts:
            if p_start <= offset < p_end or (end and offset == p_end and p_end > p_start):
                if is_text:
                    return o_start + (offset - p_start)
                return o_end if end else o_start
        return len(self.original)


def parse_request_text(text: str | None, data: str | None) -> Document:
    """Return the Document of a /v2/check request from its `text` or its `data` (annotated text) field."""
    if text is not None and data is not None:
        raise CheckRequestError("send either 'text' or 'data', not both")
    if text is not None:
        return Document(plain=text, original=text)
    if data is None:
        raise CheckRequestError("missing 'text' or 'data': send the text to check")
    try:
        annotation = json.loads(data)["annotation"]
        if not isinstance(annotation, list):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        raise CheckRequestError(
            'invalid \'data\': expected JSON like {"annotation": [{"text": "A "}, {"markup": "<b>"}]}'
        ) from None
    return annotated_document(annotation)


def annotated_document(annotation: Sequence[Any]) -> Document:
    """Return the Document of LanguageTool's annotation parts: text kept, markup skipped or interpreted."""
    plain: list[str] = []
    original: list[str] = []
    parts = []
    p_pos = o_pos = 0
    for i, item in enumerate(annotation):
        if not isinstance(item, dict) or not (isinstance(item.get("text"), str) or isinstance(item.get("markup"), str)):
            raise CheckRequestError(f"invalid 'data': part {i} needs a 'text' or a 'markup' string")
        if isinstance(item.get("text"), str):
            shown = source = item["text"]
            is_text = True
        else:
            source = item["markup"]
            shown = item.get("interpretAs") if isinstance(item.get("interpretAs"), str) else ""
            is_text = False
        parts.append((p_pos, p_pos + len(shown), o_pos, o_pos + len(source), is_text))
        plain.append(shown)
        original.append(source)
        p_pos += len(shown)
        o_pos += len(source)
    return Document(plain="".join(plain), original="".join(original), parts=tuple(parts))


class Utf16:
    """Convert Python character offsets of one string to UTF-16 code units (astral characters count two)."""

    def __init__(self, text: str):
        self.astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]

    def __call__(self, offset: int) -> int:
        """Return the UTF-16 offset of a character offset."""
        return offset + bisect_left(self.astral, offset)


def utf16_len(text: str) -> int:
    """Return the length of a string in UTF-16 code units."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def wanted_findings(
    findings: Iterable[Finding],
    *,
    enabled_rules: set[str],
    disabled_rules: set[str],
    enabled_categories: set[str],
    disabled_categories: set[str],
    enabled_only: bool,
) -> list[Finding]:
    """Return the findings a request's enabled/disabled rules and categories keep (categories match any case)."""
    kept = []
    for f in findings:
        category = f.category.lower()
        if f.rule in disabled_rules or category in disabled_categories:
            continue
        if enabled_only and f.rule not in enabled_rules and category not in enabled_categories:
            continue
        kept.append(f)
    return kept


def split_list(value: str | None) -> set[str]:
    """Return the comma-separated ids of a form field."""
    return {part.strip() for part in (value or "").split(",") if part.strip()}


def category_id(category: str) -> str:
    """Return LanguageTool's upper-case category id for a coach category."""
    return category.upper()


def category_ids(value: str | None) -> set[str]:
    """Return coach category names from a field of LanguageTool category ids (JARGON or jargon)."""
    return {c.lower() for c in split_list(value)}


def to_match(
    finding: Finding, doc: Document, sentence: tuple[int, int], utf16: Utf16, plain_utf16: Utf16
) -> dict[str, Any]:
    """Return one LanguageTool match for a finding."""
    start = doc.to_original(finding.start)
    end = max(start, doc.to_original(finding.end, end=True))
    c_start = max(0, finding.start - CONTEXT_CHARS)
    c_end = min(len(doc.plain), finding.end + CONTEXT_CHARS)
    prefix = "..." if c_start > 0 else ""
    suffix = "..." if c_end < len(doc.plain) else ""
    context = prefix + doc.plain[c_start:c_end] + suffix
    in_context = len(prefix) + plain_utf16(finding.start) - plain_utf16(c_start)
    replacements = [{"value": finding.replacement}] if finding.replacement else []
    description = finding.note or finding.message
    return {
        "message": finding.message + (f" {finding.suggestion}" if finding.suggestion else ""),
        "shortMessage": CATEGORY_NAMES.get(finding.category, finding.category.title()),
        "replacements": replacements,
        "offset": utf16(start),
        "length": utf16(end) - utf16(start),
        "context": {
            "text": context,
            "offset": in_context,
            "length": plain_utf16(finding.end) - plain_utf16(finding.start),
        },
        "sentence": doc.plain[sentence[0] : sentence[1]].strip(),
        "type": {"typeName": "Hint" if finding.severity == "suggestion" else "Other"},
        "rule": {
            "id": finding.rule,
            "description": description,
            "issueType": ISSUE_TYPES.get(finding.category, "style"),
            "category": {
                "id": category_id(finding.category),
                "name": CATEGORY_NAMES.get(finding.category, finding.category.title()),
            },
        },
        "ignoreForIncompleteSentence": False,
        "contextForSureMatch": 0,
    }


def check_response(
    report: Report,
    findings: Sequence[Finding],
    doc: Document,
    sentences: Sequence[tuple[int, int]],
    language: dict[str, str],
    detected: bool,
) -> dict[str, Any]:
    """Return the whole /v2/check response for an analysed document."""
    utf16, plain_utf16 = Utf16(doc.original), Utf16(doc.plain)
    starts = [s for s, _ in sentences]

    def sentence_of(offset: int) -> tuple[int, int]:
        if not sentences:
            return (0, len(doc.plain))
        return sentences[max(0, bisect_left(starts, offset + 1) - 1)]

    english = not report.warnings
    return {
        "software": {
            "name": "Tone Coach",
            "version": __version__,
            "buildDate": None,
            "apiVersion": 1,
            "status": "",
            "premium": False,
        },
        "warnings": {"incompleteResults": False},
        "language": {
            **language,
            "detectedLanguage": {
                "name": language["name"],
                "code": language["code"],
                "confidence": (0.9 if english else 0.3) if detected else 1.0,
                "source": "coach",
            },
        },
        "matches": [to_match(f, doc, sentence_of(f.start), utf16, plain_utf16) for f in findings],
    }


__all__ = [
    "CATEGORIES",
    "CheckRequestError",
    "Document",
    "Utf16",
    "annotated_document",
    "category_ids",
    "check_response",
    "languages",
    "parse_request_text",
    "resolve_language",
    "split_list",
    "utf16_len",
    "wanted_findings",
]

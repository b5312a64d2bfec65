"""The one editor: the draft is typed where it is highlighted, and re-checked as the user types.

A custom Streamlit component (views/editor_frontend: plain JS and CSS, no
build step) shows a textarea over a painted copy of its text that carries the
findings' highlights. It sends the text 600 ms after the last key; Python
re-checks it and sends back the spans. The draft itself stays in
``session_state[DRAFT]``; the editor is a view of it:

- typing changes the draft without touching the coach's undo stack (the
  textarea keeps its own undo, as the plain text box did);
- a change Python makes (Apply, Undo, an example, an opened file) gets a new
  version number, and only then does the editor replace its text;
- clicking a highlight makes its finding the current one (``focus_key``).

Until the editor has said it works (its first message), the page also shows
the plain text box, so a browser where the component cannot load keeps a
working draft box; ``COACH_EDITOR=plain`` keeps the plain box for good.
"""

from __future__ import annotations

import os
from collections.abc import Callable, MutableMapping, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import streamlit.components.v1 as components

from coach import Finding

from .highlight import numbering, paintable, severity_key, tooltip
from .why import colour_for, symbol_for, why_for

FRONTEND = Path(__file__).resolve().parent / "editor_frontend"
EDITOR_KEY = "draft_editor"  # the component's value: {"text", "seq", "focus", "ready"}
READY = "draft_editor_ready"  # the editor has rendered in this session
SEEN = "draft_editor_seen"  # the draft text the editor holds, as far as Python knows
VERSION = "draft_editor_version"  # bumped whenever Python changes the draft under the editor
DEBOUNCE_MS = 600
State = MutableMapping[str, Any]

_component: Callable[..., Any] | None = None


def enabled() -> bool:
    """Return whether the page uses the one editor (its files are there and COACH_EDITOR is not "plain")."""
    return os.environ.get("COACH_EDITOR", "").strip().lower() != "plain" and (FRONTEND / "index.html").is_file()


def _declared() -> Callable[..., Any]:
    global _component
    if _component is None:
        _component = components.declare_component("draft_editor", path=str(FRONTEND))
    return _component


def utf16_offsets(text: str) -> Callable[[int], int]:
    """Return a function mapping a Python (code point) offset in text to a JavaScript (UTF-16) one."""
    if all(ord(ch) <= 0xFFFF for ch in text):
        return lambda i: i
    prefix = [0]
    for ch in text:
        prefix.append(prefix[-1] + (2 if ord(ch) > 0xFFFF else 1))
    return lambda i: prefix[max(0, min(i, len(text)))]


def editor_spans(text: str, findings: Sequence[Finding]) -> list[dict[str, Any]]:
    """Return the highlight of every paintable finding as the editor draws it (UTF-16 offsets, plain strings)."""
    numbers = numbering(findings)
    to_js = utf16_offsets(text)
    spans = []
    for finding in sorted((f for f in findings if paintable(f, len(text))), key=severity_key):
        letter, line = symbol_for(finding.category)
        colour = colour_for(finding.category)
        spans.append(
            {
                "s": to_js(finding.start),
                "e": to_js(finding.end),
                "cat": finding.category,
                "rule": finding.rule,
                "num": numbers[finding],
                "n": f"{numbers[finding]}{letter}",
                "tip": f"{why_for(finding.category).title}: {tooltip(finding)}",
                "bg": f"{colour}55",
                "colour": colour,
                "line": line,
            }
        )
    return spans


def summary(findings: Sequence[Finding]) -> str:
    """Return the editor's status line once the text is checked."""
    if not findings:
        return "Checked: nothing to flag."
    return f"Checked: {len(findings)} finding{'s' if len(findings) != 1 else ''}. Click a highlight to see its card."


def on_change(state: State, draft_key: str, focus_key: str | None) -> None:
    """Take what the editor sent: the typed text becomes the draft, a clicked highlight the current finding."""
    value = state.get(EDITOR_KEY)
    if not isinstance(value, dict):
        return
    state[READY] = True
    text = value.get("text")
    if isinstance(text, str):
        state[SEEN] = text
        if text != (state.get(draft_key) or ""):
            state[draft_key] = text
    focus = value.get("focus")
    if focus_key is not None and isinstance(focus, int) and not isinstance(focus, bool) and focus > 0:
        state[focus_key] = focus


def is_ready(state: State) -> bool:
    """Return whether the editor has shown in this session (else the page also offers the plain text box)."""
    return bool(state.get(READY))


def version_for(state: State, text: str) -> int:
    """Return the draft's version, bumping it when the draft is not the text the editor holds."""
    if state.get(SEEN) != text:
        state[VERSION] = int(state.get(VERSION) or 0) + 1
        state[SEEN] = text
    return int(state.get(VERSION) or 0)


def render_editor(
    state: State,
    text: str,
    findings: Sequence[Finding],
    *,
    status: str,
    draft_key: str,
    focus_key: str | None = None,
    label: str = "Your draft",
    placeholder: str = "",
) -> None:
    """Draw the one editor holding text with the findings (found in text) highlighted, and a status line."""
    focus = state.get(focus_key) if focus_key else None
    _declared()(
        key=EDITOR_KEY,
        default=None,
        on_change=partial(on_change, state, draft_key, focus_key),
        text=text,
        version=version_for(state, text),
        spans=editor_spans(text, findings),
        summary=status,
        focus=focus if isinstance(focus, int) else None,
        label=label,
        placeholder=placeholder,
        debounce_ms=DEBOUNCE_MS,
    )

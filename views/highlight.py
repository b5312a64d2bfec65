"""Build the page's HTML from escaped fragments only: highlighted drafts, the legend, diffs, finding cards.

Every piece of user text (the draft, a finding's text, an uploaded subject)
goes through html.escape before it meets a tag, so a draft holding
``<script>`` or ``<img onerror=...>`` is shown as those characters and never
runs. The HTML here is rendered with st.html, which does not interpret
Markdown, so ``[x](javascript:...)`` stays text as well.
"""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Iterable, Sequence

from coach import Finding

from .revise import Fix
from .why import WHY, colour_for, public_note, symbol_for, why_for

# Categories that say what a message lacks rather than what is wrong with a phrase.
MISSING_CATEGORIES = ("benefit", "expectations", "empathy")
# A "missing" finding longer than this is about the whole message: listed, not painted.
MAX_PAINTED_MISSING = 200
SEVERITY_ORDER = {"error": 0, "warning": 1, "suggestion": 2}
SEVERITY_LABEL = {"error": "Fix", "warning": "Consider", "suggestion": "Suggestion"}
# Word-level diffs above this many characters fall back to lines (SequenceMatcher is quadratic).
MAX_WORD_DIFF_CHARS = 20_000

CSS = """
<style>
.tc-draft { white-space: pre-wrap; line-height: 1.9; font-size: 1rem; padding: .75rem 1rem;
  border: 1px solid rgba(49,51,63,.3); border-radius: .5rem; background: #fff; color: #1f2430;
  overflow-wrap: anywhere; }
.tc-mark { border-radius: .25rem; padding: .05rem .1rem; cursor: help; position: relative; color: inherit; }
.tc-mark:focus { outline: 3px solid #1d5a78; outline-offset: 1px; }
.tc-mark:focus::before { content: attr(data-tip); position: absolute; left: 0; top: 1.8em; z-index: 10;
  width: 22rem; max-width: 80vw; white-space: pre-wrap; background: #1f2430; color: #fff;
  font-size: .85rem; line-height: 1.35; padding: .5rem .65rem; border-radius: .4rem; }
.tc-mark[data-n]::after { content: attr(data-n); font-size: .7em; vertical-align: super; font-weight: 700;
  margin-left: .1rem; }
.tc-legend { display: flex; flex-wrap: wrap; gap: .4rem; margin: .4rem 0 .2rem; font-size: .85rem; }
.tc-chip { border-radius: 1rem; padding: .05rem .6rem; color: #1f2430; }
.tc-chip.tc-off { background: transparent !important; border-style: dashed !important; color: #4a5160; }
.tc-sym { font-weight: 700; margin-right: .25rem; }
.tc-kbd { font-size: .95rem; }
.tc-card-head { display: flex; gap: .5rem; align-items: baseline; flex-wrap: wrap; }
.tc-sev { font-size: .75rem; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; }
.tc-sev-error { color: #a1211a; } .tc-sev-warning { color: #7a4f00; } .tc-sev-suggestion { color: #2d4f80; }
.tc-quote { font-family: ui-monospace, monospace; background: #eef0f3; color: #1f2430; padding: 0 .3rem;
  border-radius: .25rem; overflow-wrap: anywhere; }
.tc-msg { margin: .25rem 0 .1rem; } .tc-sugg { font-size: .95rem; }
.tc-fix { font-size: .92rem; margin-top: .2rem; }
.tc-diff { white-space: pre-wrap; line-height: 1.8; padding: .75rem 1rem; border-radius: .5rem;
  border: 1px solid rgba(49,51,63,.3); overflow-wrap: anywhere; }
.tc-diff del { background: #fde2e1; color: #8c1d18; }
.tc-diff ins { background: #dcf5e3; color: #14532d; text-decoration: underline; }
/* WCAG AA: Streamlit's captions are 4.2:1 on white; these are 7:1 and more. */
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #4a5160 !important; }
/* The draft stays in view while the cards scroll by (side by side on a wide screen). */
@media (min-width: 900px) {
  [data-testid="stColumn"]:has(.tc-sticky-marker) { position: sticky; top: 3.75rem; align-self: flex-start;
    max-height: calc(100vh - 4.5rem); overflow-y: auto; }
}
@media (max-width: 640px) {
  .tc-draft, .tc-diff { padding: .5rem .6rem; font-size: .95rem; }
  .tc-mark:focus::before { width: 16rem; }
}
@media (prefers-color-scheme: dark) {
  .tc-draft { background: #1b1f26; color: #e8eaed; border-color: rgba(232,234,237,.3); }
  .tc-chip { color: #e8eaed; } .tc-chip.tc-off { color: #b8bec8; }
  .tc-mark:focus { outline-color: #8fd0ef; }
  .tc-quote { background: #2a2f38; color: #e8eaed; }
  .tc-sev-error { color: #ff9a8f; } .tc-sev-warning { color: #f3c26b; } .tc-sev-suggestion { color: #9cc2ff; }
  .tc-diff del { background: #4a1c1a; color: #ffc9c4; } .tc-diff ins { background: #173b24; color: #bdf0cc; }
  [data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p { color: #b8bec8 !important; }
}
</style>
"""


def esc(text: str) -> str:
    """Return text escaped for HTML content and attribute values."""
    return html.escape(text, quote=True)


def severity_key(finding: Finding) -> tuple[int, int, int]:
    """Return the sort key that lists findings most severe first, then in text order."""
    return (SEVERITY_ORDER.get(finding.severity, 3), finding.start, finding.end)


def by_severity(findings: Iterable[Finding]) -> list[Finding]:
    """Return findings sorted most severe first, then by position."""
    return sorted(findings, key=severity_key)


def is_missing(finding: Finding) -> bool:
    """Return whether a finding says what the message lacks (benefit, expectations, empathy)."""
    return finding.category in MISSING_CATEGORIES


def paintable(finding: Finding, text_length: int) -> bool:
    """Return whether a finding is highlighted in place (a real span, not the whole message)."""
    if not 0 <= finding.start < finding.end <= text_length:
        return False
    return not (is_missing(finding) and finding.end - finding.start > MAX_PAINTED_MISSING)


def tooltip(finding: Finding) -> str:
    """Return the plain-text hover help of a finding: message, why, suggestion."""
    parts = [finding.message]
    if finding.note:
        parts.append(f"Why: {public_note(finding.note)}")
    if finding.suggestion:
        parts.append(f"Try: {finding.suggestion}")
    return "\n".join(parts)


def display_order(findings: Iterable[Finding]) -> list[Finding]:
    """Return findings in the order the page lists them: what is missing first, then most severe first."""
    return sorted(findings, key=lambda f: (not is_missing(f), *severity_key(f)))


def numbering(findings: Sequence[Finding]) -> dict[Finding, int]:
    """Return each finding's number as the page lists it (1-based)."""
    return {f: i for i, f in enumerate(display_order(findings), start=1)}


def highlight_html(text: str, findings: Sequence[Finding]) -> str:
    """Return the text as HTML with every finding marked in place, coloured by category.

    Overlapping findings are split at every boundary; each piece is painted
    with its innermost finding and its hover help lists every finding over it.
    """
    numbers = numbering(findings)
    spans = [f for f in findings if paintable(f, len(text))]
    cuts = sorted({0, len(text), *(f.start for f in spans), *(f.end for f in spans)})
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        piece = esc(text[a:b])
        over = [f for f in spans if f.start <= a and f.end >= b]
        if not over:
            out.append(piece)
            continue
        inner = min(over, key=lambda f: (f.end - f.start, severity_key(f)))
        tip = esc("\n\n".join(tooltip(f) for f in sorted(over, key=severity_key)))
        ends_here = sorted((numbers[f], f) for f in over if f.end == b)
        label = ",".join(f"{n}{symbol_for(f.category)[0]}" for n, f in ends_here)
        nums = f' data-n="{esc(label)}"' if ends_here else ""
        letter, line = symbol_for(inner.category)
        names = ", ".join(dict.fromkeys(why_for(f.category).title for f in sorted(over, key=severity_key)))
        out.append(
            f'<mark class="tc-mark tc-{esc(inner.category)}" tabindex="0" '
            f'style="background:{colour_for(inner.category)}55;'
            f'border-bottom:3px {line} {colour_for(inner.category)}" '
            f'aria-label="{esc(names)}: {tip}" '
            f'title="{tip}" data-tip="{tip}" data-rule="{esc(inner.rule)}"{nums}>{piece}</mark>'
        )
    return f'<div class="tc-draft" data-testid="tc-draft">{"".join(out)}</div>'


def legend_html(findings: Sequence[Finding]) -> str:
    """Return the colour legend, with the categories present in this message in full colour."""
    present = {f.category for f in findings}
    chips = []
    for category, why in WHY.items():
        count = sum(f.category == category for f in findings)
        label = f"{why.title} ({count})" if count else f"{why.title} (none)"
        off = "" if category in present else " tc-off"
        letter, line = symbol_for(category)
        chips.append(
            f'<span class="tc-chip{off}" style="background:{why.colour}55;'
            f'border:2px {line} {why.colour}"><span class="tc-sym" aria-hidden="true">{esc(letter)}</span>'
            f"{esc(label)}</span>"
        )
    return f'<div class="tc-legend">{"".join(chips)}</div>'


def shorten(text: str, limit: int = 120) -> str:
    """Return text on one line, cut to limit characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def fix_preview(finding: Finding, fix: Fix | None, *, can_apply: bool = True) -> str:
    """Return the HTML line that shows what Apply (or, read-only, the fix) will do, or that it needs the writer."""
    if fix is None:
        return '<div class="tc-fix">✎ Needs your own words: rewrite this part yourself.</div>'
    subject = "Apply" if can_apply else "The fix"
    # A deletion that opens a sentence also capitalises the next letter: still a removal.
    if fix.new.strip() == "" or (len(fix.new) == 1 and fix.new.isupper()):
        return f'<div class="tc-fix">{subject} removes it.</div>'
    verb = "adds" if fix.start == fix.end else "changes it to"
    return f'<div class="tc-fix">{subject} {verb} <span class="tc-quote">{esc(shorten(fix.new, 200))}</span></div>'


def card_html(finding: Finding, number: int, fix: Fix | None, *, can_apply: bool = True) -> str:
    """Return the HTML body of one finding card: severity, category, quoted text, message, suggestion, fix."""
    why = why_for(finding.category)
    sev = finding.severity if finding.severity in SEVERITY_LABEL else "suggestion"
    quote = f'<span class="tc-quote">{esc(shorten(finding.text))}</span>' if finding.text.strip() else ""
    # The suggestion is said once: as "Try: ..." when the writer must act, by the Apply button (or the
    # read-only fix line) when the coach can make the change itself.
    if fix is None:
        sugg = f'<div class="tc-sugg">Try: {esc(finding.suggestion)}</div>' if finding.suggestion else ""
        tail = fix_preview(finding, fix, can_apply=can_apply)
    elif can_apply:
        sugg = f'<div class="tc-sugg">{esc(finding.suggestion)}</div>' if _says_more(finding, fix) else ""
        tail = ""
    else:
        sugg = f'<div class="tc-sugg">{esc(finding.suggestion)}</div>' if _says_more(finding, fix) else ""
        tail = fix_preview(finding, fix, can_apply=False)
    letter, line = symbol_for(finding.category)
    return (
        f'<div class="tc-card" data-rule="{esc(finding.rule)}" data-num="{number}">'
        f'<div class="tc-card-head"><b>{number}.</b>'
        f'<span class="tc-sev tc-sev-{sev}">{SEVERITY_LABEL[sev]}</span>'
        f'<span class="tc-chip" style="background:{why.colour}55;border:2px {line} {why.colour}">'
        f'<span class="tc-sym" aria-hidden="true">{esc(letter)}</span>{esc(why.title)}</span>{quote}</div>'
        f'<div class="tc-msg">{esc(finding.message)}</div>{sugg}{tail}</div>'
    )


def _says_more(finding: Finding, fix: Fix) -> bool:
    """Return whether the suggestion adds something to the fix itself (not just its words again)."""
    if not finding.suggestion:
        return False
    plain = " ".join(fix.new.split()).casefold().strip(" .")
    return not plain or plain not in " ".join(finding.suggestion.split()).casefold()


def _tokens(text: str) -> list[str]:
    return re.findall(r"\s+|\w+|[^\w\s]", text)


def diff_html(before: str, after: str) -> str:
    """Return before/after as one HTML block, removed words struck through and added words marked."""
    if len(before) + len(after) > MAX_WORD_DIFF_CHARS:
        a, b = before.splitlines(keepends=True), after.splitlines(keepends=True)
    else:
        a, b = _tokens(before), _tokens(after)
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        old, new = esc("".join(a[i1:i2])), esc("".join(b[j1:j2]))
        if op == "equal":
            out.append(old)
            continue
        if old:
            out.append(f"<del>{old}</del>")
        if new:
            out.append(f"<ins>{new}</ins>")
    return f'<div class="tc-diff" data-testid="tc-diff">{"".join(out)}</div>'

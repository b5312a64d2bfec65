"""One coached message as a reusable component: highlights, legend, what is missing, findings with fixes.

The engineer page passes ``on_apply`` so every fixable finding gets an Apply
button and the list an "Apply all"; the team-review page can call
``render_message(report, key_prefix)`` without it for a read-only view.
Everything the user wrote reaches the page as escaped HTML (views.highlight)
or Markdown-escaped text (md_escape), never raw.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import streamlit as st

from coach import Finding, Report

from .highlight import CSS, by_severity, card_html, esc, highlight_html, is_missing, legend_html, numbering, shorten
from .revise import Fix, planned_fix
from .why import public_note, why_for

ApplyCallback = Callable[[Report, tuple[Finding, ...]], None]
FindingCallback = Callable[[Finding], None]
MAX_LISTED = 40  # cards drawn at most; "Apply all" still covers every finding
WHY_PAGE = "pages/1_Why.py"
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&=:])")


@dataclass(frozen=True)
class CardActions:
    """What a finding card can do on the engineer page (the review page shows cards read-only)."""

    apply: ApplyCallback
    dismiss: FindingCallback | None = None
    ignore_rule: FindingCallback | None = None
    knows_word: FindingCallback | None = None
    focus_key: str | None = None  # session key of the finding the keyboard is on (its number, 1-based)


def md_escape(text: str) -> str:
    """Return text with every Markdown and HTML special character backslash-escaped."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def inject_css() -> None:
    """Add the page's styles (highlight colours, cards, diff) once per run."""
    st.html(CSS)


def render_highlights(report: Report, findings: Sequence[Finding]) -> None:
    """Show the text with every finding highlighted in place, under a legend naming each category."""
    st.html(legend_html(findings))
    st.html(highlight_html(report.text, findings))
    st.caption(
        "Hover over a highlight, or Tab to it, to see what to change and why. "
        "The numbers and category letters match the list below."
    )


def _why_body(finding: Finding) -> str:
    why = why_for(finding.category)
    note = f"<p><b>This rule:</b> {esc(public_note(finding.note))}</p>" if finding.note else ""
    return f"<p>{esc(why.summary)}</p>{note}<p><b>Instead:</b> {esc(why.instead)}</p>"


def _quoted(text: str, limit: int = 40) -> str:
    """Return text shortened and quoted for a button label, its Markdown escaped (labels render Markdown)."""
    return f"\u2018{md_escape(shorten(text, limit))}\u2019"


def apply_label(finding: Finding, fix: Fix) -> str:
    """Return the name of a finding's Apply button: what it will do ("Apply: replace 'P4s' with 'older processors'")."""
    if fix.new.strip() == "" or (len(fix.new) == 1 and fix.new.isupper()):
        return f"Apply: remove {_quoted(finding.text)}"
    if fix.start == fix.end:
        return f"Apply: add {_quoted(fix.new)}"
    return f"Apply: replace {_quoted(finding.text)} with {_quoted(fix.new)}"


def render_finding(
    report: Report, finding: Finding, number: int, key: str, actions: CardActions | None, client: str | None
) -> None:
    """Show one finding as a card: what, why, the suggested fix and (with actions) Apply, Dismiss and more."""
    fix = planned_fix(report.text, finding)
    with st.container(border=True):
        st.html(card_html(finding, number, fix, can_apply=actions is not None))
        if actions is not None:
            row = st.container(horizontal=True, gap="small")
            if fix is not None:
                row.button(
                    apply_label(finding, fix),
                    key=f"{key}apply",
                    on_click=actions.apply,
                    args=(report, (finding,)),
                    help="Make this change in your draft (Undo takes it back)",
                )
            if actions.dismiss is not None:
                row.button(
                    f"Dismiss {_quoted(finding.text, 24)}",
                    key=f"{key}dismiss",
                    on_click=actions.dismiss,
                    args=(finding,),
                    type="tertiary",
                    icon=":material/close:",
                    help="Hide this finding for this draft",
                )
            if actions.ignore_rule is not None:
                row.button(
                    "Ignore this rule",
                    key=f"{key}ignore",
                    on_click=actions.ignore_rule,
                    args=(finding,),
                    type="tertiary",
                    icon=":material/block:",
                    help=md_escape(f"Stop checking \u201c{finding.message}\u201d for this draft"),
                )
            if actions.knows_word is not None and finding.category == "jargon" and finding.text.strip():
                row.button(
                    f"{md_escape(client or 'My client')} knows {_quoted(finding.text, 24)}",
                    key=f"{key}knows",
                    on_click=actions.knows_word,
                    args=(finding,),
                    type="tertiary",
                    icon=":material/person_check:",
                    help="Never flag this word as jargon in drafts for this client (kept on this machine)",
                )
        with st.expander("Why this matters"):
            st.html(_why_body(finding))
            st.page_link(
                WHY_PAGE,
                label=f"More on {why_for(finding.category).title.lower()}",
                icon="📖",
                query_params={"topic": finding.category},
            )


def render_apply_all(report: Report, findings: Sequence[Finding], key_prefix: str, actions: CardActions | None) -> None:
    """Show "Apply all" above every card it applies, or nothing when no finding has a ready-made fix."""
    fixable = tuple(f for f in findings if planned_fix(report.text, f) is not None)
    if actions is None or not fixable:
        return
    st.button(
        f"Apply all ({len(fixable)} ready-made fixes)",
        key=f"{key_prefix}apply_all",
        type="primary",
        icon=":material/done_all:",
        on_click=actions.apply,
        args=(report, fixable),
        help="Make every ready-made fix below at once (Undo takes them all back); the rest need your own words",
    )


def _move_focus(key: str, to: int) -> None:
    st.session_state[key] = to


def render_keyboard_bar(
    report: Report, findings: Sequence[Finding], numbers: dict[Finding, int], actions: CardActions | None
) -> None:
    """Let the keyboard walk the findings: previous, next, accept (Apply) and dismiss the current one."""
    if actions is None or actions.focus_key is None or not findings:
        return
    ordered = sorted(findings, key=lambda f: numbers[f])
    current = min(max(int(st.session_state.get(actions.focus_key) or 1), 1), len(ordered))
    st.session_state[actions.focus_key] = current
    finding = ordered[current - 1]
    fix = planned_fix(report.text, finding)
    with st.container(border=True):
        st.html(
            f'<div class="tc-kbd" data-testid="tc-current">Finding {current} of {len(ordered)}: '
            f'<span class="tc-quote">{esc(shorten(finding.text, 60))}</span> {esc(finding.message)}</div>'
        )
        row = st.container(horizontal=True, gap="small")
        row.button(
            "Previous finding",
            key="kbd_prev",
            icon=":material/arrow_upward:",
            shortcut="Alt+Up",
            disabled=current <= 1,
            on_click=_move_focus,
            args=(actions.focus_key, current - 1),
        )
        row.button(
            "Next finding",
            key="kbd_next",
            icon=":material/arrow_downward:",
            shortcut="Alt+Down",
            disabled=current >= len(ordered),
            on_click=_move_focus,
            args=(actions.focus_key, current + 1),
        )
        row.button(
            "Accept this fix",
            key="kbd_accept",
            icon=":material/check:",
            shortcut="Alt+Enter",
            disabled=fix is None,
            on_click=actions.apply,
            args=(report, (finding,)),
            help="Apply finding " + str(current) if fix else "This one needs your own words",
        )
        if actions.dismiss is not None:
            row.button(
                "Dismiss this finding",
                key="kbd_dismiss",
                icon=":material/close:",
                shortcut="Alt+D",
                on_click=actions.dismiss,
                args=(finding,),
            )


def render_missing(
    report: Report,
    key_prefix: str,
    numbers: dict[Finding, int],
    findings: Sequence[Finding],
    actions: CardActions | None = None,
    client: str | None = None,
) -> None:
    """Show what the message lacks (benefit, expectations, empathy), or a short checklist if nothing."""
    missing = by_severity(f for f in findings if is_missing(f))
    st.subheader("What the message is missing")
    if not missing:
        st.caption(
            "Nothing flagged. Before sending, check it says what the client gains, and who is "
            "affected, what changes and when."
        )
        return
    for i, finding in enumerate(missing):
        render_finding(report, finding, numbers[finding], f"{key_prefix}missing_{i}_", actions, client)


def render_findings(
    report: Report,
    key_prefix: str,
    numbers: dict[Finding, int],
    findings: Sequence[Finding],
    actions: CardActions | None = None,
    max_listed: int = MAX_LISTED,
    client: str | None = None,
) -> None:
    """List the phrase-level findings most severe first, with their actions when given."""
    listed = by_severity(f for f in findings if not is_missing(f))
    st.subheader(f"Findings ({len(listed)})")
    if not listed:
        st.success("No wording problems found for this reader.")
        return
    for i, finding in enumerate(listed[:max_listed]):
        render_finding(report, finding, numbers[finding], f"{key_prefix}finding_{i}_", actions, client)
    if len(listed) > max_listed:
        st.caption(
            f"Showing the {max_listed} most important of {len(listed)} findings; fix these and the rest move up."
        )


def render_warnings(warnings: Sequence[str]) -> None:
    """Show the report's warnings (e.g. text that does not look like English)."""
    for warning in warnings:
        st.warning(md_escape(warning), icon="⚠️")


def render_message(
    report: Report,
    key_prefix: str,
    *,
    actions: CardActions | None = None,
    findings: Sequence[Finding] | None = None,
    max_listed: int = MAX_LISTED,
    client: str | None = None,
    highlights: bool = True,
) -> None:
    """Show one message with its highlights, warnings, what is missing and its findings (all, or those given)."""
    inject_css()
    shown = tuple(report.findings if findings is None else findings)
    render_warnings(report.warnings)
    if highlights:  # the engineer page's editor paints them in the draft itself
        render_highlights(report, shown)
    numbers = numbering(shown)
    render_apply_all(report, shown, key_prefix, actions)
    render_keyboard_bar(report, shown, numbers, actions)
    render_missing(report, key_prefix, numbers, shown, actions, client)
    render_findings(report, key_prefix, numbers, shown, actions, max_listed, client)

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

import streamlit as st

from coach import Finding, Report

from .highlight import CSS, by_severity, card_html, esc, highlight_html, is_missing, legend_html, numbering
from .revise import planned_fix
from .why import why_for

ApplyCallback = Callable[[Report, tuple[Finding, ...]], None]
MAX_LISTED = 40  # cards drawn at most; "Apply all" still covers every finding
WHY_PAGE = "pages/1_Why.py"
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&=:])")


def md_escape(text: str) -> str:
    """Return text with every Markdown and HTML special character backslash-escaped."""
    return _MARKDOWN_SPECIALS.sub(r"\\\1", text)


def inject_css() -> None:
    """Add the page's styles (highlight colours, cards, diff) once per run."""
    st.html(CSS)


def render_highlights(report: Report) -> None:
    """Show the text with every finding highlighted in place, under a colour legend."""
    st.html(legend_html(report.findings))
    st.html(highlight_html(report.text, report.findings))
    st.caption("Hover over a highlight, or click it, to see what to change and why. The numbers match the list below.")


def _why_body(finding: Finding) -> str:
    why = why_for(finding.category)
    note = f"<p><b>This rule:</b> {esc(finding.note)}</p>" if finding.note else ""
    return f"<p>{esc(why.summary)}</p>{note}<p><b>Instead:</b> {esc(why.instead)}</p>"


def render_finding(report: Report, finding: Finding, number: int, key: str, on_apply: ApplyCallback | None) -> None:
    """Show one finding as a card: what, why, the suggested fix and (if on_apply) an Apply button."""
    fix = planned_fix(report.text, finding)
    with st.container(border=True):
        st.html(card_html(finding, number, fix, can_apply=on_apply is not None))
        apply_col, why_col = st.columns([1, 3], vertical_alignment="top")
        if on_apply is not None and fix is not None:
            apply_col.button(
                "Apply",
                key=f"{key}apply",
                on_click=on_apply,
                args=(report, (finding,)),
                help="Make this change in your draft",
            )
        with why_col.expander("Why this matters"):
            st.html(_why_body(finding))
            st.page_link(
                WHY_PAGE,
                label=f"More on {why_for(finding.category).title.lower()}",
                icon="📖",
                query_params={"topic": finding.category},
            )


def render_missing(
    report: Report, key_prefix: str, numbers: dict[Finding, int], on_apply: ApplyCallback | None = None
) -> None:
    """Show what the message lacks (benefit, expectations, empathy), or a short checklist if nothing."""
    missing = by_severity(f for f in report.findings if is_missing(f))
    st.subheader("What the message is missing")
    if not missing:
        st.caption(
            "Nothing flagged. Before sending, check it says what the client gains, and who is "
            "affected, what changes and when."
        )
        return
    for i, finding in enumerate(missing):
        render_finding(report, finding, numbers[finding], f"{key_prefix}missing_{i}_", on_apply)


def render_findings(
    report: Report,
    key_prefix: str,
    numbers: dict[Finding, int],
    on_apply: ApplyCallback | None = None,
    max_listed: int = MAX_LISTED,
) -> None:
    """List the phrase-level findings most severe first, with Apply and Apply all when on_apply is given."""
    listed = by_severity(f for f in report.findings if not is_missing(f))
    fixable = tuple(f for f in report.findings if planned_fix(report.text, f) is not None)
    head, action = st.columns([3, 2], vertical_alignment="center")
    head.subheader(f"Findings ({len(listed)})")
    if on_apply is not None and fixable:
        action.button(
            f"Apply all ({len(fixable)})",
            key=f"{key_prefix}apply_all",
            type="primary",
            on_click=on_apply,
            args=(report, fixable),
            help="Make every ready-made fix at once; the rest need your own words",
        )
    if not listed:
        st.success("No wording problems found for this reader.")
        return
    for i, finding in enumerate(listed[:max_listed]):
        render_finding(report, finding, numbers[finding], f"{key_prefix}finding_{i}_", on_apply)
    if len(listed) > max_listed:
        st.caption(
            f"Showing the {max_listed} most important of {len(listed)} findings; fix these and the rest move up."
        )


def render_warnings(warnings: Sequence[str]) -> None:
    """Show the report's warnings (e.g. text that does not look like English)."""
    for warning in warnings:
        st.warning(md_escape(warning), icon="⚠️")


def render_message(
    report: Report, key_prefix: str, *, on_apply: ApplyCallback | None = None, max_listed: int = MAX_LISTED
) -> None:
    """Show one message with its highlights, warnings, what is missing and its findings."""
    inject_css()
    render_warnings(report.warnings)
    render_highlights(report)
    numbers = numbering(report.findings)
    render_missing(report, key_prefix, numbers, on_apply)
    render_findings(report, key_prefix, numbers, on_apply, max_listed)

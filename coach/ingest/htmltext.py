"""Render HTML mail as plain text: tags dropped, scripts and styles removed, quotes kept as "> " lines."""

from __future__ import annotations

import re
from collections.abc import Iterator

from bs4 import BeautifulSoup
from bs4.element import Comment, Declaration, Doctype, NavigableString, PageElement, ProcessingInstruction, Tag

MAX_QUOTE_DEPTH = 20
_SPACES = re.compile(r"[ \t\r\n\f]+")
_SKIPPED_STRINGS = (Comment, Declaration, Doctype, ProcessingInstruction)


_DROPPED_TAGS = ("script", "style", "head", "title", "noscript", "template", "meta", "link", "svg", "object", "iframe")
_BLOCK_TAGS = (
    "p",
    "div",
    "tr",
    "table",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "section",
    "article",
    "header",
    "footer",
    "address",
    "hr",
    "form",
    "fieldset",
    "center",
    "main",
    "aside",
    "nav",
    "figure",
)


HTML_DOCUMENT = re.compile(r"^\s*(?:<!doctype\s+html|<html\b|<body\b|<head\b|<div\b|<p\b|<table\b)", re.IGNORECASE)
HTML_TAG = re.compile(
    r"</?(?:p|br|div|span|b|i|u|strong|em|a|table|tr|td|ul|ol|li|h[1-6]|font|img|script|style)\b[^>]*>", re.IGNORECASE
)


def looks_like_html(text: str) -> bool:
    """Return whether a plain-text body is really HTML (a saved or pasted HTML mail)."""
    return bool(HTML_DOCUMENT.match(text)) or len(HTML_TAG.findall(text[:20000])) >= 5


def html_to_text(html: str) -> str:
    """Render HTML as readable plain text: no tags, no script or style content."""
    return _tidy_lines(_render(BeautifulSoup(html, "html.parser")))


def _render(root: Tag) -> str:
    """Return the text of a parsed document with the line breaks, bullets and quotes its tags stand for.

    One pass over the tree with an explicit stack: linear in the size of the
    document however deeply it nests (20,000 nested <div> or 10,000 nested
    <blockquote> used to take over a minute, inserting into and re-reading
    ever deeper subtrees).
    """
    stack: list[_Frame] = [_Frame(root, iter(root.contents), False, 0)]
    while True:
        frame = stack[-1]
        node = next(frame.children, None)
        if node is None:
            stack.pop()
            text = _close(frame)
            if not stack:
                return text
            stack[-1].parts.append(text)
        elif isinstance(node, Tag):
            if node.name in _DROPPED_TAGS:
                continue
            if node.name == "br":
                frame.parts.append("\n")
                continue
            in_pre = frame.in_pre or node.name == "pre"
            quotes = frame.quotes + (node.name == "blockquote")
            stack.append(_Frame(node, iter(node.contents), in_pre, quotes))
        elif isinstance(node, NavigableString) and not isinstance(node, _SKIPPED_STRINGS):
            frame.parts.append(str(node) if frame.in_pre else _SPACES.sub(" ", str(node)))


class _Frame:
    """One open tag while rendering: its remaining children and the text rendered so far."""

    __slots__ = ("children", "in_pre", "parts", "quotes", "tag")

    def __init__(self, tag: Tag, children: Iterator[PageElement], in_pre: bool, quotes: int) -> None:
        self.tag = tag
        self.children = children
        self.in_pre = in_pre
        self.quotes = quotes
        self.parts: list[str] = []


def _close(frame: _Frame) -> str:
    """Return the finished text of a tag: its content with the layout its name stands for."""
    content = "".join(frame.parts)
    name = frame.tag.name
    if name == "li":
        return "\n- " + content
    if name in ("td", "th"):
        return content + "\t"
    if name == "blockquote":
        # Deeper than MAX_QUOTE_DEPTH, a quote adds no more "> ": one marks it as quoted already.
        return _quoted_lines("\n" + content + "\n") if frame.quotes <= MAX_QUOTE_DEPTH else "\n" + content + "\n"
    if name in _BLOCK_TAGS:
        return "\n" + content + "\n"
    return content


def _quoted_lines(text: str) -> str:
    """Prefix every line of a blockquote's text with '> ', as mail clients quote."""
    lines = _tidy_lines(text).split("\n")
    return "\n" + "\n".join(f"> {line}".rstrip() for line in lines) + "\n"


def _tidy_lines(text: str) -> str:
    """Trim every line, turn no-break spaces into spaces and keep at most one blank line in a row."""
    text = text.replace("\xa0", " ").replace("\u200b", "")
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()

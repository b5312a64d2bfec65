"""Make text safe to print: control characters shown as escapes, never sent to the terminal raw.

A mail's display name, subject or file name is text from a stranger. Printed
raw, `ESC ] 0 ; ... BEL` retitles the terminal, `ESC [ 2 J` clears it, and a
bidirectional override can make a line read differently from what it holds.
Everything the command line prints goes through printable().
"""

from __future__ import annotations

import re
from typing import TextIO

# C0 and C1 controls, DEL, and the bidirectional embedding, override and isolate marks.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(char: str) -> str:
    """Return the visible escape for one control character."""
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str, keep: str = "") -> str:
    """Return text with every control character except those in keep written as a visible escape."""
    return _CONTROLS.sub(lambda m: m.group() if m.group() in keep else _escape(m.group()), text)


class SafeWriter:
    """A text stream wrapper that escapes control characters (line breaks and tabs kept) before writing."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        """Write text with its control characters escaped."""
        return self.stream.write(printable(text, keep="\n\t"))

    def flush(self) -> None:
        """Flush the wrapped stream."""
        self.stream.flush()

    def isatty(self) -> bool:
        """Say whether the wrapped stream is a terminal."""
        return self.stream.isatty()

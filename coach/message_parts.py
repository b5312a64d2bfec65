"""The parts of a message: greeting, body and sign-off, found once for the analysers and for ingest.

- GREETING: an opening "Hi Sam," / "Dear team" / "Good morning," line;
- SIGN_OFF: a short closing line ("Thanks,", "Best regards") followed by at
  most a few short lines (a name, a title), at the very end;
- SIG_DELIMITER: the "-- " line that by convention starts a signature
  (coach/ingest/quotes.py cuts there).

The words (greetings, sign-offs) are named lists in lexicons/lists/message_parts.yml, so a
company folder can add its own ("Howdy"); the shapes around them (start of a line, a comma,
a few short lines after) live here. Ingest uses the built-in lists (it runs before a Coach).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import BUILTIN_DIR, WordLists, load_lists

SIG_DELIMITER = re.compile(r"^(--|__)\s*$")


@dataclass(frozen=True)
class MessageParts:
    """How a message opens and closes, from the named lists greetings and sign_offs."""

    greeting: re.Pattern[str]
    sign_off: re.Pattern[str]

    @classmethod
    def from_lists(cls, lists: WordLists) -> MessageParts:
        """Return the greeting and sign-off patterns built from the word lists."""
        return cls(
            lists.pattern("greetings", r"^\W*{}\b[^,\n]*[,\n]"),
            lists.pattern("sign_offs", r"\n[ \t]*{}[ \t]*[,.!]?[ \t]*(?:\n[^\n]{0,60}){0,4}\s*$"),
        )

    def body_start(self, text: str) -> int:
        """Return where the message body starts: after a greeting line and spaces."""
        m = self.greeting.match(text)
        pos = m.end() if m else 0
        while pos < len(text) and text[pos].isspace():
            pos += 1
        return pos if pos < len(text) else 0

    def body_span(self, text: str) -> tuple[int, int]:
        """Return (start, end) of the message body: after the greeting, before a sign-off."""
        start = self.body_start(text)
        m = self.sign_off.search(text, start)
        end = m.start() if m else len(text)
        while end > start and text[end - 1].isspace():
            end -= 1
        return start, end


BUILTIN_PARTS = MessageParts.from_lists(load_lists((BUILTIN_DIR,)))
GREETING = BUILTIN_PARTS.greeting
SIGN_OFF = BUILTIN_PARTS.sign_off


def body_start(text: str, parts: MessageParts = BUILTIN_PARTS) -> int:
    """Return where the message body starts: after a greeting line and spaces."""
    return parts.body_start(text)


def body_span(text: str, parts: MessageParts = BUILTIN_PARTS) -> tuple[int, int]:
    """Return (start, end) of the message body: after the greeting, before a sign-off."""
    return parts.body_span(text)

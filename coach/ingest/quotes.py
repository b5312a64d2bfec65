"""Keep only what the writer wrote: drop quoted replies, forwarded mail and signatures.

email-reply-parser was tried first and left out: on real mail it kept the
"-----Original Message-----" line, and it threw away the writer's own text when
a line began with "From:" or "-word" (it took those for headers and signatures).
These rules are small, explicit and tested instead.
"""

from __future__ import annotations

import re

from ..message_parts import SIG_DELIMITER as _SIG_DELIMITER

# "On Mon, 1 Jan 2024, Bob <bob@x.com> wrote:", also German, French, Spanish, Dutch, Italian.
_REPLY_LEAD = re.compile(r"^\s*(On|Am|Le|El|Op|Il)\s", re.IGNORECASE)
_REPLY_END = re.compile(r"(wrote|schrieb|a écrit|escribió|schreef|ha scritto)\s*:\s*$", re.IGNORECASE)
_SEPARATOR = re.compile(
    r"^\s*(-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original)\s*-{2,}"
    r"|-{2,}\s*Forwarded message\s*-{2,}.*|Begin forwarded message:"
    r"|-{2,}\s*Weitergeleitete Nachricht\s*-{2,}.*)\s*$",
    re.IGNORECASE,
)
_RULE_LINE = re.compile(r"^\s*(_{10,}|-{10,})\s*$")
_HEADER_FROM = re.compile(r"^\s*\**(From|Von|De)\s*:\**\s*\S", re.IGNORECASE)
_HEADER_SENT = re.compile(r"^\s*\**(Sent|Date|Gesendet|Datum|Envoyé|Enviado)\s*:", re.IGNORECASE)
_HEADER_OTHER = re.compile(r"^\s*\**(To|Subject|Cc|An|Betreff|À|Objet|Para|Asunto)\s*:", re.IGNORECASE)
_QUOTED = re.compile(r"^\s*>")
_MOBILE_FOOTER = re.compile(
    r"^\s*(Sent from my \S.{0,40}|Sent from (Outlook|Mail|Yahoo Mail|Gmail|Samsung)\b.{0,40}"
    r"|Get Outlook for \S.{0,30}"
    r"|Sent (from|with|via) .{1,40} (for|on) (iOS|Android|iPhone|iPad|Windows).{0,20}"
    r"|Von meinem \S.{0,40} gesendet|Envoyé de mon \S.{0,40})\s*$",
    re.IGNORECASE,
)


def strip_quoted(text: str) -> str:
    """Remove quoted replies, forwarded mail and signatures, keeping the writer's own words."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = _drop_quoted_history(lines)
    lines = _cut_signature(lines)
    lines = [line.rstrip() for line in lines if not _QUOTED.match(line) and not _MOBILE_FOOTER.match(line)]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _drop_quoted_history(lines: list[str]) -> list[str]:
    """Cut at the first header that starts earlier mail; keep inline answers between '>' quotes."""
    for index in range(len(lines)):
        header_end = _reply_header_end(lines, index)
        if header_end is not None:
            rest = lines[header_end + 1 :]
            if _is_inline_reply(rest):
                return lines[:index] + _drop_quoted_history(rest)
            return lines[:index]
        if _starts_earlier_mail(lines, index):
            return lines[:index]
    return lines


def _reply_header_end(lines: list[str], index: int) -> int | None:
    """Return the last line of an 'On ... wrote:' header starting at index (it may wrap over 3 lines)."""
    if not _REPLY_LEAD.match(lines[index]):
        return None
    for end in range(index, min(index + 3, len(lines))):
        if end > index and not lines[end].strip():
            return None
        if _REPLY_END.search(lines[end]):
            return end
    return None


def _is_inline_reply(rest: list[str]) -> bool:
    """Tell whether text after a reply header is '>'-quoted with the writer's answers in between."""
    body = [line for line in rest if line.strip()]
    if not body or not _QUOTED.match(body[0]):
        return False
    return any(not _QUOTED.match(line) for line in body)


def _starts_earlier_mail(lines: list[str], index: int) -> bool:
    """Tell whether lines[index] opens a forwarded or Outlook-quoted earlier mail."""
    line = lines[index]
    if _SEPARATOR.match(line):
        return True
    if _RULE_LINE.match(line):
        following = [row for row in lines[index + 1 : index + 4] if row.strip()]
        return bool(following) and bool(_HEADER_FROM.match(following[0]))
    return _is_header_block(lines, index)


def _is_header_block(lines: list[str], index: int) -> bool:
    """Tell whether a 'From:' line is followed by 'Sent:'/'Date:' and 'To:'/'Subject:' lines."""
    if not _HEADER_FROM.match(lines[index]):
        return False
    block = lines[index + 1 : index + 6]
    return any(_HEADER_SENT.match(row) for row in block) and any(_HEADER_OTHER.match(row) for row in block)


def _cut_signature(lines: list[str]) -> list[str]:
    """Cut at the last '-- ' signature delimiter, which by convention starts the signature."""
    for index in range(len(lines) - 1, -1, -1):
        if _SIG_DELIMITER.match(lines[index]):
            return lines[:index]
    return lines

"""Read mail: .eml with the stdlib email package, .mbox streamed mail by mail, .msg with extract-msg."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from typing import BinaryIO

from . import model
from .model import Message, describe, failed, too_large_reason
from .quotes import strip_quoted
from .text import decode_text, html_to_text

_PARSER = BytesParser(policy=policy.default)
_MBOX_SEPARATOR = re.compile(rb"^From \S*\s.*\d{1,2}:\d{2}")
_MBOX_ESCAPED_FROM = re.compile(rb"^>(>*From )")
_LINE_CHUNK = 64 * 1024
NO_NEW_TEXT = "only quoted or forwarded text: nothing new written"


def message_from_text(source: str, body: str, warnings: list[str], **headers: object) -> Message:
    """Build a Message from a raw body: strip quotes and signatures, or report an empty body."""
    if not body.strip():
        return failed(source, "nothing to analyse: the body is empty", tuple(warnings))
    text = strip_quoted(body)
    if not text:
        warnings = [*warnings, NO_NEW_TEXT]
    return Message(source=source, text=text, warnings=tuple(warnings), **headers)  # type: ignore[arg-type]


# --- .eml ------------------------------------------------------------------


def read_eml(source: str, data: bytes) -> Message:
    """Read one RFC 822 mail (the bytes of an .eml file or one mail of an mbox)."""
    mail = _PARSER.parsebytes(data)
    assert isinstance(mail, EmailMessage)
    warnings: list[str] = []
    body = _body_text(mail, warnings)
    warnings += _attachment_notes(mail)
    return message_from_text(
        source,
        body,
        warnings,
        subject=_header(mail, "subject"),
        sender=_header(mail, "from"),
        recipients=_recipients(mail),
        date=_mail_date(mail, warnings),
    )


def _body_text(mail: EmailMessage, warnings: list[str]) -> str:
    """Return the body as plain text: text/plain preferred, else text/html rendered."""
    part = mail.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    text = _decode_part(payload, part.get_content_charset(), warnings)
    return html_to_text(text) if part.get_content_subtype() == "html" else text


def _decode_part(payload: bytes, charset: str | None, warnings: list[str]) -> str:
    """Decode a body part with its declared charset, falling back to guessing."""
    if charset:
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        text, guessed = decode_text(payload)
    except ValueError:
        warnings.append("the body looks binary and was not read")
        return ""
    warnings += guessed
    return text


def _attachment_notes(mail: EmailMessage) -> list[str]:
    """Name the attachments that are left unread, in one warning."""
    names = [f"{part.get_filename() or 'unnamed'} ({part.get_content_type()})" for part in mail.iter_attachments()]
    return [f"attachments not read: {', '.join(names)}"] if names else []


def _header(mail: EmailMessage, name: str) -> str | None:
    """Return a header as decoded text, or None when absent or unreadable."""
    try:
        value = mail[name]
    except Exception:  # malformed headers can fail while being parsed
        return None
    if value is None:
        return None
    return " ".join(str(value).split()) or None


def _recipients(mail: EmailMessage) -> tuple[str, ...]:
    """Return the To and Cc addresses, as 'Name <address>' where a name is given."""
    raw = [value for name in ("to", "cc") if (value := _header(mail, name))]
    pairs = getaddresses(raw)
    return tuple(f"{name} <{addr}>" if name else addr for name, addr in pairs if addr)


def _mail_date(mail: EmailMessage, warnings: list[str]) -> str | None:
    """Return the Date header as ISO 8601, noting a date that cannot be read."""
    raw = _header(mail, "date")
    if raw is None:
        return None
    try:
        return parsedate_to_datetime(raw).isoformat()
    except (TypeError, ValueError, IndexError):
        warnings.append(f"could not read the date {raw!r}")
        return None


# --- .mbox -----------------------------------------------------------------


def read_mbox(source: str, stream: BinaryIO) -> Iterator[Message]:
    """Yield one Message per mail of an mbox, holding only one mail in memory at a time."""
    for number, (data, too_big) in enumerate(_split_mbox(stream), start=1):
        item = f"{source}#{number}"
        if too_big:
            yield failed(item, too_large_reason(model.MAX_FILE_BYTES))
            continue
        try:
            yield read_eml(item, data)
        except Exception as exc:  # one bad mail must not stop the mailbox
            yield failed(item, f"could not read this mail: {exc}")


def _split_mbox(stream: BinaryIO) -> Iterator[tuple[bytes, bool]]:
    """Yield each mail's bytes (and whether it was cut for size) from 'From ' separated lines."""
    lines: list[bytes] = []
    size, too_big, at_line_start, previous_blank, started = 0, False, True, True, False
    for chunk in iter(lambda: stream.readline(_LINE_CHUNK), b""):
        if not started and not chunk.strip():
            continue
        if at_line_start and previous_blank and _is_separator(chunk, started):
            if started:
                yield _join_mail(lines), too_big
            lines, size, too_big, started = [], 0, False, True
        elif not started:
            raise ValueError("not an mbox file: it does not start with a 'From ' line")
        elif size + len(chunk) > model.MAX_FILE_BYTES:
            too_big, lines = True, []
        elif not too_big:
            lines.append(_MBOX_ESCAPED_FROM.sub(rb"\1", chunk) if at_line_start else chunk)
            size += len(chunk)
        at_line_start = chunk.endswith(b"\n")
        previous_blank = at_line_start and not chunk.strip()
    if started:
        yield _join_mail(lines), too_big


def _is_separator(line: bytes, started: bool) -> bool:
    """Tell whether a line opens a new mail: any 'From ' first line, later ones with a time."""
    return line.startswith(b"From ") and (not started or bool(_MBOX_SEPARATOR.match(line)))


def _join_mail(lines: list[bytes]) -> bytes:
    """Join a mail's lines, dropping the blank line that belongs to the next separator."""
    if lines and not lines[-1].strip():
        lines = lines[:-1]
    return b"".join(lines)


# --- .msg ------------------------------------------------------------------


def read_msg(source: str, data: bytes) -> Message:
    """Read an Outlook .msg file with extract-msg."""
    import extract_msg  # imported late: it is slow to import and only .msg needs it

    try:
        msg = extract_msg.openMsg(data, strict=False, delayAttachments=True)
    except Exception as exc:
        return failed(source, f"not a readable Outlook .msg file ({describe(exc)})")
    try:
        return _msg_to_message(source, msg)
    finally:
        msg.close()


def _msg_to_message(source: str, msg: object) -> Message:
    """Turn an opened extract-msg object into a Message."""
    warnings: list[str] = []
    body = _clean(getattr(msg, "body", None))
    if not body:
        html = getattr(msg, "htmlBody", None)
        if isinstance(html, bytes):
            html = _decode_part(html, None, warnings)
        body = html_to_text(html) if html else ""
    recipients = [_clean(getattr(msg, field, None)) for field in ("to", "cc")]
    date = getattr(msg, "date", None)
    return message_from_text(
        source,
        body,
        warnings,
        subject=_clean(getattr(msg, "subject", None)) or None,
        sender=_clean(getattr(msg, "sender", None)) or None,
        recipients=tuple(r.strip() for field in recipients for r in field.split(";") if r.strip()),
        date=date.isoformat() if isinstance(date, datetime) else None,
    )


def _clean(value: object) -> str:
    """Return a .msg string property without the NUL padding some writers leave."""
    return value.replace("\x00", "").strip() if isinstance(value, str) else ""

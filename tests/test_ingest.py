"""Tests for coach.ingest: every format is built for real in tmp_path, nothing is mocked."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import struct
import tempfile
import tracemalloc
import types
import zipfile
from email.message import EmailMessage
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach import ingest
from coach.ingest import (
    MAX_FILE_BYTES,
    SUPPORTED_SUFFIXES,
    Message,
    decode_text,
    html_to_text,
    iter_messages,
    iter_paths,
    model,
    read_bytes,
    strip_quoted,
)

RUDE = "you idiot"


# --- builders ----------------------------------------------------------------


def make_eml(
    *,
    plain: str | None = None,
    html: str | None = None,
    subject: str = "Status update",
    attachment: bytes | None = None,
) -> bytes:
    """Build a real RFC 822 mail with the stdlib, as a mail client would send it."""
    mail = EmailMessage()
    mail["Subject"] = subject
    mail["From"] = "Sam Consultant <sam@consult.example>"
    mail["To"] = "Dana Client <dana@client.example>, ops@client.example"
    mail["Cc"] = "Lee <lee@client.example>"
    mail["Date"] = "Mon, 04 Mar 2024 09:30:00 +0000"
    if plain is not None:
        mail.set_content(plain)
        if html is not None:
            mail.add_alternative(html, subtype="html")
    elif html is not None:
        mail.set_content(html, subtype="html")
    if attachment is not None:
        mail.add_attachment(attachment, maintype="application", subtype="pdf", filename="invoice.pdf")
    return mail.as_bytes()


def mbox_entry(number: int, body: str) -> bytes:
    """Build one mbox entry (separator line, headers, body, blank line)."""
    return (
        f"From sender{number}@client.example Mon Mar  4 09:{number % 60:02d}:00 2024\n"
        f"From: Client {number} <c{number}@client.example>\n"
        f"To: sam@consult.example\nSubject: Ticket {number}\n"
        f"Date: Mon, 04 Mar 2024 09:{number % 60:02d}:00 +0000\n\n{body}\n\n"
    ).encode()


def make_msg(
    path: Path, *, subject: str, body: str, sender: str, sender_email: str, to: str, sent: dt.datetime
) -> None:
    """Write a real Outlook .msg (an OLE compound file) with extract-msg's own OLE writer."""
    from extract_msg.ole_writer import OleWriter

    strings = {
        0x001A001F: "IPM.Note",
        0x0037001F: subject,
        0x1000001F: body,
        0x0C1A001F: sender,
        0x0C1F001F: sender_email,
        0x0E04001F: to,
        0x007D001F: f"From: {sender} <{sender_email}>\r\nTo: {to}\r\nSubject: {subject}\r\n",
    }
    writer = OleWriter()
    # Top-level property stream: 32-byte header, then 16-byte entries.
    properties = b"\0" * 8 + struct.pack("<IIII", 0, 0, 0, 0) + b"\0" * 8
    for tag, value in strings.items():
        data = value.encode("utf-16-le")
        writer.addEntry(f"__substg1.0_{tag:08X}", data)
        properties += struct.pack("<IIII", tag, 6, len(data) + 2, 0)
    epoch = dt.datetime(1601, 1, 1, tzinfo=dt.UTC)
    filetime = int((sent - epoch).total_seconds()) * 10**7
    properties += struct.pack("<IIQ", 0x00390040, 6, filetime)  # PR_CLIENT_SUBMIT_TIME
    writer.addEntry("__properties_version1.0", properties)
    writer.write(str(path))


def make_zip(members: dict[str, bytes], *, stored: bool = False) -> bytes:
    """Build a zip archive in memory."""
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def mark_encrypted(data: bytes, name: str) -> bytes:
    """Set the 'encrypted' flag bit of one member, in its local and central headers."""
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        local = archive.getinfo(name).header_offset
    patched[local + 6] |= 0x01
    start = 0
    while (start := patched.find(b"PK\x01\x02", start)) != -1:
        name_length = struct.unpack_from("<H", patched, start + 28)[0]
        if patched[start + 46 : start + 46 + name_length] == name.encode():
            patched[start + 8] |= 0x01
        start += 4
    return bytes(patched)


def corrupt_member(data: bytes, content: bytes) -> bytes:
    """Flip a byte inside a stored member's data so its CRC no longer matches."""
    offset = data.index(content)
    return data[:offset] + bytes([data[offset] ^ 0xFF]) + data[offset + 1 :]


def only(messages: object) -> Message:
    """Return the single Message of an iterable, failing if there is not exactly one."""
    items = list(messages)  # type: ignore[call-overload]
    assert len(items) == 1, items
    return items[0]


def by_source(messages: list[Message]) -> dict[str, Message]:
    """Index messages by source."""
    return {message.source: message for message in messages}


# --- .eml ------------------------------------------------------------------


def test_multipart_alternative_eml_prefers_plain_and_keeps_headers(tmp_path: Path) -> None:
    path = tmp_path / "update.eml"
    path.write_bytes(make_eml(plain="Hi Dana,\n\nThe migration is on track.\n", html="<p>HTML version <b>only</b></p>"))
    message = only(iter_messages([path]))
    assert message.error is None
    assert message.source == str(path)
    assert message.text == "Hi Dana,\n\nThe migration is on track."
    assert message.subject == "Status update"
    assert message.sender == "Sam Consultant <sam@consult.example>"
    assert message.recipients == ("Dana Client <dana@client.example>", "ops@client.example", "Lee <lee@client.example>")
    assert message.date == "2024-03-04T09:30:00+00:00"


def test_html_only_eml_is_rendered_without_script_or_tags(tmp_path: Path) -> None:
    html = (
        "<html><head><style>p {color: red}</style></head><body>"
        "<p>Hello&nbsp;Dana,</p><p>The <b>fix</b> is live &amp; tested.</p>"
        "<script>alert('tracking pixel')</script><ul><li>Backups</li><li>Alerts</li></ul>"
        "</body></html>"
    )
    path = tmp_path / "html.eml"
    path.write_bytes(make_eml(html=html))
    message = only(iter_messages([path]))
    assert message.error is None
    assert "alert" not in message.text and "tracking" not in message.text
    assert "color" not in message.text and "<" not in message.text
    assert message.text == "Hello Dana,\n\nThe fix is live & tested.\n\n- Backups\n- Alerts"


def test_eml_attachment_is_noted_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "with-attachment.eml"
    path.write_bytes(make_eml(plain="Invoice attached.", attachment=b"%PDF-1.4\x00\x01binary"))
    message = only(iter_messages([path]))
    assert message.error is None
    assert message.text == "Invoice attached."
    assert any("invoice.pdf" in warning for warning in message.warnings)


def test_eml_quoted_rude_reply_in_html_is_dropped() -> None:
    html = (
        "<div>Thanks, we are on it and will call you at 3pm.</div>"
        "<div class='gmail_quote'>On Mon, Mar 4, 2024 at 9:00 AM Bob &lt;bob@client.example&gt;"
        f" wrote:<blockquote>{RUDE}, the server is down again</blockquote></div>"
    )
    message = only(read_bytes("reply.eml", make_eml(html=html)))
    assert message.text == "Thanks, we are on it and will call you at 3pm."
    assert RUDE not in message.text


def test_eml_without_text_body_is_an_error() -> None:
    mail = EmailMessage()
    mail["Subject"] = "Scan"
    mail.set_content(b"\x89PNG\r\n\x1a\n\x00", maintype="image", subtype="png")
    message = only(read_bytes("scan.eml", mail.as_bytes()))
    assert message.error is not None and message.text == ""


def test_eml_with_bad_date_keeps_text_and_warns() -> None:
    data = b"From: a@b.example\nDate: not a date\nSubject: x\n\nHello there.\n"
    message = only(read_bytes("x.eml", data))
    assert message.text == "Hello there." and message.date is None
    assert any("date" in warning for warning in message.warnings)


# --- .mbox -----------------------------------------------------------------


def test_mbox_yields_one_message_per_mail(tmp_path: Path) -> None:
    path = tmp_path / "box.mbox"
    path.write_bytes(
        mbox_entry(1, "First body.")
        + mbox_entry(2, ">From the start we said so.\n\nFrom the team: thanks.")
        + mbox_entry(3, f"Happy to help.\n\n> {RUDE}")
    )
    messages = list(iter_messages([path]))
    assert [m.source for m in messages] == [f"{path}#1", f"{path}#2", f"{path}#3"]
    assert [m.subject for m in messages] == ["Ticket 1", "Ticket 2", "Ticket 3"]
    assert messages[0].text == "First body."
    assert messages[1].text == "From the start we said so.\n\nFrom the team: thanks."
    assert messages[2].text == "Happy to help."
    assert messages[0].sender == "Client 1 <c1@client.example>"
    assert messages[0].recipients == ("sam@consult.example",)


def test_oversized_mail_in_mbox_is_reported_and_the_rest_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model, "MAX_FILE_BYTES", 2_000)
    data = mbox_entry(1, "Short.") + mbox_entry(2, "Long. " * 1_000) + mbox_entry(3, "Also short.")
    first, second, third = list(read_bytes("box.mbox", data))
    assert (first.text, third.text) == ("Short.", "Also short.")
    assert second.source == "box.mbox#2" and "MAX_FILE_BYTES" in (second.error or "")


def test_file_that_is_not_an_mbox_is_an_error() -> None:
    message = only(read_bytes("box.mbox", b"Subject: hi\n\nno separator\n"))
    assert message.error is not None and "From " in message.error


def test_mbox_is_streamed_not_loaded_whole(tmp_path: Path) -> None:
    path = tmp_path / "big.mbox"
    filler = "We will review the logs and report back by Friday. " * 18  # ~1 KB a mail
    with path.open("wb") as out:
        for number in range(1, 3001):
            out.write(mbox_entry(number, filler))
    size = path.stat().st_size
    assert size > 3_000_000

    messages = iter_messages([path])
    assert isinstance(messages, types.GeneratorType)
    tracemalloc.start()
    try:
        first = next(messages)
        _, peak_first = tracemalloc.get_traced_memory()
        count = 1 + sum(1 for _ in messages)
        _, peak_all = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert first.source == f"{path}#1" and first.error is None
    assert count == 3000
    assert peak_first < size / 10, (peak_first, size)  # the first mail came before the rest was read
    assert peak_all < size / 2, (peak_all, size)  # never the whole file in memory


# --- .msg ------------------------------------------------------------------


def test_outlook_msg_is_read(tmp_path: Path) -> None:
    path = tmp_path / "note.msg"
    make_msg(
        path,
        subject="Quarterly update",
        sender="Sam Consultant",
        sender_email="sam@consult.example",
        to="Dana Client <dana@client.example>",
        body="Hello Dana,\r\n\r\nThe migration is on track.\r\n\r\n"
        "From: Bob\r\nSent: Monday\r\nTo: Sam\r\nSubject: RE: migration\r\n\r\n"
        f"{RUDE}, where is it?",
        sent=dt.datetime(2024, 3, 4, 9, 30, tzinfo=dt.UTC),
    )
    message = only(iter_messages([path]))
    assert message.error is None, message.error
    assert message.text == "Hello Dana,\n\nThe migration is on track."
    assert message.subject == "Quarterly update"
    assert message.sender is not None and "sam@consult.example" in message.sender
    assert message.recipients == ("Dana Client <dana@client.example>",)
    assert message.date is not None and message.date.startswith("2024-03-04T09:30:00")


def test_empty_msg_is_an_error() -> None:
    assert only(read_bytes("empty.msg", b"")).error == "nothing to analyse: the file is empty"


def test_corrupt_msg_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.msg"
    path.write_bytes(b"this is not an OLE compound file" * 100)
    message = only(iter_messages([path]))
    assert message.text == "" and message.error is not None
    assert ".msg" in message.error


# --- .csv / .xlsx ----------------------------------------------------------


def write_csv(path: Path, rows: list[list[str]], *, delimiter: str = ",", encoding: str = "utf-8") -> None:
    """Write rows as a CSV file."""
    with path.open("w", newline="", encoding=encoding) as out:
        csv.writer(out, delimiter=delimiter).writerows(rows)


def test_csv_rows_map_body_author_date_subject(tmp_path: Path) -> None:
    path = tmp_path / "tickets.csv"
    write_csv(
        path,
        [
            ["Ticket ID", "Subject", "Author", "Date", "Body"],
            ["17", "VPN", "dana@client.example", "2024-03-04T09:30:00", "The VPN works again.\nThanks!"],
            ["", "", "", "", ""],
            [
                "18",
                "Mail",
                "lee@client.example",
                "Mon, 04 Mar 2024 10:00:00 +0000",
                f"Sorted.\n\nOn Mon, 4 Mar 2024 Bob wrote:\n> {RUDE}",
            ],
            ["19", "Empty", "x@client.example", "yesterday-ish", ""],
        ],
    )
    messages = list(iter_messages([path]))
    assert [m.source for m in messages] == [f"{path}#row2", f"{path}#row4", f"{path}#row5"]
    first, second, empty = messages
    assert first.text == "The VPN works again.\nThanks!"
    assert (first.sender, first.subject, first.date) == ("dana@client.example", "VPN", "2024-03-04T09:30:00")
    assert second.text == "Sorted." and second.date == "2024-03-04T10:00:00+00:00"
    assert empty.error is not None and "Body" in empty.error


def test_csv_text_column_guess_and_explicit_choice(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    write_csv(path, [["Message ID", "Email Body", "Notes"], ["1", "Hello from the body.", "note"]], delimiter=";")
    assert only(iter_messages([path])).text == "Hello from the body."
    assert only(iter_messages([path], text_column="notes")).text == "note"


def test_csv_without_text_column_names_the_columns(tmp_path: Path) -> None:
    path = tmp_path / "odd.csv"
    write_csv(path, [["Ticket", "Owner"], ["1", "Sam"]])
    message = only(iter_messages([path]))
    assert message.error is not None
    assert "'Ticket'" in message.error and "'Owner'" in message.error
    missing = only(iter_messages([path], text_column="Body"))
    assert missing.error is not None and "'Body'" in missing.error and "'Owner'" in missing.error


def test_csv_with_invalid_utf8_row_warns() -> None:
    data = "Body,Author\nCafé déjà vu,ana\n".encode() + b"bad \xff byte,bo\n"
    good, bad = list(read_bytes("x.csv", data))
    assert good.text == "Café déjà vu" and good.warnings == ()
    assert bad.text == "bad \ufffd byte"
    assert any("replacement" in warning for warning in bad.warnings)


def test_csv_in_windows_1252_is_decoded_with_warning(tmp_path: Path) -> None:
    path = tmp_path / "legacy.csv"
    write_csv(path, [["Description"], ["Café – résumé"]], encoding="cp1252")
    message = only(iter_messages([path]))
    assert message.text == "Café – résumé"
    assert any("Windows-1252" in warning for warning in message.warnings)


def test_csv_html_cell_is_rendered() -> None:
    data = b'Body\n"<p>Hi <b>Dana</b></p><script>x()</script>"\n'
    assert only(read_bytes("h.csv", data)).text == "Hi Dana"


def test_xlsx_rows_become_messages(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Subject", "From", "Sent", "Message"])
    sheet.append(["Outage", "dana@client.example", dt.datetime(2024, 3, 4, 9, 30), "Thanks for the quick fix."])
    sheet.append([None, None, None, None])
    sheet.append(["Follow-up", "lee@client.example", None, "Can we talk tomorrow?"])
    path = tmp_path / "export.xlsx"
    book.save(path)
    messages = list(iter_messages([path]))
    assert [m.source for m in messages] == [f"{path}#row2", f"{path}#row4"]
    assert messages[0].text == "Thanks for the quick fix."
    assert messages[0].date == "2024-03-04T09:30:00"
    assert messages[0].sender == "dana@client.example" and messages[0].subject == "Outage"
    assert messages[1].date is None


def test_xlsx_with_several_sheets_names_the_sheet(tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "March"
    book.active.append(["Body"])
    book.active.append(["First sheet text."])
    april = book.create_sheet("April")
    april.append(["Body"])
    april.append(["Second sheet text."])
    book.create_sheet("Empty")
    path = tmp_path / "two.xlsx"
    book.save(path)
    assert [m.source for m in iter_messages([path])] == [f"{path}#March!row2", f"{path}#April!row2"]


def test_corrupt_xlsx_is_an_error() -> None:
    message = only(read_bytes("bad.xlsx", b"PK\x03\x04 not really a workbook"))
    assert message.error is not None and message.text == ""


# --- .zip ------------------------------------------------------------------


def test_zip_reads_good_members_and_reports_bad_ones(tmp_path: Path) -> None:
    inner = make_zip({"deep/note.txt": b"Inner zip note.", "deeper.zip": make_zip({"x.txt": b"x"})})
    data = make_zip(
        {
            "mail/update.eml": make_eml(plain="Zipped mail body."),
            "notes.txt": b"Plain note.",
            "rows.csv": b"Body\nRow one.\nRow two.\n",
            "broken.txt": b"Checksum will not match.",
            "photo.png": b"\x89PNG\r\n\x1a\n\x00\x00",
            "blob.txt": b"\x00\x01\x02\x03binary",
            "garbage.msg": b"not a msg at all",
            "secret.txt": b"Secret text.",
            "inner.zip": inner,
            "__MACOSX/._notes.txt": b"\x00\x05\x16\x07",
            "folder/": b"",
        },
        stored=True,
    )
    data = corrupt_member(data, b"Checksum will not match.")
    data = mark_encrypted(data, "secret.txt")
    path = tmp_path / "bundle.zip"
    path.write_bytes(data)

    messages = by_source(list(iter_messages([path])))
    src = f"{path}!"
    assert messages[src + "mail/update.eml"].text == "Zipped mail body."
    assert messages[src + "notes.txt"].text == "Plain note."
    assert messages[src + "rows.csv#row2"].text == "Row one."
    assert messages[src + "rows.csv#row3"].text == "Row two."
    assert messages[src + "inner.zip!deep/note.txt"].text == "Inner zip note."
    assert "nested" in (messages[src + "inner.zip!deeper.zip"].error or "")
    assert "CRC" in (messages[src + "broken.txt"].error or "")
    assert "not supported" in (messages[src + "photo.png"].error or "")
    assert messages[src + "blob.txt"].error == "looks like a binary file, not text"
    assert ".msg" in (messages[src + "garbage.msg"].error or "")
    assert "password-protected" in (messages[src + "secret.txt"].error or "")
    assert not any("MACOSX" in source or source.endswith("folder/") for source in messages)
    for message in messages.values():
        assert (message.error is None) != (message.text == "")


def test_zip_bomb_guard_stops_reading(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model, "MAX_ZIP_TOTAL_BYTES", 50_000)
    data = make_zip({"a.txt": b"Small note.", "bomb.txt": b" " * 200_000, "c.txt": b"Never read."})
    messages = list(read_bytes("bomb.zip", data))
    assert messages[0].text == "Small note."
    assert "zip-bomb" in (messages[1].error or "") and messages[1].source == "bomb.zip!bomb.txt"
    assert messages[-1].source == "bomb.zip" and "zip-bomb" in (messages[-1].error or "")
    assert all("c.txt" not in m.source for m in messages)


def test_zip_member_lying_about_its_size_is_an_error() -> None:
    data = bytearray(make_zip({"bomb.txt": b"a" * 200_000}))
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 10)  # central directory claims 10 bytes
    message = only(read_bytes("liar.zip", bytes(data)))
    assert message.source == "liar.zip!bomb.txt" and message.text == ""
    assert "corrupt" in (message.error or "")


def test_zip_member_count_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model, "MAX_ZIP_MEMBERS", 2)
    data = make_zip({f"{n}.txt": f"Note {n}.".encode() for n in range(5)})
    messages = list(read_bytes("many.zip", data))
    assert [m.text for m in messages[:2]] == ["Note 0.", "Note 1."]
    assert messages[-1].source == "many.zip" and "first 2 of 5" in (messages[-1].error or "")
    assert len(messages) == 3


def test_corrupt_zip_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.zip"
    path.write_bytes(make_zip({"a.txt": b"hello"})[:-30])
    message = only(iter_messages([path]))
    assert message.error is not None and "zip" in message.error


def test_empty_zip_says_nothing_to_read() -> None:
    message = only(read_bytes("empty.zip", make_zip({})))
    assert message.error is not None and "nothing to analyse" in message.error


# --- text files and decoding -----------------------------------------------


def test_invalid_utf8_txt_is_decoded_with_warning(tmp_path: Path) -> None:
    path = tmp_path / "mixed.txt"
    path.write_bytes("Déjà vu: the café is open ".encode() + b"\xff\xfe here.")
    message = only(iter_messages([path]))
    assert message.error is None
    assert message.text == "Déjà vu: the café is open \ufffd\ufffd here."
    assert message.warnings == ("invalid UTF-8 decoded with replacement characters",)


def test_utf16_with_bom_txt(tmp_path: Path) -> None:
    path = tmp_path / "unicode.txt"
    path.write_bytes("Grüße aus Köln – the rollout is done.".encode("utf-16"))
    message = only(iter_messages([path]))
    assert message.text == "Grüße aus Köln – the rollout is done."
    assert message.warnings == ()


def test_markdown_file_is_one_message_with_quotes_stripped(tmp_path: Path) -> None:
    path = tmp_path / "draft.md"
    path.write_text(f"# Update\n\nAll good.\n\n-----Original Message-----\n{RUDE}\n")
    assert only(iter_messages([path])).text == "# Update\n\nAll good."


def test_binary_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(bytes(range(256)) * 4)
    message = only(iter_messages([path]))
    assert message == Message(source=str(path), text="", error="looks like a binary file, not text")


def test_empty_text_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    message = only(iter_messages([path]))
    assert message.error is not None and "empty" in message.error


def test_decode_text_variants() -> None:
    assert decode_text(b"plain ascii") == ("plain ascii", [])
    assert decode_text(b"\xef\xbb\xbfwith bom") == ("with bom", [])
    assert decode_text("le café".encode("utf-16-be").join([b"\xfe\xff", b""])) == ("le café", [])
    text, warnings = decode_text("naïve – €5".encode("cp1252"))
    assert text == "naïve – €5" and warnings and "Windows-1252" in warnings[0]
    assert decode_text(b"\x81\x8d")[0] == "\x81\x8d"  # bytes cp1252 leaves undefined: Latin-1
    with pytest.raises(ValueError, match="binary"):
        decode_text(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(ValueError, match="binary"):
        decode_text(bytes([1, 2, 3, 4, 5, 6, 7]) * 20 + b"some text")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_decode_text_returns_text_or_says_binary(data: bytes) -> None:
    try:
        text, warnings = decode_text(data)
    except ValueError as exc:
        assert str(exc) == "looks like a binary file, not text"
    else:
        assert isinstance(text, str) and all(isinstance(w, str) for w in warnings)


# --- paths, folders, errors ------------------------------------------------


def test_iter_paths_walks_folders_sorted_and_keeps_given_files(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "z").mkdir(parents=True)
    for name in ("b/2.eml", "a/z/3.TXT", "a/1.csv", "a/skip.pdf", "c.mbox"):
        (tmp_path / name).write_text("x")
    given = tmp_path / "a" / "skip.pdf"
    found = list(iter_paths([tmp_path, given]))
    assert found == [tmp_path / "a/1.csv", tmp_path / "a/z/3.TXT", tmp_path / "b/2.eml", tmp_path / "c.mbox", given]
    assert found == list(iter_paths([str(tmp_path), str(given)]))


def test_empty_folder_missing_and_unsupported_files_are_reported(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(b"%PDF")
    messages = list(iter_messages([empty, tmp_path / "missing.eml", pdf]))
    assert [m.source for m in messages] == [str(empty), str(tmp_path / "missing.eml"), str(pdf)]
    assert "no supported files" in (messages[0].error or "")
    assert messages[1].error == "file not found"
    assert "unsupported file type '.pdf'" in (messages[2].error or "")
    assert list(iter_paths([empty])) == []


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        path = tmp_path / "locked.txt"
        path.write_text("secret")
        path.chmod(0)
        assert only(iter_messages([path])).error == "permission denied: the file cannot be opened"
        return
    # Root reads any file (CI runs as root): open it as an unprivileged user would, by dropping the effective
    # user id for the read (the real id stays root, so it is restored after).
    import pwd  # POSIX only

    folder = Path(tempfile.mkdtemp(prefix="coach-locked-"))
    try:
        folder.chmod(0o755)
        (folder / "open.txt").write_text("readable")
        assert only(iter_messages([folder / "open.txt"])).text == "readable"  # loads what the read imports
        path = folder / "locked.txt"
        path.write_text("secret")
        path.chmod(0)
        os.seteuid(pwd.getpwnam("nobody").pw_uid)
        try:
            message = only(iter_messages([path]))
        finally:
            os.seteuid(0)
        assert message.error == "permission denied: the file cannot be opened"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_too_large_file_names_the_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(model, "MAX_FILE_BYTES", 100)
    path = tmp_path / "long.txt"
    path.write_text("word " * 100)
    message = only(iter_messages([path]))
    assert message.error is not None and "100 B" not in message.error
    assert "limit" in message.error and "MAX_FILE_BYTES" in message.error
    upload = only(read_bytes("long.eml", b"x" * 200))
    assert upload.error is not None and "MAX_FILE_BYTES" in upload.error


def test_read_bytes_matches_reading_the_file(tmp_path: Path) -> None:
    data = make_eml(plain="Same either way.")
    path = tmp_path / "same.eml"
    path.write_bytes(data)
    from_file = only(iter_messages([path]))
    from_upload = only(read_bytes("same.eml", data))
    assert from_upload.source == "same.eml"
    assert from_upload.text == from_file.text == "Same either way."
    assert only(read_bytes("notes.docx", b"x")).error is not None


def test_public_constants() -> None:
    assert SUPPORTED_SUFFIXES == {".txt", ".md", ".eml", ".mbox", ".msg", ".csv", ".xlsx", ".zip"}
    assert MAX_FILE_BYTES == 25 * 1024 * 1024
    assert ingest.MAX_ZIP_TOTAL_BYTES == 200 * 1024 * 1024


# --- quoted replies and signatures -------------------------------------------


def test_gmail_reply_keeps_only_the_polite_part() -> None:
    text = (
        "Hi Bob,\n\nThanks for flagging this. We will have a fix by noon.\n\nBest,\nSam\n\n"
        "On Mon, Mar 4, 2024 at 9:00 AM Bob Jones <bob@client.example>\nwrote:\n\n"
        f"> This is broken again, {RUDE}.\n> Fix it now.\n"
    )
    result = strip_quoted(text)
    assert result == "Hi Bob,\n\nThanks for flagging this. We will have a fix by noon.\n\nBest,\nSam"
    assert RUDE not in result


def test_reply_header_without_quote_marks_cuts_the_rest() -> None:
    text = f"Noted, thanks.\n\nOn 4 Mar 2024, at 09:00, Bob wrote:\n\n{RUDE}\n"
    assert strip_quoted(text) == "Noted, thanks."


def test_outlook_quoted_block_is_removed() -> None:
    text = (
        "Hi Bob,\n\nThe patch is deployed.\n\nRegards,\nSam\n\n"
        "________________________________\n"
        "From: Bob Jones <bob@client.example>\nSent: Monday, March 4, 2024 9:00 AM\n"
        "To: Sam <sam@consult.example>\nSubject: RE: outage\n\n"
        f"Why is this still down, {RUDE}?\n"
    )
    assert strip_quoted(text) == "Hi Bob,\n\nThe patch is deployed.\n\nRegards,\nSam"


def test_outlook_header_block_without_rule_and_original_message_marker() -> None:
    header_block = f"Done.\r\n\r\nFrom: Bob\r\nSent: Monday\r\nTo: Sam\r\nSubject: x\r\n\r\n{RUDE}\r\n"
    assert strip_quoted(header_block) == "Done."
    marker = f"The patch is ready.\n-----Original Message-----\nFrom: Bob\n\n{RUDE}\n"
    assert strip_quoted(marker) == "The patch is ready."


def test_forwarded_mail_is_removed() -> None:
    gmail = (
        "FYI, see below.\n\n---------- Forwarded message ---------\nFrom: Bob <b@x.example>\n"
        f"Date: Mon, Mar 4, 2024\nSubject: x\nTo: Sam\n\n{RUDE}\n"
    )
    apple = f"Sharing this.\n\nBegin forwarded message:\n\n{RUDE}\n"
    assert strip_quoted(gmail) == "FYI, see below."
    assert strip_quoted(apple) == "Sharing this."


def test_signatures_are_removed() -> None:
    assert strip_quoted("The patch is ready.\n\n-- \nSam Smith\nAcme Consulting\n+1 555 0100") == "The patch is ready."
    assert strip_quoted("On my way.\n\nSent from my iPhone") == "On my way."
    assert strip_quoted("Approved.\n\nGet Outlook for Android") == "Approved."


def test_inline_answers_between_quotes_are_kept() -> None:
    text = (
        "On Mon, Bob wrote:\n> Is the backup running?\nYes, since Friday.\n"
        f"> And why so slow, {RUDE}?\nThe disk was full; it is fixed.\n"
    )
    assert strip_quoted(text) == "Yes, since Friday.\nThe disk was full; it is fixed."


def test_writer_text_that_only_looks_like_headers_is_kept() -> None:
    text = (
        "Hi,\n\nFrom: our side the fix is ready.\nPlease test it.\n\nNext steps:\n\n"
        "-deploy on Monday\n-review on Tuesday"
    )
    assert strip_quoted(text) == text


def test_text_with_only_quotes_has_warning(tmp_path: Path) -> None:
    path = tmp_path / "forward.txt"
    path.write_text(f"> {RUDE}\n> really\n")
    message = only(iter_messages([path]))
    assert message.text == "" and message.error is None
    assert any("nothing new" in warning for warning in message.warnings)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_strip_quoted_never_keeps_quote_lines(text: str) -> None:
    result = strip_quoted(text)
    assert all(not line.lstrip().startswith(">") for line in result.split("\n"))
    assert result == result.strip()


def test_html_to_text_keeps_structure() -> None:
    html = (
        "<p>Line one<br>Line two</p><!-- hidden --><table><tr><td>a</td><td>b</td></tr></table>"
        "<blockquote>quoted<blockquote>older</blockquote></blockquote><noscript>n</noscript>"
    )
    assert html_to_text(html) == "Line one\nLine two\n\na b\n\n> quoted\n> > older"


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(sorted(SUPPORTED_SUFFIXES)), st.binary(max_size=2_000))
def test_read_bytes_never_raises_on_junk(suffix: str, data: bytes) -> None:
    messages = list(read_bytes(f"junk{suffix}", data))
    assert messages
    for message in messages:
        assert message.source.startswith(f"junk{suffix}")
        assert (message.error is not None and message.text == "") or message.error is None


def test_a_text_file_holding_html_mail_is_turned_into_text(tmp_path):
    path = tmp_path / "saved.txt"
    path.write_text(
        "<html><body><p>Hi Sam,</p><p>The <b>printer</b> is fixed.</p><script>alert(1)</script></body></html>",
        encoding="utf-8",
    )
    message = next(iter_messages([path]))
    assert "<" not in message.text and "alert" not in message.text
    assert "printer" in message.text
    assert any("HTML" in w for w in message.warnings)


def test_plain_text_with_an_angle_bracket_is_left_alone(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("Costs are <5% of budget and the <b> tag is shown here as text.", encoding="utf-8")
    assert next(iter_messages([path])).text.startswith("Costs are <5%")


def test_helpdesk_agent_column_is_the_author(tmp_path):
    path = tmp_path / "tickets.csv"
    path.write_text("Ticket,Agent,Reply\n101,Dana Reyes,The printer is fixed.\n", encoding="utf-8")
    message = next(iter_messages([path]))
    assert (message.sender, message.text) == ("Dana Reyes", "The printer is fixed.")

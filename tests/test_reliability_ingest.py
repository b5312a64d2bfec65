"""Hostile files: nothing hangs, nothing is silently dropped, links and pipes are never opened."""

from __future__ import annotations

import csv
import io
import os
import threading
import zipfile
from pathlib import Path

import openpyxl
import pytest

from coach.ingest import iter_messages, read_bytes
from coach.ingest import tables as tables_module
from coach.ingest.htmltext import html_to_text
from coach.ingest.text import decode_text
from coach.review import BatchSummary, analyse_stream

posix_only = pytest.mark.skipif(os.name != "posix", reason="needs POSIX links, FIFOs and byte file names")


def sources(messages: object) -> dict[str, str | None]:
    """Map each Message's source to its error (None when it was read)."""
    return {m.source: m.error for m in messages}  # type: ignore[attr-defined]


# --- CSV cells past csv's default field limit ---------------------------------------


def test_csv_cell_over_131072_characters_does_not_stop_the_file(tmp_path: Path) -> None:
    path = tmp_path / "helpdesk.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["author", "body"])
        writer.writerow(["a@example.com", "The printer is fixed."])
        writer.writerow(["b@example.com", "word " * 40_000])  # 200,000 characters
        for i in range(3, 8):
            writer.writerow([f"c{i}@example.com", f"Row {i}: the backup ran."])
    messages = list(iter_messages([path]))
    assert [m.source for m in messages] == [f"{path}#row{n}" for n in range(2, 9)]
    assert all(m.error is None for m in messages)
    assert len(messages[1].text) > 131_072


def test_row_over_the_analysis_limit_gets_its_own_record(tmp_path: Path, coach_full) -> None:
    path = tmp_path / "helpdesk.csv"
    path.write_text("body\nFine row.\n" + "x " * 60_000 + "\nAnother fine row.\n", encoding="utf-8")
    summary = BatchSummary()
    records = list(summary.track(analyse_stream(coach_full, iter_messages([path]), "non-technical")))
    assert [r["source"].rsplit("#", 1)[1] for r in records] == ["row2", "row3", "row4"]
    assert "limit is 100,000" in records[1]["error"]
    assert (summary.read, summary.analysed, summary.skipped) == (3, 2, 1)


# --- folders: every entry accounted for, links and pipes never opened ---------------


def test_unsupported_files_in_a_folder_get_a_record_and_macos_litter_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "mail.txt").write_text("The printer is fixed.", encoding="utf-8")
    (tmp_path / "page.html").write_text("<p>hello</p>", encoding="utf-8")
    (tmp_path / "report.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "README").write_text("no extension", encoding="utf-8")
    (tmp_path / "._mail.txt").write_bytes(b"\x00\x05\x16\x07resource fork")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (tmp_path / "__MACOSX").mkdir()
    (tmp_path / "__MACOSX" / "._x.txt").write_bytes(b"\x00")
    found = sources(iter_messages([tmp_path]))
    assert set(found) == {str(tmp_path / n) for n in ("mail.txt", "page.html", "report.pdf", "README")}
    assert found[str(tmp_path / "mail.txt")] is None
    assert "unsupported file type '.html'" in (found[str(tmp_path / "page.html")] or "")
    assert "without an extension" in (found[str(tmp_path / "README")] or "")


@posix_only
def test_links_inside_folders_are_not_followed_but_recorded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0:root:/root:/bin/bash", encoding="utf-8")
    folder = tmp_path / "drafts"
    (folder / "real").mkdir(parents=True)
    (folder / "real" / "a.txt").write_text("The printer is fixed.", encoding="utf-8")
    (folder / "passwd.txt").symlink_to("/etc/passwd")
    (folder / "secret.txt").symlink_to(secret)
    (folder / "elsewhere").symlink_to(tmp_path, target_is_directory=True)
    (folder / "dangling.txt").symlink_to(tmp_path / "gone.txt")
    messages = list(iter_messages([folder]))
    found = sources(messages)
    for name in ("passwd.txt", "secret.txt", "elsewhere", "dangling.txt"):
        assert "symbolic link" in (found[str(folder / name)] or "")
    assert found[str(folder / "real" / "a.txt")] is None
    assert not any("root:" in m.text for m in messages)
    # A link named on the command line is the user's choice and is read.
    assert sources(iter_messages([folder / "secret.txt"])) == {str(folder / "secret.txt"): None}


@posix_only
def test_a_fifo_in_a_folder_is_skipped_without_opening_it(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The printer is fixed.", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")
    done: list[dict[str, str | None]] = []
    worker = threading.Thread(target=lambda: done.append(sources(iter_messages([tmp_path]))), daemon=True)
    worker.start()
    worker.join(timeout=120)  # a guard against the old hang, not a speed assertion
    if worker.is_alive():  # unblock the reader so the test run can end, then fail
        with open(tmp_path / "pipe.txt", "wb"):
            pass
        pytest.fail("reading a folder with a FIFO in it blocked")
    assert "named pipe" in (done[0][str(tmp_path / "pipe.txt")] or "")
    assert done[0][str(tmp_path / "a.txt")] is None
    # Named directly, it is refused the same way instead of blocking.
    assert "named pipe" in (sources(iter_messages([tmp_path / "pipe.txt"]))[str(tmp_path / "pipe.txt")] or "")


@posix_only
def test_hidden_folders_are_one_skipped_item(tmp_path: Path) -> None:
    (tmp_path / ".git" / "objects").mkdir(parents=True)
    (tmp_path / ".git" / "objects" / "x.txt").write_text("not mail", encoding="utf-8")
    (tmp_path / "a.txt").write_text("The printer is fixed.", encoding="utf-8")
    found = sources(iter_messages([tmp_path]))
    assert set(found) == {str(tmp_path / ".git"), str(tmp_path / "a.txt")}
    assert "hidden folder" in (found[str(tmp_path / ".git")] or "")


@posix_only
def test_file_names_that_are_not_utf8_are_read_and_named_escaped(tmp_path: Path, coach_full) -> None:
    folder = os.fsencode(tmp_path)
    for raw in (b"caf\xe9.txt", b"bad\xff\xfename.txt", b"ok.txt"):
        with open(os.path.join(folder, raw), "wb") as handle:
            handle.write(b"The printer is fixed and the backup ran.")
    summary = BatchSummary()
    records = list(summary.track(analyse_stream(coach_full, iter_messages([tmp_path]), "non-technical")))
    names = sorted(r["source"].rsplit("/", 1)[1] for r in records)
    assert names == ["bad\\xff\\xfename.txt", "caf\\xe9.txt", "ok.txt"]
    assert all("findings" in r for r in records)
    assert all(r["source"].encode("utf-8") for r in records)  # encodable: no lone surrogates
    assert (summary.read, summary.analysed, summary.skipped) == (3, 3, 0)


def test_zip_member_names_with_control_characters_are_escaped() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("evil\x1b]0;pwned\x07\nname.txt", "The printer is fixed.")
    (message,) = list(read_bytes("bundle.zip", buffer.getvalue()))
    assert message.source == "bundle.zip!evil\\x1b]0;pwned\\x07\\nname.txt"
    assert message.error is None


# --- encodings ------------------------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_read_not_refused_as_binary(codec: str) -> None:
    text = "Hi Dana, the server is back up and your files are safe."
    decoded, warnings = decode_text(text.encode(codec))
    assert decoded == text and warnings == [f"no byte-order mark: decoded as {codec.upper()}"]
    message = list(read_bytes("mail.txt", text.encode(codec)))[0]
    assert message.error is None and message.text == text


def test_nul_patterned_binary_is_still_binary() -> None:
    with pytest.raises(ValueError, match="binary"):
        decode_text(b"\x00\xff\x00\xfe" * 100)


@pytest.mark.parametrize(
    ("text", "codec", "name"),
    [
        ("お世話になっております。サーバーの再起動が完了しました。ご確認ください。", "shift_jis", "Shift-JIS"),
        ("您好，服务器已经重新启动，请您确认一下是否正常工作。谢谢！", "gb18030", "GB18030"),
        ("Здравствуйте, сервер перезагружен. Пожалуйста, проверьте работу почты.", "koi8_r", "KOI8-R"),
        ("Здравствуйте, сервер перезагружен. Пожалуйста, проверьте работу почты.", "cp1251", "Windows-1251"),
    ],
)
def test_undeclared_legacy_encodings_are_detected(text: str, codec: str, name: str) -> None:
    decoded, warnings = decode_text(text.encode(codec))
    assert decoded == text
    assert len(warnings) == 1 and name in warnings[0]


@pytest.mark.parametrize("text", ["naïve – €5", "Bonjour Élodie, le serveur a été redémarré.", "café", "Grüße"])
def test_western_text_stays_windows_1252(text: str) -> None:
    decoded, warnings = decode_text(text.encode("cp1252"))
    assert decoded == text and "Windows-1252" in warnings[0]


def test_csv_in_shift_jis_is_read_row_by_row(tmp_path: Path) -> None:
    path = tmp_path / "jp.csv"
    path.write_bytes(
        "author,body\nsato@example.jp,サーバーの再起動が完了しました。ご確認ください。\n".encode("shift_jis")
    )
    (message,) = list(iter_messages([path]))
    assert message.text == "サーバーの再起動が完了しました。ご確認ください。"


# --- deep HTML ------------------------------------------------------------------------


def test_deeply_nested_html_renders_in_one_pass() -> None:
    divs = "<html><body>" + "<div>" * 20_000 + "Hello Dana" + "</div>" * 20_000 + "</body></html>"
    assert html_to_text(divs) == "Hello Dana"
    quotes = "<p>My reply.</p>" + "<blockquote>" * 10_000 + "old rude words" + "</blockquote>" * 10_000
    text = html_to_text(quotes)
    assert text.splitlines()[0] == "My reply."
    assert text.splitlines()[-1] == "> " * 20 + "old rude words"  # quote markers stop at 20 levels


def test_html_rendering_keeps_layout() -> None:
    html = (
        "<!doctype html><html><head><title>T</title><style>p{}</style></head><body>"
        "<p>Hi <b>Sam</b>,</p><ul><li>one</li><li>two</li></ul><pre>  keep\n  this</pre>"
        "<blockquote>On Monday you wrote:<blockquote>earlier</blockquote></blockquote><script>x()</script>"
        "</body></html>"
    )
    assert html_to_text(html) == "Hi Sam,\n\n- one\n- two\n\nkeep\nthis\n\n> On Monday you wrote:\n> > earlier"


# --- xlsx bombs -----------------------------------------------------------------------


def small_workbook() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["author", "body"])
    sheet.append(["sam@example.com", "The printer is fixed."])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def workbook_bomb(unpacked: int) -> bytes:
    """Return a valid workbook with one extra member of `unpacked` zero bytes (it compresses ~1000:1)."""
    source = zipfile.ZipFile(io.BytesIO(small_workbook()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        for info in source.infolist():
            bomb.writestr(info, source.read(info))
        with bomb.open("xl/media/padding.bin", "w") as member:
            chunk = bytes(1024 * 1024)
            for _ in range(unpacked // len(chunk)):
                member.write(chunk)
    return buffer.getvalue()


def test_xlsx_that_unpacks_far_past_its_size_is_refused_before_loading(monkeypatch: pytest.MonkeyPatch) -> None:
    data = workbook_bomb(40 * 1024 * 1024)
    assert len(data) < 200_000
    opened: list[object] = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: opened.append(a))
    (message,) = list(read_bytes("export.xlsx", data))
    assert message.error is not None and "zip-bomb guard" in message.error and "MAX_XLSX_RATIO" in message.error
    assert opened == []  # refused from the zip directory alone


def test_xlsx_over_the_unpacked_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tables_module.model, "MAX_XLSX_UNPACKED_BYTES", 4 * 1024 * 1024)
    (message,) = list(read_bytes("export.xlsx", workbook_bomb(5 * 1024 * 1024)))
    assert message.error is not None and "MAX_XLSX_UNPACKED_BYTES" in message.error


def test_ordinary_workbook_still_reads() -> None:
    (message,) = list(read_bytes("export.xlsx", small_workbook()))
    assert message.error is None and message.text == "The printer is fixed." and message.sender == "sam@example.com"


def test_review_page_header_does_not_load_a_bomb(monkeypatch: pytest.MonkeyPatch) -> None:
    from views.review import table_header

    calls: list[object] = []
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: calls.append(a))
    assert table_header("export.xlsx", workbook_bomb(40 * 1024 * 1024)) == []
    assert calls == []
    monkeypatch.undo()
    assert table_header("export.xlsx", small_workbook()) == ["author", "body"]

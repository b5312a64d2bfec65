"""The one editor's Python side: spans in the browser's offsets, what a message from it changes, versions."""

from __future__ import annotations

from pathlib import Path

from coach import Finding
from views import editor
from views.edits import DRAFT, change_draft, undo


def finding(text: str, word: str, category: str = "jargon") -> Finding:
    start = text.index(word)
    return Finding(
        category=category,
        rule=f"{category}.test",
        start=start,
        end=start + len(word),
        text=word,
        message=f"'{word}' is flagged.",
        suggestion=None,
        severity="warning",
    )


def test_spans_use_utf16_offsets_so_they_sit_on_the_word_after_an_emoji() -> None:
    text = "Thanks 🙏 the VPN is up. Obviously <b>fine</b>."
    spans = editor.editor_spans(text, [finding(text, "VPN"), finding(text, "Obviously", "condescension")])
    js = text.encode("utf-16-le")
    by_rule = {s["rule"]: s for s in spans}
    vpn = by_rule["jargon.test"]
    assert js[vpn["s"] * 2 : vpn["e"] * 2].decode("utf-16-le") == "VPN"
    assert vpn["s"] == text.index("VPN") + 1  # the emoji is two UTF-16 units
    assert vpn["line"] == "dotted" and vpn["n"].endswith("J") and vpn["bg"].startswith("#")
    assert by_rule["condescension.test"]["line"] == "dashed"  # a second, different non-colour mark


def test_whole_message_findings_are_listed_not_painted() -> None:
    text = "We recommend replacing the server. " * 10
    whole = Finding("benefit", "benefit.none", 0, len(text), text, "No benefit.", None, "warning")
    assert editor.editor_spans(text, [whole]) == []


def test_typed_text_becomes_the_draft_and_a_clicked_highlight_the_current_finding() -> None:
    state: dict = {DRAFT: "Hello", editor.EDITOR_KEY: {"text": "Hello there", "seq": 3, "focus": 2, "ready": True}}
    editor.on_change(state, DRAFT, "focus")
    assert state[DRAFT] == "Hello there" and state["focus"] == 2 and editor.is_ready(state)
    assert not state.get("undo_stack")  # typing is the textarea's own undo, not the coach's


def test_a_message_that_is_not_the_editors_changes_nothing() -> None:
    state: dict = {DRAFT: "Hello", editor.EDITOR_KEY: "<img src=x onerror=alert(1)>"}
    editor.on_change(state, DRAFT, "focus")
    assert state[DRAFT] == "Hello" and not editor.is_ready(state)
    state[editor.EDITOR_KEY] = {"text": 42, "focus": True}
    editor.on_change(state, DRAFT, "focus")
    assert state[DRAFT] == "Hello" and "focus" not in state


def test_the_version_moves_only_when_python_changes_the_draft() -> None:
    state: dict = {}
    change_draft(state, "First text of the mail.", new_email=True)
    v1 = editor.version_for(state, state[DRAFT])
    assert editor.version_for(state, state[DRAFT]) == v1  # a rerun: the editor keeps what it holds
    state[editor.EDITOR_KEY] = {"text": "First text of the mail, typed on.", "seq": 1}
    editor.on_change(state, DRAFT, None)
    assert editor.version_for(state, state[DRAFT]) == v1  # typed in the editor: no replacement
    change_draft(state, "An applied fix.")
    v2 = editor.version_for(state, state[DRAFT])
    assert v2 == v1 + 1  # Apply: the editor takes the new text
    undo(state)
    assert editor.version_for(state, state[DRAFT]) == v2 + 1 and state[DRAFT] == "First text of the mail, typed on."


def test_coach_editor_plain_keeps_the_plain_text_box(monkeypatch) -> None:
    assert editor.enabled()
    monkeypatch.setenv("COACH_EDITOR", "plain")
    assert not editor.enabled()


# ---- the page: the plain text box until the editor shows, then the editor alone ----

SEED_DRAFT = "I can't believe you are still running that crappy router. Obviously it failed."


def test_the_page_offers_the_plain_box_until_the_editor_has_shown_then_the_editor_alone(tmp_path, monkeypatch) -> None:
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("COACH_ALLOWLIST", str(tmp_path / "allowlist.json"))
    monkeypatch.setenv("COACH_ALIASES", str(tmp_path / "aliases.json"))
    monkeypatch.setenv("COACH_HISTORY_DB", str(tmp_path / "history.sqlite3"))
    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60).run()
    at.text_area(key=DRAFT).input(SEED_DRAFT).run()
    assert not at.exception
    html = "\n".join(h.value for h in at.html)
    assert 'class="tc-draft"' in html  # no editor yet: the plain box and the read-only highlights
    at.session_state[editor.READY] = True  # what the editor's first message sets
    at.run()
    assert not at.exception
    assert not [t for t in at.text_area if t.key == DRAFT]  # one draft box: the editor
    html = "\n".join(h.value for h in at.html)
    assert 'class="tc-draft"' not in html and "tc-legend" in html  # highlights live in the editor
    assert at.session_state[DRAFT] == SEED_DRAFT  # the draft outlives the plain box
    assert [b for b in at.button if b.label.startswith("Apply: ")]  # the cards still apply

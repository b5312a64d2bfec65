"""The coaching page as a user meets it (streamlit.testing AppTest), and the view helpers behind it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from coach import MAX_CHARS, Finding
from views.examples import EXAMPLES
from views.highlight import diff_html, highlight_html
from views.upload import load_upload

APP = str(Path(__file__).resolve().parent.parent / "app.py")
SEED_003_BAD = (
    "Yeah, I'm not surprised you're having trouble incorporating your cloud-based CRM app. "
    "I can't believe you can even get your business on the 'net using that crappy Linksy router. "
    "What the #$@%! were you thinking? And connecting six-year-old Dell Dimensions with P4s running XP? "
    "#$!@!! man, I'm surprised you've stayed in business as long as you have."
)
HOSTILE = (
    "Obviously the router failed. <script>alert(1)</script> <img src=x onerror=alert(1)> "
    "[x](javascript:alert(1)) **bold** <b>tag</b>"
)
JARGON = "Obviously the DNS and DHCP settings on 192.168.1.1 were wrong, so we ran ipconfig /flushdns."
GERMAN = (
    "Der Router ist leider kaputt und wir müssen ihn morgen früh austauschen, damit die Praxis "
    "wieder arbeiten kann. Bitte sagen Sie uns Bescheid, wann es Ihnen passt."
)
EML = (
    b"From: Sam <sam@example.com>\r\nTo: Dr Patel <patel@example.com>\r\nSubject: Your PCs\r\n"
    b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
    b"Hi Dr Patel,\r\n\r\nObviously the front desk PCs running XP are too old.\r\n\r\nSam\r\n"
)


@pytest.fixture(autouse=True)
def private_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Keep every allow list, alias map and history of a test in its own folder."""
    monkeypatch.setenv("COACH_ALLOWLIST", str(tmp_path / "allowlist.json"))
    monkeypatch.setenv("COACH_ALIASES", str(tmp_path / "aliases.json"))
    monkeypatch.setenv("COACH_HISTORY_DB", str(tmp_path / "history.sqlite3"))


def start() -> AppTest:
    """Open the page with nothing typed yet."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    return at


def paste(at: AppTest, text: str) -> AppTest:
    """Type a draft into the draft area and rerun, as committing the text area does."""
    at.text_area(key="draft").input(text).run()
    assert not at.exception
    return at


def html_of(at: AppTest) -> str:
    """Return every st.html body on the page, joined."""
    return "\n".join(h.value for h in at.html)


def cards(at: AppTest) -> int:
    """Return how many finding cards the page shows."""
    return html_of(at).count('class="tc-card"')


def unescaped(markdown: str) -> str:
    """Return Markdown text with its backslash escapes removed (what the reader sees)."""
    return markdown.replace("\\", "")


def texts_of(at: AppTest) -> list[str]:
    """Return the text of every Markdown-rendering element (markdown, captions, alerts, headings)."""
    kinds = (at.markdown, at.caption, at.info, at.warning, at.error, at.success, at.subheader, at.title, at.header)
    return [e.value for kind in kinds for e in kind]


# ---- the page ----


def test_first_visit_asks_for_a_draft_and_says_nothing_leaves_the_machine() -> None:
    at = start()
    infos = " ".join(i.value for i in at.info)
    assert "nothing leaves" in infos
    assert "Paste a draft" in infos
    assert not at.error and not at.metric
    assert at.radio(key="audience").value == "non-technical"


def test_empty_or_blank_draft_is_a_prompt_not_an_error() -> None:
    at = paste(start(), "   \n\t  ")
    assert not at.error
    assert any("Paste a draft" in i.value for i in at.info)


def test_pasted_draft_is_highlighted_scored_and_listed() -> None:
    at = paste(start(), SEED_003_BAD)
    page = html_of(at)
    assert page.count('<mark class="tc-mark') >= 5
    assert "tc-condescension" in page and "tc-profanity" in page and "tc-jargon" in page
    assert 'title="&#x27;crappy&#x27; is swearing' in page  # hover help: message, why, suggestion
    assert [m.label for m in at.metric] == ["Tone", "Readability", "Sentiment"]
    assert all(m.delta in (None, "") for m in at.metric)  # nothing changed since the first draft yet
    assert cards(at) >= 5
    assert any(b.label.startswith("Apply all") for b in at.button)
    assert any(s.value == "What the message is missing" for s in at.subheader)


def test_findings_are_listed_missing_first_then_most_severe_first() -> None:
    at = paste(start(), EXAMPLES["Medical office on old PCs"])
    heads = html_of(at).split('<div class="tc-card" data-rule="')[1:]
    missing = sum(h.startswith(("benefit.", "expectations.", "empathy.")) for h in heads)
    rank = {"error": 0, "warning": 1, "suggestion": 2}
    listed = [rank[h.split("tc-sev tc-sev-")[1].split('"')[0]] for h in heads[missing:]]
    assert len(listed) >= 3 and listed == sorted(listed)
    numbers = [int(h.split("<b>")[1].split(".")[0]) for h in heads]
    assert numbers == list(range(1, len(heads) + 1))  # the numbers the highlights carry


def test_audience_change_reanalyses_at_once() -> None:
    at = paste(start(), JARGON)
    for_client = html_of(at).count('class="tc-mark tc-jargon')
    at.radio(key="audience").set_value("technical").run()
    assert not at.exception
    for_engineer = html_of(at).count('class="tc-mark tc-jargon')
    assert for_client > for_engineer


def test_apply_one_fixes_that_finding_in_the_draft() -> None:
    at = paste(start(), SEED_003_BAD)
    first_card = html_of(at).split('<div class="tc-card"')[1]
    assert "crappy" in SEED_003_BAD
    apply_buttons = [b for b in at.button if b.label.startswith("Apply: ")]
    assert apply_buttons
    apply_buttons[0].click().run()
    assert not at.exception
    draft = at.text_area(key="draft").value
    assert draft != SEED_003_BAD
    assert len(draft) < len(SEED_003_BAD) or "tc-quote" in first_card
    assert any(m.delta not in (None, "") for m in at.metric)  # scores now compare with the first draft


def test_apply_all_revises_and_shows_before_after_and_copy() -> None:
    at = paste(start(), SEED_003_BAD)
    before = cards(at)
    at.button(key="eng_apply_all").click().run()
    assert not at.exception
    draft = at.text_area(key="draft").value
    for gone in ("crappy", "#$@%!", "I'm not surprised"):
        assert gone not in draft
    assert "P4s (" in draft  # Apply all is the suggested revision: the term stays, explained in brackets
    assert cards(at) < before
    assert '<div class="tc-diff"' in html_of(at) and "<del>" in html_of(at)
    assert at.code[-1].value == draft  # the copy box holds the revised draft
    assert at.get("download_button")[0].proto.label.startswith("Download")
    assert at.metric[0].delta.endswith("(better)") and float(at.metric[0].delta.split()[0]) > 0


def test_every_example_loads_and_gets_coached() -> None:
    at = start()
    for i, (name, text) in enumerate(EXAMPLES.items()):
        at.button(key=f"example_{i}").click().run()
        assert not at.exception, name
        assert at.text_area(key="draft").value == text
        assert cards(at) >= 2, name


def test_start_over_empties_the_draft() -> None:
    at = start()
    at.button(key="example_0").click().run()
    at.button(key="start_over").click().run()
    assert at.text_area(key="draft").value == ""
    assert any("Paste a draft" in i.value for i in at.info)


def test_opening_an_eml_file_loads_its_body() -> None:
    at = start()
    at.file_uploader(key="upload").set_value(("draft.eml", EML, "message/rfc822")).run()
    assert not at.exception
    assert at.text_area(key="draft").value.startswith("Hi Dr Patel")
    assert "From:" not in at.text_area(key="draft").value
    assert any("Opened draft.eml" in unescaped(i.value) for i in at.info)
    assert 'class="tc-mark' in html_of(at)


def test_opening_a_binary_file_says_why_it_cannot_be_read() -> None:
    at = start()
    at.file_uploader(key="upload").set_value(("photo.txt", bytes(range(256)) * 8, "text/plain")).run()
    assert not at.exception
    assert any("binary" in e.value for e in at.error)
    assert at.text_area(key="draft").value == ""


def test_huge_paste_names_the_limit() -> None:
    at = paste(start(), "word " * (MAX_CHARS // 5 + 10))
    errors = unescaped(" ".join(e.value for e in at.error))
    assert f"the limit is {MAX_CHARS:,}" in errors
    assert not at.metric


def test_non_english_draft_is_analysed_with_a_warning() -> None:
    at = paste(start(), GERMAN)
    assert any("English" in w.value for w in at.warning)
    assert 'class="tc-card"' not in html_of(at)  # the warning only: no "rare word" for every German word
    assert [m.label for m in at.metric] == ["Tone", "Readability", "Sentiment"]


def test_hostile_draft_is_shown_escaped_and_never_as_markup() -> None:
    at = paste(start(), HOSTILE)
    page = html_of(at)
    draft = re.sub(r"</?mark[^>]*>", "", page.split('<div class="tc-draft"')[1].split("</div>")[0])
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in draft
    assert "&lt;img src=x onerror=alert(1)&gt;" in draft
    assert "[x](javascript:alert(1))" in draft  # st.html does not read Markdown: it stays text
    assert "<script" not in page and "<img" not in page and "<b>tag" not in page
    for text in texts_of(at):
        assert "<script" not in text and "<img" not in text and "](javascript:" not in text
    assert at.code[-1].value == HOSTILE  # the copy box shows it verbatim, as code


def test_why_page_explains_every_category() -> None:
    at = start()
    at.switch_page("pages/1_Why.py").run()
    assert not at.exception
    headers = [h.value for h in at.header]
    for title in ("Jargon", "Blame", "Condescension", "Profanity", "Business benefit", "Expectations"):
        assert title in headers


def test_why_page_opens_on_the_finding_s_category() -> None:
    at = start()
    at.query_params["topic"] = "blame"
    at.switch_page("pages/1_Why.py").run()
    assert not at.exception
    assert at.header[0].value == "Blame"


def test_draft_and_audience_survive_a_visit_to_the_why_page() -> None:
    at = paste(start(), SEED_003_BAD)
    at.radio(key="audience").set_value("executive").run()
    at.switch_page("pages/1_Why.py").run()
    at.switch_page("app.py").run()
    assert not at.exception
    assert at.text_area(key="draft").value == SEED_003_BAD
    assert at.radio(key="audience").value == "executive"
    assert 'class="tc-mark' in html_of(at)


def test_library_revision_can_replace_the_draft_when_offered() -> None:
    at = paste(start(), SEED_003_BAD)
    use = [b for b in at.button if b.key == "use_revision"]
    if not use:
        pytest.skip("this coach version offers no report.revision")
    revision = at.code[0].value  # the revision box comes before the copy box
    assert revision != SEED_003_BAD
    use[0].click().run()
    assert not at.exception
    assert at.text_area(key="draft").value == revision


def test_apply_all_gives_the_suggested_revision_and_each_change_says_why_on_hover() -> None:
    at = paste(start(), SEED_003_BAD)
    assert not at.exception
    revision = at.code[0].value  # the suggested revision box comes before the copy box
    page = html_of(at)
    changes = re.findall(r'<span class="tc-change" title="([^"]+)" tabindex="0">', page)
    assert changes and all(len(why) > 20 for why in changes)  # every change carries its reason
    assert "<del>" in page.split('data-testid="tc-changes"')[1]
    at.button(key="eng_apply_all").click().run()
    assert not at.exception
    assert at.text_area(key="draft").value == revision  # one code path: Apply all is the suggested revision


def test_revision_changes_are_escaped_in_the_hover_view() -> None:
    from coach import Report, RevisionEdit
    from views.revise import edits_html

    text = 'Obviously <b onmouseover="x">it</b> failed.'
    edit = RevisionEdit(0, 10, "Obviously ", "", 0, 0, "condescension.x", 'Says "why" <i>here</i>.')
    html = edits_html(Report(text=text, audience="non-technical", revision=text[10:], edits=(edit,)))
    assert "<b " not in html and "&lt;b" in html and "<i>" not in html
    assert 'title="Says &quot;why&quot; &lt;i&gt;here&lt;/i&gt;."' in html
    assert "<del>Obviously </del>" in html


# ---- the helpers behind it ----


def finding(
    text: str, start: int, end: int, category: str = "jargon", replacement: str | None = "x", severity: str = "warning"
) -> Finding:
    """Return a finding over text[start:end]."""
    return Finding(
        category=category,
        rule=f"{category}.test",
        start=start,
        end=end,
        text=text[start:end],
        message=f"'{text[start:end]}' is flagged.",
        suggestion="Say it plainly.",
        severity=severity,
        note="Because.",
        replacement=replacement,
    )


def test_highlight_escapes_text_and_splits_overlaps() -> None:
    text = "What the <b>#$@%!</b> were you thinking?"
    outer = finding(text, 0, 32, "condescension", "")
    inner = finding(text, 12, 17, "profanity", "")
    html = highlight_html(text, [outer, inner])
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert html.count("<mark") == 3  # before, inside and after the inner finding
    assert 'class="tc-mark tc-profanity"' in html
    assert html.count("is flagged") >= 3


def test_highlight_ignores_spans_outside_the_text() -> None:
    text = "short"
    html = highlight_html(text, [finding(text, 0, 5), Finding("benefit", "benefit.x", 3, 3, "", "m", None, "warning")])
    assert html.count("<mark") == 1


def test_apply_all_skips_overlaps_and_stale_findings() -> None:
    from coach.rewrite import apply_all

    text = "Obviously the DNS failed!!"
    fixes = [
        finding(text, 0, 9, "condescension", ""),
        finding(text, 14, 17, "jargon", "address book"),
        finding(text, 24, 26, "condescension", "."),
        finding(text, 25, 26, "condescension", ""),
    ]
    assert apply_all(text, fixes) == "The address book failed."
    stale = Finding("jargon", "jargon.x", 0, 3, "DNS", "m", None, "warning", replacement="y")
    assert apply_all(text, [stale]) == text


def test_diff_marks_removed_and_added_words_escaped() -> None:
    html = diff_html("Hi <b> there, the DNS failed", "Hi <b> there, the address book failed")
    assert "<del>DNS</del><ins>address book</ins>" in html
    assert "&lt;b&gt;" in html and "<b>" not in html


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("note.txt", b"Hello, the server is back.", None),
        ("note.pdf", b"%PDF-1.4", "Open a .txt or .eml file"),
        ("blob.txt", bytes(range(256)) * 4, "binary"),
        ("empty.txt", b"   ", "empty"),
        ("huge.txt", b"word " * (MAX_CHARS // 5 + 10), f"{MAX_CHARS:,}"),
    ],
)
def test_load_upload(name: str, data: bytes, error: str | None) -> None:
    loaded = load_upload(name, data)
    if error is None:
        assert loaded.error is None and loaded.text == data.decode()
    else:
        assert loaded.error and error in loaded.error and loaded.text == ""


def test_load_upload_reads_eml_body_and_subject() -> None:
    loaded = load_upload("draft.eml", EML)
    assert loaded.text.startswith("Hi Dr Patel") and "Subject: Your PCs" in loaded.notes

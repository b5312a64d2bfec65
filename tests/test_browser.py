"""The coaching page in a real browser: the one editor highlights as you type, hostile drafts run nothing.

Starts `streamlit run app.py` on a free port, waits for its health endpoint
and drives Debian's /usr/bin/chromium with Python Playwright. The draft is
typed into the one editor (a custom component in an iframe, views/editor.py).
Screenshots go to a temporary folder, or to the folder COACH_SCREENSHOTS names
(`make screenshots` retakes the README's into docs/). Skipped when chromium is
not installed (`make browser-deps` installs it).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from browser_harness import (  # noqa: F401  (re-exported for the other browser tests)
    CHROMIUM,
    CHROMIUM_ARGS,
    STARTUP_TIMEOUT,
    free_port,
    wait_healthy,
)

ROOT = Path(__file__).resolve().parent.parent
EDITOR_FRAME = "iframe[title='views.editor.draft_editor']"
UI_TIMEOUT_MS = 45_000

# Seed 003's blunt engineer (a copy, so the test runs without ../shared/seeds).
SEED_003_BAD = (
    "Yeah, I'm not surprised you're having trouble incorporating your cloud-based CRM app. "
    "I can't believe you can even get your business on the 'net using that crappy Linksy router. "
    "What the #$@%! were you thinking? And connecting six-year-old Dell Dimensions with P4s running XP? "
    "#$!@!! man, I'm surprised you've stayed in business as long as you have."
)
HOSTILE = (
    "Obviously the router failed. <script>alert(1)</script> <img src=x onerror=alert(2)> "
    "[click here](javascript:alert(3)) <b>bold</b>"
)


def shot_path(name: str) -> Path:
    """Return where a screenshot goes: COACH_SCREENSHOTS (e.g. docs) when set, else a temporary folder."""
    folder = os.environ.get("COACH_SCREENSHOTS")
    base = (ROOT / folder) if folder else Path(tempfile.gettempdir()) / "tone-coach-screenshots"
    base.mkdir(parents=True, exist_ok=True)
    return base / name


SCREENSHOT = shot_path("screenshot-engineer.png")  # the seed 003 draft, highlighted in the editor
SCREENSHOT_APPLIED = shot_path("screenshot-engineer-applied.png")  # after "Apply all"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium: apt-get install chromium chromium-driver"),
]


def record_dialogs(page):
    """Set the UI timeout and dismiss any dialog (alert/confirm) that fires, keeping its text in page.dialogs."""
    page.set_default_timeout(UI_TIMEOUT_MS)
    page.dialogs = []

    def on_dialog(dialog) -> None:
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return page


def open_page(browser, url: str, **context):
    """Open the coaching page in a fresh context, recording any dialog (alert/confirm) that fires."""
    context.setdefault("viewport", {"width": 1400, "height": 1000})
    page = record_dialogs(browser.new_context(**context).new_page())
    page.goto(url)
    wait_editor(page)
    return page


@pytest.fixture()
def page(browser, app_url: str):
    """Open the app in the shared chromium (tests/conftest.py)."""
    page = open_page(browser, app_url)
    yield page
    page.context.close()


def editor(page):
    """Return the one editor's frame (the draft box of the coaching page)."""
    return page.frame_locator(EDITOR_FRAME)


def editor_box(page):
    """Return the editor's textarea, where the user types."""
    return editor(page).get_by_role("textbox", name="Your draft")


def wait_editor(page) -> None:
    """Wait until the editor has loaded and taken over from the plain text box it falls back to."""
    editor_box(page).wait_for(timeout=STARTUP_TIMEOUT * 1000)  # a first page of a fresh server is slow
    page.wait_for_function("() => !document.querySelector('textarea[aria-label=\"Your draft\"]')")
    wait_idle(page)


def editor_frame(page):
    """Return the editor's Frame, to wait on what happens inside it."""
    return page.locator(EDITOR_FRAME).element_handle().content_frame()


def wait_checked(page, text: str | None = None) -> None:
    """Wait until the editor shows the findings of the text it holds (of text, when given) and the run is over."""
    editor_frame(page).wait_for_function(
        "(text) => document.getElementById('root').dataset.state === 'checked'"
        " && (text === null || document.getElementById('draft').value === text)",
        arg=text,
    )
    wait_idle(page)


def wait_draft(page, condition: str, arg: str) -> None:
    """Wait until the editor's text meets a JS condition on `value` and `arg` (e.g. "value.includes(arg)")."""
    editor_frame(page).wait_for_function(
        f"(arg) => {{ const value = document.getElementById('draft').value; return {condition}; }}", arg=arg
    )


def paste(page, text: str) -> None:
    """Paste a draft into the editor, as a user would, and wait until it is checked."""
    editor_box(page).fill(text)
    wait_checked(page, text)


def draft_value(page) -> str:
    """Return the text in the editor."""
    return editor_box(page).input_value()


def wait_idle(page) -> None:
    """Wait until the script run has finished and no stale element of the last run is left."""
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState === 'notRunning'"
        " && !document.querySelector('[data-stale=\"true\"]')"
    )


def draft_box(page):
    """Return the editor's painted copy of the draft, which carries the highlights."""
    return editor(page).locator("#paint")


def test_hostile_draft_is_shown_as_text_and_runs_nothing(page) -> None:
    paste(page, HOSTILE)
    draft_box(page).locator("mark.tc-mark").first.wait_for()
    shown = draft_box(page).text_content()
    assert "<img src=x onerror=alert(2)>" in shown and "<script>alert(1)</script>" in shown
    assert "[click here](javascript:alert(3))" in shown
    assert draft_value(page) == HOSTILE  # what the user typed is kept as typed
    assert editor(page).locator("#root script, #root img, #root b, #root a").count() == 0
    assert page.locator("img[src='x'], a[href^='javascript']").count() == 0
    click_mark(page, "Obviously")  # selecting a highlight runs nothing either
    wait_idle(page)
    page.wait_for_function("document.readyState === 'complete'")
    assert page.dialogs == []


def screenshot(page, path: Path, max_height: int = 4000) -> None:
    """Save the page up to max_height pixels (Streamlit scrolls inside the app, so grow the viewport)."""
    wait_idle(page)
    # From the top of the page (a clicked highlight scrolls the page to its card).
    page.evaluate(
        "() => { document.querySelectorAll('main, section, div').forEach((el) => { el.scrollTop = 0; });"
        " window.scrollTo(0, 0); }"
    )
    height = page.evaluate("() => Math.max(...[...document.querySelectorAll('section, div')].map(e => e.scrollHeight))")
    page.set_viewport_size({"width": 1400, "height": min(max(int(height), 1000), max_height)})
    page.evaluate("document.fonts.ready")
    path.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": 1400, "height": 1000})


def mark_point(page, text: str) -> tuple[float, float, int]:
    """Return the page coordinates of the middle of the highlight holding text, and its finding number."""
    frame = page.locator(EDITOR_FRAME).bounding_box()
    x, y, number = editor_frame(page).evaluate(
        """(text) => {
          const mark = [...document.querySelectorAll('#paint mark')].find((m) => m.textContent.includes(text));
          const r = mark.getBoundingClientRect();
          return [r.left + r.width / 2, r.top + r.height / 2, Number(mark.dataset.num)];
        }""",
        text,
    )
    return frame["x"] + x, frame["y"] + y, int(number)


def click_mark(page, text: str) -> int:
    """Click the highlight holding text (through the textarea above it, as a user does); return its number."""
    x, y, number = mark_point(page, text)
    page.mouse.click(x, y)
    return number


def test_seed_003_is_highlighted_in_the_editor_and_apply_all_revises_it(page) -> None:
    paste(page, SEED_003_BAD)
    marks = draft_box(page).locator("mark.tc-mark")
    assert marks.count() >= 5
    categories = " ".join(marks.nth(i).get_attribute("class") for i in range(marks.count()))
    assert "tc-condescension" in categories and "tc-profanity" in categories
    titles = [marks.nth(i).get_attribute("title") or "" for i in range(marks.count())]
    assert any("expresses disbelief" in title for title in titles)
    styles = {marks.nth(i).evaluate("m => getComputedStyle(m).borderBottomStyle") for i in range(marks.count())}
    assert len(styles) >= 2  # the category shows by underline style and letter, not by colour alone
    assert all(marks.nth(i).get_attribute("data-n") for i in range(2))
    number = click_mark(page, "P4s")  # the clicked highlight's coaching shows under the editor
    editor(page).locator("#at-caret", has_text="P4s").wait_for()
    wait_current(page, number)  # and its card is the current finding (the page has scrolled to it)
    screenshot(page, SCREENSHOT, max_height=1450)

    page.get_by_role("button", name="Apply all").click()
    page.locator(".tc-diff").wait_for()  # the before/after view appears once the draft changed
    wait_draft(page, "!value.includes(arg)", "crappy")
    wait_checked(page)
    assert "crappy" in " ".join(page.locator(".tc-diff del").all_inner_texts())
    assert "crappy" not in draft_box(page).text_content()
    # The frame follows the editor's height, shrinking too once the help under it has gone.
    page.wait_for_function(
        """(sel) => { const frame = document.querySelector(sel);
          const root = frame.contentDocument.getElementById('root');
          return Math.abs(frame.getBoundingClientRect().height - root.getBoundingClientRect().bottom) < 12; }""",
        arg=EDITOR_FRAME,
    )
    page.locator("[data-testid='stMetricDelta']").first.wait_for()
    screenshot(page, SCREENSHOT_APPLIED)
    assert page.dialogs == []


def test_typing_is_rechecked_in_place_with_the_caret_kept(page) -> None:
    paste(page, SEED_003_BAD)
    assert draft_box(page).locator("mark.tc-mark", has_text="DNS").count() == 0
    box = editor_box(page)
    box.focus()
    # Put the caret in the middle (after "Yeah,"), type there, and wait for the re-check: no Ctrl+Enter.
    at = SEED_003_BAD.index(",") + 1
    box.evaluate("(el, at) => el.setSelectionRange(at, at)", at)
    typed = " the DNS box is fine, and"
    page.keyboard.type(typed)
    expected = SEED_003_BAD[:at] + typed + SEED_003_BAD[at:]
    wait_checked(page, expected)
    draft_box(page).locator("mark.tc-mark", has_text="DNS").wait_for()  # the new jargon is highlighted
    caret = box.evaluate("el => [el.selectionStart, el.selectionEnd, document.activeElement === el]")
    assert caret == [at + len(typed), at + len(typed), True]  # the caret stayed where the user typed
    # The painted copy lines up with the text: the mark over "DNS" holds exactly that word.
    dns = draft_box(page).locator("mark.tc-mark", has_text="DNS").first.text_content()
    assert dns.strip() == "DNS"

    page.keyboard.type(" ok")  # typing on after the check goes on where it was
    wait_checked(page, expected[: at + len(typed)] + " ok" + expected[at + len(typed) :])


def wait_current(page, number: int) -> None:
    """Wait until the keyboard bar's current finding is the given number and the run is over."""
    page.wait_for_function(
        "(n) => document.querySelector('[data-testid=\"tc-current\"]')?.innerText.includes(`Finding ${n} of`)",
        arg=number,
    )
    wait_idle(page)


def test_clicking_a_highlight_selects_its_card_and_apply_and_undo_update_the_editor(page) -> None:
    paste(page, SEED_003_BAD)
    x, y, _ = mark_point(page, "P4s")
    page.mouse.move(x, y)  # hovering shows the highlight's help, though the textarea lies over it
    editor(page).locator("textarea[title*='hardware model code']").wait_for()
    number = click_mark(page, "P4s")
    wait_current(page, number)
    assert "P4s" in page.locator("[data-testid='tc-current']").inner_text()
    apply = page.get_by_role("button", name="Apply: replace ‘P4s’")
    apply.click()
    wait_draft(page, "!value.includes(arg)", "P4s")
    wait_checked(page)
    after = draft_value(page)
    assert "P4s" not in draft_box(page).text_content() and after != SEED_003_BAD
    page.get_by_role("button", name="Undo").click()
    wait_draft(page, "value === arg", SEED_003_BAD)
    wait_checked(page, SEED_003_BAD)
    draft_box(page).locator("mark.tc-mark", has_text="P4s").wait_for()
    page.get_by_role("button", name="Redo").click()
    wait_draft(page, "value === arg", after)

"""The Training and Facilitator pages in a real browser: a trainee joins a live session, hostile input runs nothing.

Serves app.py with its own history database, creates a session and two
attempts through the store (as two trainees on other machines would), then
drives Debian's /usr/bin/chromium with Playwright: the trainee joins with the
code and submits rewrites; the facilitator's live view shows the class.
Saves screenshot-training.png and screenshot-training-facilitator.png (where tests/test_browser.py shot_path says)
for the README. Skipped when chromium is not installed (`make browser-deps`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_harness import serve_streamlit
from test_browser import (
    CHROMIUM,
    CHROMIUM_ARGS,
    STARTUP_TIMEOUT,
    editor,
    editor_frame,
    record_dialogs,
    shot_path,
    wait_idle,
)

from coach.training import load_exercises, score_attempt
from coach.training.progress import attempt_fields
from coach.training.store import TrainingStore

ROOT = Path(__file__).resolve().parent.parent
SHOT_TRAINING = shot_path("screenshot-training.png")
SHOT_FACILITATOR = shot_path("screenshot-training-facilitator.png")
EXERCISE = "medical-pcs-replace"
FIRST_SCORE_TIMEOUT_MS = 180_000
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> [click](javascript:alert(3)) computers six"
PARTIAL = (
    "Hi Dr Alvarez,\n\nI looked at the six front desk computers today. They are seven years old and no longer "
    "get security updates, which is why the booking screens are slow.\nWe recommend replacing them.\n\nTom"
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium: apt-get install chromium chromium-driver"),
]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, str]]:
    """Serve app.py on a free port with a fresh database holding one live session; yield URL, code, db URL."""
    folder = tmp_path_factory.mktemp("training")
    db = folder / "history.sqlite3"
    url = f"sqlite:///{db}"
    store = TrainingStore(url)
    exercises = load_exercises()
    session = store.create_session("Clinic front-desk team", [EXERCISE, "pitch-phones", "basic-printer-again"])
    for key, name, exercise_id, which in (
        ("name:sam", "Sam", "pitch-phones", "draft"),
        ("anon:1", None, "pitch-phones", "model_answer"),
        ("anon:1", None, "basic-printer-again", "draft"),
    ):
        exercise = exercises.get(exercise_id)
        text = getattr(exercise, which)
        result = score_attempt(exercise, text)
        store.add_attempt(
            trainee_key=key, trainee=name, session_code=session.code, **attempt_fields(result, text, exercise.skills)
        )
    store.close()
    env = {
        **{k: v for k, v in os.environ.items() if k != "COACH_HISTORY_URL"},
        "COACH_HISTORY_DB": str(db),
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
    }
    with serve_streamlit(env, folder / "server.log") as app_url:
        yield app_url, session.code, url


@pytest.fixture()
def browser_page():
    """A headless chromium page that records any dialog (alert/confirm) that fires."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield record_dialogs(browser.new_page(viewport={"width": 1400, "height": 1000}))
        browser.close()


def shoot(page, path: Path, max_height: int) -> None:
    """Save the page up to max_height pixels (Streamlit scrolls inside the app, so grow the viewport)."""
    wait_idle(page)
    height = page.evaluate("() => Math.max(...[...document.querySelectorAll('section, div')].map(e => e.scrollHeight))")
    page.set_viewport_size({"width": 1400, "height": min(max(int(height), 1000), max_height)})
    wait_idle(page)
    page.evaluate("document.fonts.ready")
    path.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": 1400, "height": 1000})


def type_into(page, label: str, text: str, commit: str = "Enter") -> None:
    """Fill a text box found by its label and commit it, as a user would."""
    box = page.get_by_role("textbox", name=label)
    box.fill(text)
    box.press(commit)
    wait_idle(page)


def rewrite_box(page):
    """Return the textarea of the rewrite: the one editor, as on the coaching page."""
    return editor(page).get_by_role("textbox", name="Your rewrite")


def wait_rewrite_box(page, holds: str) -> None:
    """Wait until the editor has taken over and holds this exercise's text (joining swaps the exercise)."""
    rewrite_box(page).wait_for(timeout=STARTUP_TIMEOUT * 1000)
    page.wait_for_function("() => !document.querySelector('textarea[aria-label=\"Your rewrite\"]')")
    editor_frame(page).wait_for_function("t => document.getElementById('draft').value === t", arg=holds)
    wait_idle(page)


def wait_answered(page, text: str) -> None:
    """Wait until the page has the text the editor holds (the editor sends it 600 ms after the last key)."""
    editor_frame(page).wait_for_function(
        "t => document.getElementById('root').dataset.state === 'checked'"
        " && document.getElementById('draft').value === t",
        arg=text,
    )
    wait_idle(page)


def wait_metric(page, label: str, value: str) -> None:
    """Wait until the metric with this label shows this value."""
    page.wait_for_function(
        "([l, v]) => [...document.querySelectorAll('[data-testid=\"stMetric\"]')].some(m =>"
        " m.querySelector('[data-testid=\"stMetricLabel\"]')?.innerText.trim() === l"
        " && m.querySelector('[data-testid=\"stMetricValue\"]')?.innerText.trim() === v)",
        arg=[label, value],
    )
    wait_idle(page)


def submit(page, text: str, shows: str) -> None:
    """Write a rewrite in the editor and press Submit once the page has it; wait for the feedback on it."""
    rewrite_box(page).fill(text)
    wait_answered(page, text)
    page.get_by_role("button", name="Submit").click()
    page.wait_for_function(
        "s => (document.querySelector('[data-testid=\"tc-my-rewrite\"]')?.textContent || '').includes(s)",
        arg=shows,
        timeout=FIRST_SCORE_TIMEOUT_MS,  # the server loads the language model on the first submission
    )
    page.locator("[data-testid='tc-parts']").wait_for()
    wait_idle(page)


def test_trainee_joins_submits_hostile_and_real_rewrites(served, browser_page) -> None:
    url, code, db_url = served
    page = browser_page
    page.goto(url + "Training")
    page.get_by_role("textbox", name="Session code (optional)").wait_for()
    type_into(page, "Your name or nickname (optional)", "<img src=x onerror=alert(9)>Jo")
    type_into(page, "Session code (optional)", code.lower())
    page.get_by_text("Joined Clinic front-desk team").wait_for()
    # joining swaps the box for the session's first exercise: "Joined" shows before the new box is drawn,
    # and text typed into the old box belongs to the old exercise
    wait_rewrite_box(page, load_exercises().get(EXERCISE).draft)

    submit(page, HOSTILE, shows="<script>alert(1)</script>")
    mine = page.locator("[data-testid='tc-my-rewrite']")
    assert "<script>alert(1)</script>" in mine.text_content()
    assert "<img src=x onerror=alert(2)>" in editor(page).locator("#paint").text_content()
    assert page.locator("[data-testid='stMain'] img[src='x']").count() == 0
    assert editor(page).locator("img, script:not([src])").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.dialogs == []

    type_into(page, "Your name or nickname (optional)", "Jo")  # a second trainee on the same machine
    wait_metric(page, "Attempts on this exercise", "0")  # the page now counts Jo's attempts
    submit(page, PARTIAL, shows="We recommend replacing them.")
    page.locator("[data-testid='tc-parts'] tr[data-part='benefit']").wait_for()
    values = page.locator("[data-testid='stMetricValue']").all_inner_texts()
    assert "Not yet" in values and "80 / 100" in values and "1" in values  # Jo's first attempt
    assert page.locator(".tc-diff ins").count() > 0  # the model answer's differences are marked
    # what the coach still flags is highlighted in the rewrite itself, in the coaching page's editor
    marks = editor(page).locator("#paint mark.tc-mark")
    marks.first.wait_for()
    assert "We recommend replacing them" in " ".join(marks.all_text_contents())
    page.evaluate("() => document.querySelectorAll('section, div').forEach(e => { e.scrollTop = 0; })")
    shoot(page, SHOT_TRAINING, max_height=2900)
    assert page.dialogs == []
    stored = TrainingStore(db_url).attempts(session_code=code)
    assert [a.trainee for a in stored][-2:] == ["<img src=x onerror=alert(9)>Jo", "Jo"]


def test_facilitator_sees_the_class_live(served, browser_page) -> None:
    url, code, db_url = served
    page = browser_page
    page.goto(url + "Facilitator")
    page.locator("[data-testid='tc-join-code']", has_text=code).wait_for()
    page.get_by_text("Score distribution per exercise").wait_for()
    page.locator("[data-testid='stVegaLiteChart'] canvas, [data-testid='stVegaLiteChart'] svg").first.wait_for()
    wait_idle(page)
    shoot(page, SHOT_FACILITATOR, max_height=1500)
    attempts = page.locator("[data-testid='stMetric']", has_text="Attempts")
    before = int(attempts.locator("[data-testid='stMetricValue']").inner_text())

    # a trainee on another machine submits: the live view shows it without a click
    store = TrainingStore(db_url)
    store.add_attempt(
        trainee_key="anon:late", exercise_id="pitch-phones", skills=["jargon"], score=5, passed=False, session_code=code
    )
    store.close()
    page.wait_for_function(
        "n => [...document.querySelectorAll('[data-testid=\"stMetric\"]')].some(m =>"
        " m.innerText.includes('Attempts') && m.innerText.includes(String(n)))",
        arg=before + 1,
    )
    assert page.dialogs == []

"""The coaching page in a real browser: highlights appear, hostile drafts run nothing, Apply all works.

Starts `streamlit run app.py` on a free port, waits for its health endpoint,
drives Debian's /usr/bin/chromium with Python Playwright and saves
docs/screenshot-engineer.png. Skipped when chromium is not installed
(`make browser-deps` installs it).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOT = ROOT / "docs" / "screenshot-engineer.png"  # the seed 003 draft, highlighted
SCREENSHOT_APPLIED = ROOT / "docs" / "screenshot-engineer-applied.png"  # after "Apply all"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STARTUP_TIMEOUT = 90.0  # seconds for the server to answer its health check
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

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium: apt-get install chromium chromium-driver"),
]


def free_port() -> int:
    """Return a TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, server: subprocess.Popen, timeout: float) -> None:
    """Poll the health endpoint until it answers ok, the server dies, or timeout passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)  # poll interval, not a wait for readiness
    raise TimeoutError(f"{url} did not answer within {timeout:.0f}s")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve app.py on a free port for this module's tests and return its URL."""
    port = free_port()
    log = (tmp_path_factory.mktemp("streamlit") / "server.log").open("w")
    private = tmp_path_factory.mktemp("data")  # allow lists, aliases and history of this test run only
    env = {
        **os.environ,
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        "COACH_ALLOWLIST": str(private / "allowlist.json"),
        "COACH_ALIASES": str(private / "aliases.json"),
        "COACH_HISTORY_DB": str(private / "history.sqlite3"),
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_healthy(f"http://127.0.0.1:{port}/_stcore/health", server, STARTUP_TIMEOUT)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


@pytest.fixture()
def page(app_url: str):
    """Open the app in headless chromium, recording any dialog (alert/confirm) that fires."""
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(UI_TIMEOUT_MS)
        page.dialogs = []

        def on_dialog(dialog) -> None:
            page.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(app_url)
        page.get_by_role("textbox", name="Your draft").wait_for()
        yield page
        browser.close()


def paste(page, text: str) -> None:
    """Type a draft into the draft area and commit it (Ctrl+Enter), as a user would."""
    area = page.get_by_role("textbox", name="Your draft")
    area.fill(text)
    area.press("Control+Enter")


def wait_idle(page) -> None:
    """Wait until the script run has finished and no stale element of the last run is left."""
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState === 'notRunning'"
        " && !document.querySelector('[data-stale=\"true\"]')"
    )


def draft_box(page):
    """Return the highlighted draft once it shows."""
    return page.locator(".tc-draft").first


def test_hostile_draft_is_shown_as_text_and_runs_nothing(page) -> None:
    paste(page, HOSTILE)
    page.locator(".tc-draft", has_text="<script>alert(1)</script>").wait_for()
    wait_idle(page)
    shown = draft_box(page).text_content()
    assert "<img src=x onerror=alert(2)>" in shown
    assert "[click here](javascript:alert(3))" in shown
    assert draft_box(page).locator("script, img, b, a").count() == 0
    assert page.locator("a[href^='javascript']").count() == 0
    page.locator(".tc-mark").first.click()  # focusing a highlight must not run anything either
    page.wait_for_function("document.readyState === 'complete'")
    assert page.dialogs == []


def screenshot(page, path: Path, max_height: int = 4000) -> None:
    """Save the page up to max_height pixels (Streamlit scrolls inside the app, so grow the viewport)."""
    wait_idle(page)
    height = page.evaluate("() => Math.max(...[...document.querySelectorAll('section, div')].map(e => e.scrollHeight))")
    page.set_viewport_size({"width": 1400, "height": min(max(int(height), 1000), max_height)})
    page.evaluate("document.fonts.ready")
    path.parent.mkdir(exist_ok=True)
    page.screenshot(path=str(path))
    page.set_viewport_size({"width": 1400, "height": 1000})


def test_seed_003_is_highlighted_and_apply_all_revises_it(page) -> None:
    paste(page, SEED_003_BAD)
    page.locator(".tc-draft", has_text="crappy").wait_for()
    wait_idle(page)
    marks = draft_box(page).locator("mark.tc-mark")
    assert marks.count() >= 5
    categories = " ".join(marks.nth(i).get_attribute("class") for i in range(marks.count()))
    assert "tc-condescension" in categories and "tc-profanity" in categories
    titles = [marks.nth(i).get_attribute("title") or "" for i in range(marks.count())]
    assert any("expresses disbelief" in title for title in titles)
    marks.nth(2).focus()  # selecting a highlight shows its coaching in place
    screenshot(page, SCREENSHOT, max_height=1450)

    page.get_by_role("button", name="Apply all").click()
    page.locator(".tc-diff").wait_for()  # the before/after view appears once the draft changed
    wait_idle(page)
    page.wait_for_function(
        "() => !document.querySelector('textarea[aria-label=\"Your draft\"]').value.includes('crappy')"
    )
    assert "crappy" in " ".join(page.locator(".tc-diff del").all_inner_texts())
    page.locator("[data-testid='stMetricDelta']").first.wait_for()
    screenshot(page, SCREENSHOT_APPLIED)
    assert page.dialogs == []

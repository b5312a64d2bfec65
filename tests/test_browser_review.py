"""The team-review page in a real browser: upload mail, see the dashboard, hostile subjects run nothing.

Shares the server and chromium of tests/test_browser.py (session fixtures in
tests/conftest.py; same flags, free port, bounded health poll) and saves screenshot-review.png (see shot_path).
Skipped when /usr/bin/chromium is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_browser import CHROMIUM, UI_TIMEOUT_MS, screenshot, shot_path, wait_idle

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOT = shot_path("screenshot-review.png")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium: apt-get install chromium"),
]

MAILS = [
    (
        "Ann Lee <ann@msp.example>",
        "<script>alert('subject')</script>",
        "Mon, 4 Mar 2024 10:00:00 +0000",
        "Obviously you should have told us before you moved the server. Run gpupdate /force on the DC.",
    ),
    (
        "Bo Park <bo@msp.example>",
        "Printer",
        "Tue, 12 Mar 2024 10:00:00 +0000",
        "Thanks for your patience; the printer on the second floor works again from today.",
    ),
    (
        "Cy Diaz <cy@msp.example>",
        "Backups",
        "Wed, 3 Apr 2024 10:00:00 +0000",
        "The damn backup job failed again because your staff unplugged the NAS. We fixed it this morning.",
    ),
    (
        "Ann Lee <ann@msp.example>",
        "VPN",
        "Thu, 18 Apr 2024 10:00:00 +0000",
        "The VPN tunnel dropped because the MTU on the WAN interface was wrong; it works again now.",
    ),
]


def write_mails(folder: Path) -> list[str]:
    paths = []
    for i, (sender, subject, day, body) in enumerate(MAILS):
        path = folder / f"mail{i}.eml"
        path.write_text(f"From: {sender}\nTo: it@client.example\nSubject: {subject}\nDate: {day}\n\n{body}\n")
        paths.append(str(path))
    return paths


def test_review_dashboard_in_a_browser(browser, app_url: str, tmp_path: Path) -> None:
    page = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    page.set_default_timeout(UI_TIMEOUT_MS)
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(app_url + "Team_review")
    page.get_by_role("heading", name="Team review").wait_for()
    page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(write_mails(tmp_path))
    page.get_by_role("button", name="Review 4 file(s)").wait_for()
    wait_idle(page)
    page.get_by_role("button", name="Review 4 file(s)").click()
    page.locator("[data-testid='stMetricValue']", has_text="4").first.wait_for()
    page.locator("[data-testid='stVegaLiteChart']").nth(2).wait_for()
    page.locator(".tc-draft").first.wait_for()
    wait_idle(page)
    assert page.locator("script:has-text(\"alert('subject')\")").count() == 0
    screenshot(page, SCREENSHOT, max_height=3200)
    assert dialogs == []
    page.context.close()
    assert SCREENSHOT.stat().st_size > 10_000

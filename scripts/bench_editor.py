"""Measure the one editor in a real browser: from a key press to the highlights of the new text.

Needs a running app (`make run`) and Debian's /usr/bin/chromium. Pastes a
generated client email (scripts/bench_corpus.py), then types one character
at a time at the end; each number is the time from the key to the editor saying the text it holds is checked
(the 600 ms pause the editor waits for is included). Prints the median.

    .venv/bin/python -m scripts.bench_editor [--url http://127.0.0.1:8501/] [--repeats 10]
"""

from __future__ import annotations

import argparse
import statistics

from playwright.sync_api import sync_playwright

from scripts.bench_corpus import email_corpus
from views.editor import DEBOUNCE_MS

CHROMIUM = "/usr/bin/chromium"  # Debian's (Playwright's own download cannot work here)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
EDITOR_FRAME = "iframe[title='views.editor.draft_editor']"  # the one editor's component (views/editor.py)
CHECKED = "() => document.getElementById('root').dataset.state === 'checked'"
CHECKED_TEXT = (
    "(text) => document.getElementById('root').dataset.state === 'checked'"
    " && document.getElementById('draft').value === text"
)


def main() -> int:
    """Type into the editor --repeats times and print each time to a checked text, and the median."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8501/")
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(120_000)
        page.goto(args.url)
        box = page.frame_locator(EDITOR_FRAME).get_by_role("textbox", name="Your draft")
        box.wait_for()  # the editor has loaded
        draft = email_corpus(1)[0]  # a generated 250-word client email with findings of every kind
        box.fill(draft)
        frame = page.locator(EDITOR_FRAME).element_handle().content_frame()
        frame.wait_for_function(CHECKED_TEXT, arg=draft)
        box.focus()
        times = []
        for _ in range(args.repeats):
            frame.evaluate("() => { window.__t0 = performance.now(); }")
            page.keyboard.type("x")
            frame.wait_for_function(CHECKED)
            times.append(frame.evaluate("() => performance.now() - window.__t0"))
        browser.close()
    print("key to checked (ms):", " ".join(f"{t:.0f}" for t in times))
    print(f"median {statistics.median(times):.0f} ms, of which {DEBOUNCE_MS} ms is the pause the editor waits for")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Measure the one editor in a real browser: from a key press to the highlights of the new text.

Needs a running app (`make run`) and Debian's /usr/bin/chromium. Pastes the
seed 003 draft, then types one character at a time at the end; each number is
the time from the key to the editor saying the text it holds is checked
(the 600 ms pause the editor waits for is included). Prints the median.

    .venv/bin/python scripts/bench_editor.py [--url http://127.0.0.1:8501/] [--repeats 10]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
import test_browser as tb  # noqa: E402  (the browser tests' helpers: chromium flags, editor waits)

from views.editor import DEBOUNCE_MS  # noqa: E402


def main() -> int:
    """Type into the editor --repeats times and print each time to a checked text, and the median."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default="http://127.0.0.1:8501/")
    parser.add_argument("--repeats", type=int, default=10)
    args = parser.parse_args()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(tb.CHROMIUM), args=tb.CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        page.set_default_timeout(120_000)
        page.goto(args.url)
        tb.wait_editor(page)
        tb.paste(page, tb.SEED_003_BAD)
        frame = tb.editor_frame(page)
        tb.editor_box(page).focus()
        times = []
        for _ in range(args.repeats):
            frame.evaluate("() => { window.__t0 = performance.now(); }")
            page.keyboard.type("x")
            frame.wait_for_function("() => document.getElementById('root').dataset.state === 'checked'")
            times.append(frame.evaluate("() => performance.now() - window.__t0"))
        browser.close()
    print("key to checked (ms):", " ".join(f"{t:.0f}" for t in times))
    print(f"median {statistics.median(times):.0f} ms, of which {DEBOUNCE_MS} ms is the pause the editor waits for")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

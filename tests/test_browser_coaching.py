"""The coaching page in a real browser: undo from the keyboard, keyboard walk, contrast, dark mode, phone width.

Shares the server and chromium of tests/test_browser.py (session fixtures in tests/conftest.py). Skipped when
/usr/bin/chromium is absent.
"""

from __future__ import annotations

import pytest
from test_browser import (
    CHROMIUM,
    EDITOR_FRAME,
    SEED_003_BAD,
    draft_box,
    draft_value,
    editor,
    open_page,
    paste,
    screenshot,
    shot_path,
    wait_draft,
    wait_idle,
)

SCREENSHOT_DARK = shot_path("screenshot-engineer-dark.png")
SCREENSHOT_PHONE = shot_path("screenshot-engineer-phone.png")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian chromium: apt-get install chromium"),
]

# WCAG 2 contrast of an element's text against the first opaque background behind it.
CONTRAST_JS = """
(el) => {
  const rgb = (s) => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const blend = (top, bottom) => {
    const a = top.length > 3 ? top[3] : 1;
    return [0, 1, 2].map((i) => top[i] * a + bottom[i] * (1 - a));
  };
  const layers = [];
  for (let node = el; node; node = node.parentElement) {
    const c = rgb(getComputedStyle(node).backgroundColor);
    if (c.length && (c.length < 4 || c[3] > 0)) layers.push(c);
    if (c.length && (c.length < 4 || c[3] === 1)) break;
  }
  let bg = [255, 255, 255];
  const app = document.querySelector('[data-testid="stApp"]');  // absent inside the editor's frame
  const body = app ? rgb(getComputedStyle(app).backgroundColor) : [];
  if (body.length) bg = body.slice(0, 3);
  for (const layer of layers.reverse()) bg = blend(layer, bg);
  const style = getComputedStyle(el);
  let fg = rgb(style.color);
  fg = blend([...fg.slice(0, 3), (fg.length > 3 ? fg[3] : 1) * Number(style.opacity || 1)], bg);
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}
"""


def test_apply_then_ctrl_z_restores_the_draft_and_buttons_say_what_they_do(browser, app_url: str) -> None:
    page = open_page(browser, app_url, viewport={"width": 1400, "height": 1000})
    paste(page, SEED_003_BAD)
    names = page.get_by_role("button", name="Apply: ").all_inner_texts()
    assert len(names) >= 3 and len(set(names)) == len(names)  # not eleven "Apply"s
    assert any("P4s" in n for n in names), names
    apply_all_y = page.get_by_role("button", name="Apply all").bounding_box()["y"]
    assert apply_all_y < page.locator(".tc-card").first.bounding_box()["y"]  # above every card it applies
    # The draft stays in view while the cards scroll by.
    page.locator(".tc-card").nth(6).scroll_into_view_if_needed()
    area = page.locator(EDITOR_FRAME).bounding_box()
    assert area is not None and 0 <= area["y"] < 1000
    page.get_by_role("button", name="Apply all").click()
    wait_draft(page, "!value.includes(arg)", "crappy")
    wait_idle(page)
    page.locator("h1").first.click()  # focus outside the text area, as after clicking Apply
    page.keyboard.press("Control+z")
    wait_draft(page, "value.includes(arg)", "crappy")
    assert draft_value(page) == SEED_003_BAD
    page.context.close()


def test_keyboard_moves_between_findings(browser, app_url: str) -> None:
    page = open_page(browser, app_url, viewport={"width": 1400, "height": 1000})
    paste(page, SEED_003_BAD)
    current = page.locator("[data-testid='tc-current']")
    current.wait_for()
    wait_idle(page)
    assert "Finding 1 of" in current.inner_text()
    page.locator("h1").first.click()
    page.keyboard.press("Alt+ArrowDown")
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"tc-current\"]').innerText.includes('Finding 2 of')"
    )
    # The editor outlines the current finding's highlight (when it has one in the text).
    if draft_box(page).locator("mark[data-num='2']").count():
        draft_box(page).locator("mark.tc-current[data-num='2']").first.wait_for()
    page.context.close()


def test_text_meets_wcag_aa_contrast_in_light_and_dark(browser, app_url: str) -> None:
    for scheme in ("light", "dark"):
        page = open_page(browser, app_url, viewport={"width": 1400, "height": 1000}, color_scheme=scheme)
        paste(page, SEED_003_BAD)
        checked = 0
        on_page = [page.locator(s) for s in ("[data-testid='stCaptionContainer'] p", ".tc-chip", ".tc-sev")]
        in_editor = [editor(page).locator(s) for s in ("#paint mark.tc-mark", "#paint", "#status", "#label")]
        for items in (*on_page, *in_editor):
            for i in range(min(items.count(), 12)):
                ratio = items.nth(i).evaluate(CONTRAST_JS)
                assert ratio >= 4.5, (scheme, str(items), i, round(ratio, 2), items.nth(i).inner_text()[:40])
                checked += 1
        assert checked >= 20
        if scheme == "dark":
            background = page.evaluate(
                "getComputedStyle(document.querySelector('[data-testid=\"stApp\"]')).backgroundColor"
            )
            assert background != "rgb(255, 255, 255)"  # the theme follows the system's dark preference
            paint = draft_box(page).evaluate("el => getComputedStyle(el.parentElement).backgroundColor")
            assert paint != "rgb(255, 255, 255)"  # and so does the editor in its frame
            screenshot(page, SCREENSHOT_DARK, max_height=1450)
        page.context.close()


def test_a_phone_width_stays_usable(browser, app_url: str) -> None:
    page = open_page(browser, app_url, viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
    paste(page, SEED_003_BAD)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1
    box = draft_box(page).bounding_box()
    assert box is not None and box["width"] <= 390
    assert (
        page.get_by_role("button", name="Apply all").is_visible()
        or page.get_by_role("button", name="Apply all").count()
    )
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(SCREENSHOT_PHONE))
    page.context.close()

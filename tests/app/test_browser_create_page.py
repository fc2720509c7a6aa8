"""The create page as one screen (issue 19, item 3): one strip of styles that becomes the
photo's own free previews, the options beside a live preview that follows the strength
slider in the browser, and the price and button always in view. Measured in headless
Chromium at 1280x860 and 390x844; screenshots land in tests/screenshots/."""
from __future__ import annotations

import pytest

from tests.app.browser import (ROOT, SHOTS, VIEWPORTS, assert_accessible, last_job,  # noqa: F401
                               new_context, page, painter, shot, sign_up, site)  # page, painter, site: fixtures

pytestmark = pytest.mark.browser
DESKTOP_LIMIT = 1290  # one screen and a half at 1280x860
DOCS = ROOT / "docs" / "screenshots"


def readme_shot(page, name: str, width: int) -> None:
    """What a person sees in the window, scaled down for the README like its other pictures."""
    from PIL import Image

    path = SHOTS / f"{name}-window.png"
    page.screenshot(path=str(path))
    with Image.open(path) as im:
        im.convert("RGB").resize((width, round(im.height * width / im.width)), Image.LANCZOS).save(DOCS / f"{name}.png")


def height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def choose_photo(page, shared_dir) -> None:
    page.get_by_label("Your photo").set_input_files(str(shared_dir / "samples" / "chicago.jpg"))
    page.get_by_alt_text("Your photo in the style of The Great Wave off Kanagawa").wait_for(timeout=120_000)


def test_the_create_page_fits_one_screen_and_a_half_once_a_photo_is_chosen(site, page, painter, shared_dir):
    sign_up(page, site.url, f"height-{page.width_name}@example.com")
    empty = height(page)
    shot(page, f"create-page-empty-{page.width_name}")
    choose_photo(page, shared_dir)
    chosen = height(page)
    shot(page, f"create-page-photo-{page.width_name}")
    print(f"\n{page.width_name}: {empty} px empty, {chosen} px with a photo")
    assert_accessible(page, "create, photo chosen")
    if page.width_name == "desktop":
        page.get_by_text("The Scream").click()
        page.get_by_role("img", name="Live preview at the chosen strength").wait_for()
        page.get_by_label("Strength of the style").fill("0.7")
        readme_shot(page, "create", 800)
        assert chosen <= DESKTOP_LIMIT
    else:
        assert chosen <= 3000  # was 4,527 px before issue 19


def test_choosing_a_photo_puts_its_previews_in_the_one_strip(site, desktop_page, painter, shared_dir):
    page = desktop_page
    sign_up(page, site.url, "strip@example.com")
    cards = page.locator("[data-style-card]")
    assert cards.count() == 6
    assert page.locator("[data-style-card] img[src*='/static/styles/']").count() == 6
    choose_photo(page, shared_dir)
    page.locator("[data-style-card] img[src*='/previews/']").nth(5).wait_for()
    # The same six cards now show the photo; no painting thumbnail is left in a second row.
    assert cards.count() == 6
    assert page.locator("[data-style-card] img[src*='/previews/']").count() == 6
    assert page.locator("img[src*='/static/styles/']:visible").count() == 0  # (the closed mix aside)
    assert page.get_by_role("radio", name="The Scream").count() == 1
    page.get_by_alt_text("Your photo in the style of The Scream").click()
    assert page.get_by_label("The Scream").is_checked()


def canvas_sum(page) -> int:
    return page.evaluate("""() => { const c = document.querySelector('[data-live-canvas]');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let s = 0; for (let i = 0; i < d.length; i += 4) s += d[i] + d[i + 1] + d[i + 2]; return s; }""")


def test_the_live_preview_follows_the_strength_slider_without_a_new_job(site, desktop_page, painter, shared_dir):
    page = desktop_page
    sign_up(page, site.url, "live@example.com")
    choose_photo(page, shared_dir)
    page.get_by_text("The Scream").click()
    live = page.get_by_role("img", name="Live preview at the chosen strength")
    live.wait_for()
    page.wait_for_function("() => document.querySelector('[data-live-canvas]').width > 256 - 1")
    sent = []
    page.on("request", lambda r: sent.append((r.method, r.url)) if r.method != "GET" or "/jobs" in r.url else None)
    full = canvas_sum(page)
    slider = page.get_by_label("Strength of the style")
    slider.focus()
    page.keyboard.press("Home")  # 0%: the photo itself
    photo_only = canvas_sum(page)
    for _ in range(10):
        page.keyboard.press("ArrowRight")  # 50%
    half = canvas_sum(page)
    assert full != photo_only and half not in (full, photo_only)
    assert min(full, photo_only) < half < max(full, photo_only)  # a blend between the two ends
    page.get_by_label("Keep my photo's colours").check()
    assert canvas_sum(page) != half
    assert sent == []  # no job, no new preview: all drawn in the page


def test_the_price_and_button_stay_in_view_on_a_phone(site, chromium, app, painter, shared_dir):
    context = new_context(chromium, "phone")
    page = context.new_page()
    sign_up(page, site.url, "sticky@example.com")
    choose_photo(page, shared_dir)
    button = page.get_by_role("button", name="Paint it", exact=True)
    price = page.get_by_text("Uses 1 of your 3 credits")
    for field in ("Strength of the style", "Keep my photo's colours", "Upload a painting or picture"):
        page.get_by_label(field).scroll_into_view_if_needed()
        for element in (button, price):
            box = element.bounding_box()
            assert box and 0 <= box["y"] and box["y"] + box["height"] <= 844, field
    page.get_by_label("Strength of the style").scroll_into_view_if_needed()
    readme_shot(page, "create-phone", 300)
    context.close()


def test_without_javascript_the_page_is_a_plain_form_that_paints(site, chromium, app, shared_dir):
    context = new_context(chromium, "desktop", java_script_enabled=False)
    page = context.new_page()
    sign_up(page, site.url, "nojs@example.com")
    assert page.get_by_role("button", name="Show free previews").is_visible()
    page.get_by_label("Your photo").set_input_files(str(shared_dir / "samples" / "chicago.jpg"))
    page.get_by_text("The Scream").click()
    page.get_by_label("Strength of the style").fill("0.5")
    page.get_by_role("button", name="Paint it", exact=True).click()
    page.wait_for_url("**/jobs/*")
    job = last_job(site, "nojs@example.com")
    assert (job.style, round(job.strength, 2)) == ("the_scream", 0.5)
    context.close()

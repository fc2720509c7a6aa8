"""The whole journey in headless Chromium, clicking what a person clicks, with a real
worker painting the photos: at a desktop and a phone width, and without JavaScript.
One live server and one worker serve the whole module. Screenshots land in
tests/screenshots/ (ignored by git)."""
from __future__ import annotations

import io
import re

import pytest
from PIL import Image

from app import create_app
from tests.app.browser import (VIEWPORTS, Weigher, assert_accessible, new_context,  # noqa: F401
                               page, shot, sign_up)  # page: a fixture
from tests.app.live import LiveServer
from tests.app.workers import Worker

pytestmark = [pytest.mark.browser, pytest.mark.worker]
PAINTING = 90_000  # ms a job may take, the worker's first one included


@pytest.fixture(scope="module")
def site(_migrated_app, app_settings, database_url, tmp_path_factory):
    broker = tmp_path_factory.mktemp("journey-broker")
    live_app = create_app({**app_settings, "BROKER_DIR": str(broker)})
    worker = Worker("journey", database_url, "filesystem://", str(broker),
                    tmp_path_factory.mktemp("journey-logs"),
                    extra_env={"WORKER_WARM_UP": "true"}).start()  # as `make run` starts it
    try:
        with LiveServer(live_app) as server:
            server.worker = worker
            yield server
    finally:
        worker.stop()


def wait_until_painted(page, site):
    try:
        page.get_by_role("link", name="Download JPEG").wait_for(timeout=PAINTING)
    except Exception:
        print(site.worker.log()[-3000:])
        raise


def test_a_person_paints_a_photo_compares_downloads_tries_another_style_and_deletes_one(
        site, page, shared_dir):
    w = page.width_name
    weigher = Weigher(page)
    page.goto(site.url)
    page.get_by_role("link", name="Start free").click()
    page.get_by_label("Email").fill(f"journey-{w}@example.com")
    page.get_by_label("Password", exact=True).fill("a fine long password")
    page.get_by_label("Repeat password").fill("a fine long password")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/create")
    assert page.locator(".credits-pill").inner_text() == "3 credits"

    # Create: pick a photo (previewed), a style by its thumbnail, one button.
    page.get_by_label("Your photo").set_input_files(str(shared_dir / "samples" / "chicago.jpg"))
    page.get_by_alt_text("Preview of the photo you chose").wait_for()
    page.get_by_text("The Scream").click()
    assert page.get_by_label("The Scream").is_checked()
    page.get_by_role("button", name="Paint it").click()

    # The job page follows the status by itself, then shows the result.
    page.wait_for_url("**/jobs/*")
    job_url = page.url
    assert_accessible(page, "job waiting")
    shot(page, f"job-waiting-{w}")
    wait_until_painted(page, site)
    assert page.locator(".badge-done").count() == 1
    assert_accessible(page, "result")
    shot(page, f"result-{w}")

    # The before-and-after slider, by keyboard.
    slider = page.get_by_label("How much of the original photo to show")
    slider.focus()
    page.keyboard.press("End")
    frame = page.locator(".job .compare-frame")
    assert frame.evaluate("f => f.style.getPropertyValue('--pos')") == "100%"
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
    assert frame.evaluate("f => f.style.getPropertyValue('--pos')") == "97%"

    # Downloads, as JPEG and as PNG, at the photo's full size.
    with page.expect_download() as jpeg:
        page.get_by_role("link", name="Download JPEG").click()
    assert jpeg.value.suggested_filename.endswith(".jpg")
    with page.expect_download() as png:
        page.get_by_role("link", name="Download PNG").click()
    assert png.value.suggested_filename.endswith(".png")
    assert Image.open(png.value.path()).size == (712, 474)

    # "Try another style" starts the create page from these settings; below it, the same
    # photo in another style: a new job, one more credit.
    assert "/create?strength=1" in page.get_by_role("link", name="Try another style").get_attribute("href")
    page.locator("#restyle").scroll_into_view_if_needed()
    assert page.get_by_label("The Scream", exact=True).count() == 0  # it has that one
    page.get_by_text("The Great Wave off Kanagawa").click()
    page.get_by_role("button", name="Paint it in this style").click()
    page.wait_for_url(lambda url: url != job_url and "/jobs/" in url)
    wait_until_painted(page, site)
    assert page.locator(".credits-pill").inner_text() == "1 credit"

    # History: both, newest first, as small thumbnails.
    page.get_by_role("link", name="My pictures").first.click()
    cards = page.locator(".history-card")
    assert cards.count() == 2
    assert cards.nth(0).get_by_text("The Great Wave off Kanagawa").is_visible()
    sizes = page.eval_on_selector_all(".history-card img", "imgs => imgs.map(i => [i.naturalWidth, i.naturalHeight])")
    assert sizes == [[480, 320], [480, 320]]
    assert_accessible(page, "history")
    shot(page, f"history-real-{w}")

    # Delete one: the browser asks first; "Cancel" keeps it, "OK" deletes it.
    page.once("dialog", lambda d: d.dismiss())
    cards.nth(1).get_by_role("button", name=re.compile("^Delete")).click()
    assert page.locator(".history-card").count() == 2
    messages = []
    page.once("dialog", lambda d: (messages.append(d.message), d.accept()))
    cards.nth(1).get_by_role("button", name=re.compile("^Delete")).click()
    page.get_by_text("The photo and its result have been deleted.").wait_for()
    assert "for good" in messages[0]
    assert page.locator(".history-card").count() == 1
    # The other job still has its own photo.
    page.locator(".history-link").first.click()
    original = page.get_by_alt_text("Your original photo")
    original.wait_for()
    assert page.evaluate("img => img.naturalWidth", original.element_handle()) == 712
    print(f"page weights before images at {w} (bytes):",
          {re.sub(r"^https?://[^/]+", "", u): n for u, n in weigher.sizes.items() if "/static/" not in u})
    assert max(weigher.sizes.values()) < 200 * 1024

    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(site.url + "/")


def test_without_javascript_everything_still_works(site, chromium, app, shared_dir):
    context = new_context(chromium, "desktop", java_script_enabled=False)
    page = context.new_page()
    sign_up(page, site.url, "no-js@example.com")
    page.get_by_label("Your photo").set_input_files(str(shared_dir / "samples" / "chicago.jpg"))
    page.get_by_label("Udnie (Young American Girl, The Dance)").check()
    page.get_by_role("button", name="Paint it").click()
    page.wait_for_url("**/jobs/*")
    job_url = page.url
    shot(page, "job-waiting-no-js")
    # The meta refresh reloads the page until the result is there.
    page.get_by_role("link", name="Download JPEG").wait_for(timeout=PAINTING)
    assert page.get_by_alt_text("Your original photo").is_visible()
    assert page.get_by_alt_text(re.compile("painted in the style of Udnie")).is_visible()
    assert not page.get_by_label("How much of the original photo to show").is_visible()
    shot(page, "result-no-js")
    # Deleting asks on a page of its own.
    page.get_by_role("button", name="Delete this picture").click()
    page.get_by_role("heading", name="Delete this picture?").wait_for()
    shot(page, "confirm-delete-no-js")
    page.get_by_role("link", name="Keep it").click()
    assert page.url == job_url
    page.get_by_role("button", name="Delete this picture").click()
    page.get_by_role("button", name="Delete for good").click()
    page.get_by_text("The photo and its result have been deleted.").wait_for()
    assert page.get_by_text("Nothing here yet").is_visible()
    # A photo over the limit is refused by the server, with the friendly 413 page.
    page.goto(site.url + "/create")
    big = io.BytesIO(b"\xff\xd8\xff" + b"\0" * (21 * 1024 * 1024))
    page.get_by_label("Your photo").set_input_files(
        {"name": "huge.jpg", "mimeType": "image/jpeg", "buffer": big.getvalue()})
    page.get_by_role("button", name="Paint it").click()
    page.get_by_role("heading", name="That file is too large").wait_for()
    shot(page, "413-no-js")
    context.close()

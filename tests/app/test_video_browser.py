"""A video in headless Chromium: upload a clip on the create page (its price shown before
paying), watch it being painted (frame k of N, the latest frame), and play the result.
The job is painted in this process by the real engine, as a worker would."""
from __future__ import annotations

import re
import threading

import pytest

from app import create_app
from tests.app.browser import assert_accessible, last_job, shot, sign_up
from tests.app.live import LiveServer
from tests.app.videos import SAMPLES, clip

pytestmark = pytest.mark.browser
FRAMES = 96  # 4 s at 24 fps: one credit, and long enough to watch


@pytest.fixture(scope="module")
def site(_migrated_app, app_settings, tmp_path_factory):
    live_app = create_app({**app_settings, "BROKER_DIR": str(tmp_path_factory.mktemp("video-broker")),
                           "MASTERPIECE_PREVIEW_SECONDS": 1})
    with LiveServer(live_app) as server:
        server.app = live_app
        yield server


def test_a_person_uploads_a_clip_watches_it_painted_and_plays_it(site, desktop_page, tmp_path, engine):
    from app.services import runner

    page, email = desktop_page, "video@example.com"
    source = clip(tmp_path / "holiday.mp4", SAMPLES, width=160, height=96, frames=FRAMES, pan=(1.5, 0.5))
    sign_up(page, site.url, email)
    page.get_by_label("Your video").set_input_files(str(source))
    price = page.locator("[data-video-price]")
    page.wait_for_function("() => document.querySelector('[data-video-price]').textContent.includes('uses')")
    assert re.search(r"4\.0 s: uses 1 of your \d+ credits", price.inner_text())
    page.locator("#paint-video select[name=clip-style]").select_option("udnie")
    assert_accessible(page, "create, video chosen")
    page.get_by_role("button", name="Paint my video").click()
    page.wait_for_url("**/jobs/*")

    job = last_job(site, email)
    assert (job.kind, job.frames, job.cost) == ("video", FRAMES, 1)

    def paint():
        with site.app.app_context():
            runner.run_job(job.id, engine)
    painter = threading.Thread(target=paint, daemon=True)
    painter.start()
    # frame k of N, the bar, and the latest painted frame, while it paints
    page.wait_for_function(
        "() => /Frame [1-9]\\d* of 96/.test(document.querySelector('[data-progress-text]')?.textContent || '')",
        timeout=120_000)
    page.locator("img.forming-picture:not([hidden])").wait_for(timeout=60_000)
    assert int(page.locator("progress").get_attribute("max")) == FRAMES
    shot(page, "video-painting")
    painter.join(240)
    # the page reloads itself when done, and plays the painted clip inline
    video = page.locator("video[data-video-result]")
    video.wait_for(timeout=30_000)
    page.wait_for_function("() => document.querySelector('video').readyState >= 2", timeout=30_000)
    assert page.evaluate("document.querySelector('video').error") is None
    assert page.evaluate("document.querySelector('video').videoWidth") == 160
    assert page.evaluate("Math.round(document.querySelector('video').duration)") == 4
    page.evaluate("document.querySelector('video').play()")
    page.wait_for_function("() => document.querySelector('video').currentTime > 0.2", timeout=30_000)
    assert_accessible(page, "video result")
    shot(page, "video-result")
    page.goto(site.url + "/history")
    assert page.locator(".badge-video").first.inner_text() == "Video · 4 s"

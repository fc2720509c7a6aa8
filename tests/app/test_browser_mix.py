"""Mix paintings on the create page in headless Chromium: two paintings with one slider,
three whose sliders always sum to 100%, the free preview changing as a proportion
moves, and the job made with that mix. The previews are painted in a thread of this
process by the real arbitrary model, as a worker would. Screenshots in tests/screenshots/."""
from __future__ import annotations

import json

import pytest

from app import create_app
from tests.app.browser import assert_accessible, last_job, paint_in_a_thread, shot, sign_up
from tests.app.live import LiveServer

pytestmark = pytest.mark.browser
PIXELS = """img => { const c = document.createElement('canvas');
    c.width = img.naturalWidth; c.height = img.naturalHeight;
    const g = c.getContext('2d'); g.drawImage(img, 0, 0);
    return Array.from(g.getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 97 == 0)); }"""


@pytest.fixture(scope="module")
def site(_migrated_app, app_settings, tmp_path_factory):
    live_app = create_app({**app_settings, "BROKER_DIR": str(tmp_path_factory.mktemp("mix-broker"))})
    with LiveServer(live_app) as server:
        server.app = live_app
        yield server


@pytest.fixture
def painter(site, monkeypatch):
    """Mix previews are painted in a thread of this process (a mix needs no network)."""
    from app.queue import MIX_PREVIEW_TASK
    from app.services import mix_previews

    paint_in_a_thread(site, monkeypatch, MIX_PREVIEW_TASK, lambda set_id: mix_previews.render(set_id, None))


def preview_after(page, status_text: str) -> tuple[str, list]:
    page.locator("[data-mix-status]", has_text=status_text).wait_for(timeout=60_000)
    image = page.locator("[data-mix-preview]")
    image.wait_for(state="visible")
    page.wait_for_function("() => { const i = document.querySelector('[data-mix-preview]');"
                           " return i.complete && i.naturalWidth > 0; }")
    return image.get_attribute("src"), image.evaluate(PIXELS)


def test_moving_a_proportion_changes_the_free_preview_and_the_mix_reaches_the_job(
        site, desktop_page, painter, shared_dir):
    page, email = desktop_page, "mixer@example.com"
    sign_up(page, site.url, email)
    page.get_by_label("Your photo").set_input_files(str(shared_dir / "samples" / "chicago.jpg"))
    page.locator("summary", has_text="Mix paintings").click()
    page.get_by_label("First painting", exact=True).select_option("wave")
    page.get_by_label("Second painting", exact=True).select_option("the_scream")
    assert page.get_by_label("Paint it in a mix of these paintings").is_checked()
    first = page.get_by_label("Share of the first painting, in percent")
    assert first.input_value() == "50"
    assert page.get_by_label("Share of the second painting, in percent").is_hidden()  # one slider for two
    half_src, half = preview_after(page, "50% The Great Wave off Kanagawa, 50% The Scream")

    first.focus()
    for _ in range(25):
        page.keyboard.press("ArrowRight")
    assert page.get_by_label("Share of the second painting, in percent").input_value() == "25"
    moved_src, moved = preview_after(page, "75% The Great Wave off Kanagawa, 25% The Scream")
    assert moved_src != half_src and moved != half
    assert_accessible(page, "create page, mixing")
    shot(page, "mix-create-desktop")

    # A third painting: three sliders that always sum to 100%.
    page.get_by_label("Third painting (optional)", exact=True).select_option("udnie")
    third = page.get_by_label("Share of the third painting, in percent")
    third.focus()
    page.keyboard.press("End")
    shares = page.evaluate("() => [...document.querySelectorAll('[data-mix-weight]')].map(r => +r.value)")
    assert shares[2] == 100 and sum(shares) == 100
    for _ in range(40):
        page.keyboard.press("ArrowLeft")
    shares = page.evaluate("() => [...document.querySelectorAll('[data-mix-weight]')].map(r => +r.value)")
    assert shares[2] == 60 and sum(shares) == 100 and shares[0] == shares[1] == 20
    preview_after(page, "20% The Great Wave off Kanagawa, 20% The Scream, 60% Udnie")

    page.get_by_role("button", name="Paint it").click()
    page.wait_for_url("**/jobs/*")
    job = last_job(site, email)
    assert job.style == "mix"
    assert json.loads(job.mix) == [{"style": "wave", "weight": 0.2}, {"style": "the_scream", "weight": 0.2},
                                   {"style": "udnie", "weight": 0.6}]
    assert page.get_by_role("heading", level=1).inner_text().startswith(
        "20% The Great Wave off Kanagawa, 20% The Scream, 60% Udnie")

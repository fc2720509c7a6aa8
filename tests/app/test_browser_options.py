"""The create page's options in headless Chromium at a desktop width: the strength
slider, "keep my photo's colours", your own painting (upload, use, delete) and the free
previews appearing by themselves. No worker process: previews and jobs are painted in
this process by the real engine. Screenshots land in tests/screenshots/."""
from __future__ import annotations


import pytest

from app import create_app
from app.extensions import db
from app.records import UserStyle
from tests.app.browser import assert_accessible, last_job, painter, shot, sign_up  # noqa: F401 (painter: a fixture)
from tests.app.live import LiveServer

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(_migrated_app, app_settings, tmp_path_factory):
    live_app = create_app({**app_settings, "BROKER_DIR": str(tmp_path_factory.mktemp("options-broker"))})
    with LiveServer(live_app) as server:
        server.app = live_app
        yield server


@pytest.fixture
def page(desktop_page):
    return desktop_page


def paint_here(site, engine, job_id: str) -> None:
    from app.services import runner

    with site.app.app_context():
        assert runner.run_job(job_id, engine) == "done"


def test_the_strength_slider_and_the_colours_switch_reach_the_job(site, page, engine, painter, shared_dir):
    email = "slider@example.com"
    sign_up(page, site.url, email)
    page.get_by_label("Your photo").set_input_files(str(shared_dir / "samples" / "chicago.jpg"))
    slider = page.get_by_label("Strength of the style")
    value = page.locator("#strength-value")
    assert value.inner_text() == "100%"
    slider.focus()
    page.keyboard.press("Home")
    assert value.inner_text() == "0%"
    for _ in range(7):
        page.keyboard.press("ArrowRight")
    assert value.inner_text() == "35%" and slider.input_value() == "0.35"
    colours = page.get_by_label("Keep my photo's colours")
    colours.check()
    assert colours.is_checked()
    page.get_by_text("The Scream").click()
    assert_accessible(page, "create with options")
    shot(page, "options-create-desktop")
    page.get_by_role("button", name="Paint it").click()
    page.wait_for_url("**/jobs/*")
    job = last_job(site, email)
    assert (job.style, job.strength, job.preserve_colors) == ("the_scream", 0.35, True)
    paint_here(site, engine, job.id)
    page.reload()
    page.get_by_role("link", name="Download JPEG").wait_for()
    shot(page, "options-result-strength-colours-desktop")


def test_free_previews_appear_and_choose_the_style(site, page, painter, shared_dir):
    sign_up(page, site.url, "previews@example.com")
    page.get_by_label("Your photo").set_input_files(str(shared_dir / "samples" / "chicago.jpg"))
    first = page.get_by_alt_text("Your photo in the style of The Great Wave off Kanagawa")
    first.wait_for(timeout=60_000)
    assert page.locator("[data-previews-grid] img").count() == 6
    assert page.get_by_role("button", name="Show free previews").is_hidden()
    first.click()  # the previews are the strip's radio cards (issue 19): one click chooses
    assert page.get_by_label("The Great Wave off Kanagawa").is_checked()
    assert page.locator("[data-previews-grid] input[name=style]:checked").count() == 1
    page.evaluate("() => Promise.all([...document.querySelectorAll('[data-previews-grid] img')]"
                  ".map(i => i.complete ? null : new Promise(ok => { i.onload = i.onerror = ok; })))")
    sizes = page.evaluate("() => [...document.querySelectorAll('[data-previews-grid] img')]"
                          ".map(i => [i.naturalWidth, i.naturalHeight])")
    assert sizes == [[256, 170]] * 6
    assert_accessible(page, "previews")
    shot(page, "options-previews-desktop")


def test_an_own_painting_is_uploaded_used_listed_and_deleted(site, page, engine, painter, shared_dir):
    email = "own@example.com"
    sign_up(page, site.url, email)
    page.get_by_label("Your photo").set_input_files(str(shared_dir / "samples" / "chicago.jpg"))
    page.get_by_label("Upload a painting or picture").set_input_files(
        str(shared_dir / "styles" / "la_muse.jpg"))
    assert page.get_by_label("Use my own painting").is_checked()  # choosing a file chose it
    page.get_by_label("Its name").fill("Picasso's muse")
    page.get_by_role("button", name="Paint it").click()
    page.wait_for_url("**/jobs/*")
    job = last_job(site, email)
    assert job.style == "own" and job.user_style_id
    paint_here(site, engine, job.id)
    page.reload()
    page.get_by_role("link", name="Download JPEG").wait_for()
    shot(page, "options-own-result-desktop")

    # The create page offers it again; the account page lists it and deletes it.
    page.goto(site.url + "/create")
    assert page.get_by_label("Picasso's muse").is_checked()
    page.goto(site.url + "/account#my-styles")
    assert_accessible(page, "account with paintings")
    shot(page, "options-account-styles-desktop")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete Picasso's muse").click()
    page.wait_for_url("**/account*")
    assert page.get_by_text("You have not uploaded any paintings yet.").is_visible()
    with site.app.app_context():
        db.session.expire_all()
        assert db.session.scalar(db.select(db.func.count()).select_from(UserStyle)) == 0

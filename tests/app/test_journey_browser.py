"""The whole journey in headless Chromium, clicking what a person clicks.
Screenshots of every page land in tests/screenshots/ (ignored by git)."""
from pathlib import Path

import pytest

from app import create_app
from tests.app.live import CHROMIUM, CHROMIUM_ARGS, LiveServer
from tests.app.workers import Worker

pytestmark = pytest.mark.browser
SHOTS = Path(__file__).resolve().parents[1] / "screenshots"


@pytest.fixture
def site(app, app_settings, database_url, tmp_path):
    broker = tmp_path / "broker"
    live_app = create_app({**app_settings, "BROKER_DIR": str(broker)})
    worker = Worker("browser", database_url, "filesystem://", str(broker), tmp_path).start()
    with LiveServer(live_app) as server:
        yield server
    worker.stop()


@pytest.fixture
def page():
    playwright = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is missing: `make test` installs Debian's chromium package first")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        yield page
        browser.close()


def shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"journey-{name}.png"), full_page=True)


def test_a_person_signs_up_paints_a_photo_downloads_it_and_logs_out(site, page, shared_dir):
    page.goto(site.url)
    shot(page, "01-landing")
    page.get_by_role("link", name="Start free").click()
    page.get_by_label("Email").fill("journey@example.com")
    page.get_by_label("Password", exact=True).fill("a fine long password")
    page.get_by_label("Repeat password").fill("a fine long password")
    shot(page, "02-signup")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/create")
    assert page.locator(".credits-pill").inner_text() == "3 credits"
    page.get_by_role("link", name="Styles").click()
    assert page.locator(".style-card").count() == 6
    shot(page, "03-styles")
    page.get_by_role("link", name="Create").click()
    page.get_by_label("Your photo").set_input_files(str(shared_dir / "samples" / "chicago.jpg"))
    page.get_by_label("The Scream").check()
    shot(page, "04-create")
    page.get_by_role("button", name="Paint it").click()
    page.wait_for_url("**/jobs/*")
    shot(page, "05-job-waiting")
    page.get_by_role("link", name="Download JPEG").wait_for(timeout=90_000)
    assert page.locator(".badge-done").count() == 1
    shot(page, "06-job-done")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download JPEG").click()
    assert download_info.value.suggested_filename.endswith(".jpg")
    page.get_by_role("link", name="My pictures").click()
    assert page.locator(".history-card").count() == 1
    shot(page, "07-history")
    page.get_by_role("link", name="2 credits").click()
    shot(page, "08-account")
    page.get_by_role("button", name="Log out").click()
    page.wait_for_url(site.url + "/")
    assert page.get_by_role("link", name="Log in").is_visible()

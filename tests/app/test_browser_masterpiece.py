"""A masterpiece in headless Chromium at a desktop width, painted by a real worker: choose
Masterpiece on the create page (its settings appear, the price changes), watch the
picture form on the job page (iteration k of N, the bar, the picture), stop it and keep
the picture. axe-core on each page. The two job-page screenshots are the README's
(docs/screenshots/masterpiece-*.png); the others land in tests/screenshots/."""
from __future__ import annotations

import re

import pytest

from app import create_app
from app.extensions import db
from app.records import Job
from app.services import accounts, credits
from tests.app.browser import ROOT, assert_accessible, shot, sign_up
from tests.app.live import LiveServer
from tests.app.workers import Worker

pytestmark = [pytest.mark.browser, pytest.mark.worker]
DOCS = ROOT / "docs" / "screenshots"
ITERATIONS = 1000  # more than it gets to: it is stopped after a few pictures
FORMING = 90_000  # ms until the first picture shows, the worker's start included


@pytest.fixture(scope="module")
def site(_migrated_app, app_settings, database_url, tmp_path_factory):
    broker = tmp_path_factory.mktemp("masterpiece-broker")
    # As `make run` lays it out: masterpieces on a queue of their own, with a worker of their own.
    live_app = create_app({**app_settings, "BROKER_DIR": str(broker), "MASTERPIECE_ITERATIONS": ITERATIONS,
                           "MASTERPIECE_COST": 10,  # the default one: so this one costs 2 and gives 1 back
                           "MASTERPIECE_QUEUE": "masterpiece"})
    worker = Worker("masterpiece", database_url, "filesystem://", str(broker),
                    tmp_path_factory.mktemp("masterpiece-logs"),
                    extra_env={"MASTERPIECE_PREVIEW_SECONDS": "1", "MASTERPIECE_QUEUE": "masterpiece"})
    worker.args += ["--queues", "masterpiece"]
    worker.start()
    try:
        with LiveServer(live_app) as server:
            server.app, server.worker = live_app, worker
            yield server
    finally:
        worker.stop()


@pytest.fixture
def page(desktop_page):
    return desktop_page


def docs_shot(page, name: str) -> None:
    """A full-page screenshot for the README, 1280 px wide, every picture loaded."""
    DOCS.mkdir(parents=True, exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")
    page.wait_for_function("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
    page.screenshot(path=str(DOCS / f"{name}.png"), full_page=True)


def the_job(site, email: str) -> Job:
    with site.app.app_context():
        db.session.expire_all()
        user = accounts.find_by_email(email)
        return db.session.scalars(db.select(Job).where(Job.user_id == user.id)).one()


def iteration(page) -> int:
    match = re.search(r"iteration (\d+) of", page.locator("[data-progress-text]").inner_text())
    return int(match.group(1)) if match else 0


def test_a_person_watches_a_masterpiece_form_and_stops_it(site, page, shared_dir):
    email = "masterpiece@example.com"
    sign_up(page, site.url, email)
    with site.app.app_context():
        credits.grant(accounts.find_by_email(email), 10, "test")
    page.reload()

    # Create: Masterpiece shows its settings and its price.
    settings = page.locator("[data-masterpiece-settings]")
    assert settings.is_hidden()
    assert page.get_by_text("Uses 1 of your 13 credits").is_visible()
    page.get_by_label("Your photo").set_input_files(str(shared_dir / "samples" / "chicago.jpg"))
    page.locator("input[name=style][value=the_scream]").check()
    page.get_by_label("Masterpiece (about 2 minutes)").check()
    assert settings.is_visible() and page.get_by_text("Uses up to 10 of your 13 credits").is_visible()
    page.get_by_label("Size", exact=True).select_option("256")  # "at full size" is in a brush label
    assert page.get_by_text("Uses up to 3 of your 13 credits").is_visible()  # the price follows the size
    balance = page.get_by_label("Balance of content and style")
    balance.focus()
    for _ in range(2):
        page.keyboard.press("ArrowRight")
    assert page.locator("#style-weight-value").inner_text() == "40, balanced"
    assert_accessible(page, "create, masterpiece chosen")
    shot(page, "masterpiece-create-desktop")
    page.get_by_role("button", name="Paint it").click()
    page.wait_for_url("**/jobs/*")
    job = the_job(site, email)
    # Priced by what it paints: chicago.jpg at 256 px is 256 x 170, 1000 iterations: 2 credits.
    assert (job.method, job.cost, job.size, job.style_weight, job.style) == ("optimise", 2, 256, 40.0, "the_scream")

    # The job page: iteration k of N, the bar and the picture forming.
    try:
        page.locator("img.forming-picture").wait_for(timeout=FORMING)
        page.wait_for_function("() => /iteration ([3-9]\\d|\\d{3,}) of/.test("
                               "document.querySelector('[data-progress-text]').textContent)", timeout=30_000)
    except Exception:
        print(site.worker.log()[-3000:])
        raise
    assert page.get_by_text(f"of {ITERATIONS}").is_visible()
    assert int(page.locator("progress").get_attribute("max")) == ITERATIONS
    assert_accessible(page, "masterpiece forming")
    docs_shot(page, "masterpiece-forming")
    seen = iteration(page)

    # Stop: the picture it has is the result.
    page.get_by_role("button", name="Stop and keep this picture").click()
    page.get_by_role("link", name="Download JPEG").wait_for(timeout=30_000)
    job = the_job(site, email)
    assert (job.status, job.stop_requested) == ("done", True) and seen <= job.progress < ITERATIONS
    assert page.get_by_text(f"Stopped at iteration {job.progress} of {ITERATIONS}, as you asked.").is_visible()
    assert page.locator(".badge-masterpiece").first.is_visible()
    with site.app.app_context():
        assert credits.balance(job.user_id) == 12  # stopped early: 1 of its 2 credits came back
    assert page.get_by_text("1 credit of the 2 it cost was returned for the part not painted.").is_visible()
    assert_accessible(page, "masterpiece stopped")
    docs_shot(page, "masterpiece-result")

    # At a phone's width: the create page with Masterpiece chosen, and the result.
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "masterpiece-result-phone")
    assert_accessible(page, "masterpiece stopped, phone")
    page.goto(site.url + "/create")
    page.get_by_label("Masterpiece (about 2 minutes)").check()
    assert_accessible(page, "create, masterpiece chosen, phone")
    shot(page, "masterpiece-create-phone")

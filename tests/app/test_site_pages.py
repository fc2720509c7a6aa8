"""The public pages and what every page promises: its own assets only, no inline
scripts, width and height on every image, and a light weight."""
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from app.services import payments
from tests.app import photos
from tests.app.conftest import one

STATIC = Path(__file__).resolve().parents[2] / "static"
PAGE_BUDGET = 200 * 1024  # bytes of HTML, CSS and JS on one page, images aside


class Page(HTMLParser):
    """The tags of a page, as (tag, attributes) pairs."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def all(self, tag: str) -> list[dict]:
        return [a for t, a in self.tags if t == tag]


def check_page(browser, url: str) -> Page:
    """Every page: own assets only, no inline script or handler, sized images, light."""
    response = browser.get(url)
    assert response.status_code == 200, url
    html = response.get_data(as_text=True)
    page = Page(html)
    for tag, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs), (url, tag, attrs)
        for name in ("src", "href"):
            if tag in ("script", "link", "img") and name in attrs:
                assert attrs[name].startswith("/"), f"{url}: {tag} {name}={attrs[name]} is not ours"
    for script in page.all("script"):
        assert script.get("src"), f"{url}: inline script"
    assert "<style" not in html and "javascript:" not in html
    for img in page.all("img"):
        assert img.get("alt") is not None and img.get("width") and img.get("height"), (url, img)
    weight = len(response.data)
    for link in page.all("link") + page.all("script"):
        asset = link.get("href") or link.get("src")
        if asset and asset.startswith("/static/"):
            weight += (STATIC / asset.removeprefix("/static/")).stat().st_size
    assert weight < PAGE_BUDGET, f"{url} weighs {weight} bytes before images"
    return page


def test_the_landing_page_shows_examples_the_six_styles_prices_and_a_call_to_sign_up(browser):
    page = check_page(browser, "/")
    html = browser.get("/").get_data(as_text=True)
    assert "Start free" in html and 'href="/signup"' in html
    for pack in payments.packs():
        assert pack.price in html
    images = [img["src"] for img in page.all("img")]
    # Set-up (`make examples`) paints them; without them this test would check nothing.
    assert (STATIC / "examples" / "examples.json").is_file(), "no examples: run `make examples`"
    assert "/static/examples/photo.jpg" in images
    assert sum("/static/examples/" in src and src.endswith("-small.jpg") for src in images) == 6
    assert not any("/static/styles/" in src for src in images)  # little insets instead
    for src in images:
        assert (STATIC / src.removeprefix("/static/")).is_file(), src
    for slug in ("la_muse", "wave", "the_scream"):
        assert f"/create?style={slug}" in html


def test_the_landing_page_leaves_out_prices_when_payments_are_off(app, browser, monkeypatch):
    monkeypatch.setitem(app.config, "PAYMENTS_ENABLED", False)
    html = browser.get("/").get_data(as_text=True)
    assert 'id="pricing"' not in html and "Start free" in html


def test_the_gallery_shows_every_painting_with_its_artist_year_and_attribution(browser):
    page = check_page(browser, "/styles")
    html = browser.get("/styles").get_data(as_text=True)
    assert html.count('class="style-card"') == 6
    assert "Pablo Picasso, 1935" in html and "Katsushika Hokusai, c. 1831" in html
    assert "© Estate of Pablo Picasso" in html and "© Leonid Afremov" in html
    assert html.count("Public domain.") == 4
    thumbs = [img for img in page.all("img") if "/static/styles/" in img["src"]]
    assert len(thumbs) == 6 and all(int(img["width"]) <= 480 for img in thumbs)


def test_the_style_thumbnails_made_at_set_up_are_small(browser):
    from PIL import Image

    from models.catalogue import slugs

    # One per style, made by set-up (`make assets`): a missing one fails, not passes.
    for slug in slugs():
        path = STATIC / "styles" / f"{slug}.jpg"
        assert path.is_file(), f"{path} was not made: run `make assets`"
        with Image.open(path) as im:
            assert max(im.size) <= 480, path


@pytest.mark.parametrize("url", ["/signup", "/login", "/styles", "/"])
def test_public_pages_keep_the_promises_of_every_page(browser, url):
    check_page(browser, url)


def test_signed_in_pages_keep_the_promises_of_every_page(logged_in, app):
    from app.services import runner
    from tests.fakes import MirrorEngine

    job_url = logged_in.upload(photos.jpeg(900, 600), style="wave").headers["Location"]
    runner.run_job(job_url.rsplit("/", 1)[1], MirrorEngine())
    for url in ("/create", "/history", "/account", job_url, job_url + "/delete"):
        check_page(logged_in, url)


def test_the_create_page_states_the_size_limit_and_checks_it_in_the_browser(logged_in, app):
    html = logged_in.get("/create").get_data(as_text=True)
    assert f"up to {app.config['MAX_UPLOAD_MB']} MB" in html
    assert f'data-max-bytes="{app.config["MAX_UPLOAD_MB"] * 1024 * 1024}"' in html
    assert 'type="file"' in html and 'enctype="multipart/form-data"' in html


def test_the_create_page_preselects_the_style_from_the_link(logged_in):
    html = logged_in.get("/create?style=udnie").get_data(as_text=True)
    assert re.search(r'value="udnie" checked', html)


def test_the_navigation_marks_the_current_page(logged_in):
    html = logged_in.get("/history").get_data(as_text=True)
    assert re.search(r'href="/history" aria-current="page"', html)


def test_a_waiting_job_refreshes_itself_without_javascript(logged_in):
    job_url = logged_in.upload(photos.jpeg()).headers["Location"]
    html = logged_in.get(job_url).get_data(as_text=True)
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in html
    assert "data-job-status-url" in html and "Waiting for a painter" in html
    status = logged_in.get(job_url + "/status").get_json()
    assert status["status"] == "queued" and status["message"] == "Waiting for a painter…"


def test_a_failed_job_says_why_and_that_the_credit_came_back(logged_in, user):
    from app.services import runner

    logged_in.upload(photos.jpeg())
    from app.records import Job

    job = one(Job)
    runner.fail(job, "The photo could not be read.")
    html = logged_in.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "The photo could not be read." in html
    assert "credit it used has been returned" in html and "3 credits" in html
    assert 'http-equiv="refresh"' not in html

"""Helpers for the browser tests: axe-core checks, screenshots, page weight, fresh
contexts at a desktop and a phone width, and signing up the way a person does."""
from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from app import create_app
from app.extensions import db
from app.records import Job
from tests.app import photos
from tests.app.conftest import PASSWORD
from tests.app.live import LiveServer

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "tests" / "screenshots"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VIEWPORTS = {"desktop": {"viewport": {"width": 1280, "height": 860}},
             "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}}
PAGE_BUDGET = 200 * 1024  # bytes of HTML, CSS and JS, images aside


def shot(page, name: str) -> None:
    """A full-page screenshot, lazy images loaded first."""
    SHOTS.mkdir(exist_ok=True)
    page.evaluate("window.scrollTo(0, 0)")  # else a sticky header lands mid-page
    page.evaluate("""() => Promise.all([...document.images].map(i => {
        i.loading = 'eager';
        return i.complete ? null : new Promise(ok => { i.onload = i.onerror = ok; });
    }))""")
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def assert_accessible(page, where: str = "") -> None:
    """axe-core on the page as it is now: no serious or critical violation.

    The site's CSP refuses inline scripts, so page.add_script_tag (an inline tag)
    is refused too; new_context() below gives every page axe as an init script
    instead, which leaves the CSP in force for the site's own scripts."""
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3], v["help"])
           for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, f"{where or page.url}: " + json.dumps(bad, indent=1)
    duplicates = page.evaluate("""() => { const seen = {};
        document.querySelectorAll('[id]').forEach(e => { seen[e.id] = (seen[e.id] || 0) + 1; });
        return Object.keys(seen).filter(id => seen[id] > 1); }""")
    assert not duplicates, f"{where or page.url}: ids used twice: {duplicates}"
    # Reflow (WCAG 1.4.10): nothing wider than the window, at a phone's width too.
    wide = page.evaluate("""() => document.documentElement.scrollWidth <= window.innerWidth ? [] :
        [...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5)
        .map(e => e.tagName.toLowerCase() + (e.className ? '.' + e.className : '')).slice(0, 5)""")
    assert not wide, f"{where or page.url}: wider than the window: {wide}"


class Weigher:
    """Bytes of the HTML, CSS and JS a page loads (images aside), from the wire."""

    def __init__(self, page):
        self.sizes: dict[str, int] = {}
        page.on("response", self._seen)

    def _seen(self, response):
        if response.request.resource_type in ("document", "stylesheet", "script"):
            try:
                self.sizes[response.url] = len(response.body())
            except Exception:  # a redirect has no body
                pass

    def total(self) -> int:
        return sum(self.sizes.values())


def new_context(browser, width: str = "desktop", **options):
    """A fresh context (no cookies) at a width, with axe-core loaded in every page
    and a record of Content Security Policy refusals (there must be none)."""
    if not AXE.is_file():
        pytest.fail("axe-core is missing: `make test` runs `npm ci` first (or run it yourself)")
    context = browser.new_context(**VIEWPORTS[width], accept_downloads=True, **options)
    context.add_init_script(path=str(AXE))
    context.csp_errors = []
    context.on("console", lambda m: context.csp_errors.append(m.text)
               if "Content Security Policy" in m.text else None)
    context.set_default_timeout(15_000)
    return context


def sign_up(page, base: str, email: str) -> None:
    page.goto(base + "/signup")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url("**/create")


def focused(page, selector: str) -> bool:
    """Whether `selector` holds the focus, waiting up to 5 s: the browser runs `autofocus`
    at its next rendering step after the page loads, not at once (a busy CI machine shows it)."""
    try:
        page.wait_for_function("sel => document.activeElement === document.querySelector(sel)",
                               arg=selector, timeout=5000)
    except PlaywrightTimeout:
        return False
    return True


def focus_ring(page) -> str:
    """The focused element's outline, as computed ('none' if it has none)."""
    return page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
        return s.outlineStyle === 'none' || s.outlineWidth === '0px' ? 'none' : s.outlineStyle; }""")


@pytest.fixture(params=list(VIEWPORTS))
def page(request, chromium, app):
    """A fresh browser context (no cookies) at each width; `app` empties the tables after."""
    context = new_context(chromium, request.param)
    page = context.new_page()
    page.width_name = request.param
    yield page
    context.close()
    assert context.csp_errors == []


def last_job(site, email: str) -> Job:
    """The newest job of a user of the live site, read fresh from the database."""
    from app.services import accounts

    with site.app.app_context():
        user = accounts.find_by_email(email)
        db.session.expire_all()
        return db.session.scalars(db.select(Job).where(Job.user_id == user.id)
                                  .order_by(Job.created_at.desc())).first()


# The public-pages site: one live server for a whole module (the customer pages share it).

@pytest.fixture(scope="module")
def site(_migrated_app, app_settings, tmp_path_factory):
    live_app = create_app({**app_settings, "BROKER_DIR": str(tmp_path_factory.mktemp("pages-broker"))})
    with LiveServer(live_app) as server:
        server.app = live_app
        yield server


def paint_done_jobs(site, email: str, n: int, style: str = "wave") -> list[str]:
    """n finished jobs for the user, painted in this process by a stand-in engine."""
    from app.services import accounts, jobs, runner
    from tests.fakes import MirrorEngine

    ids = []
    with site.app.app_context():
        user = accounts.find_by_email(email)
        for i in range(n):
            job = jobs.submit(user.id, photos.textured_jpeg(960, 640, seed=i), style)
            ids.append(job.id)
            runner.run_job(job.id, MirrorEngine())
    return ids


def paint_in_a_thread(site, monkeypatch, task: str, render) -> None:
    """Messages for `task` are run by `render(id)` in a thread of this process, as a
    worker would run them; every other task goes to the broker as usual."""
    from app import queue

    real_send = queue.send

    def send(name, *args, **options):
        if name != task:
            return real_send(name, *args, **options)

        def run():
            with site.app.app_context():
                render(*args)
        threading.Thread(target=run, daemon=True).start()
        return True
    monkeypatch.setattr(queue, "send", send)


@pytest.fixture
def painter(site, engine, monkeypatch):
    """Preview sets are painted in a thread of this process, as a worker would."""
    from app.queue import PREVIEWS_TASK
    from app.services import previews

    paint_in_a_thread(site, monkeypatch, PREVIEWS_TASK, lambda set_id: previews.render(set_id, engine))

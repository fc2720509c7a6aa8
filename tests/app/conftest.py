"""Fixtures for the product's tests: an app on a fresh database (built by the
real migrations), a browser-like client, users, and real Celery workers."""
from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from app import create_app
from app.extensions import db, limiter
from tests.app.databases import fresh_database

PASSWORD = "correct horse battery"


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    with fresh_database(tmp_path_factory) as url:
        yield url


@pytest.fixture(scope="session")
def broker_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("broker")


@pytest.fixture(scope="session")
def app_settings(database_url, broker_dir):
    return {"APP_ENV": "testing", "TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url,
            "CELERY_BROKER_URL": "filesystem://", "BROKER_DIR": str(broker_dir),
            "RATELIMIT_ENABLED": False, "SERVER_NAME": None,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # scrypt's 90 ms a sign-up, saved
            "PUBLIC_URL": "http://localhost"}  # the test client's host: emailed links open in it


@pytest.fixture(scope="session")
def _migrated_app(app_settings):
    from flask_migrate import upgrade

    app = create_app(app_settings)
    with app.app_context():
        upgrade()  # the real migrations build the schema, not create_all
    return app


@pytest.fixture(scope="session")
def engine(_migrated_app):
    """The real style engine with the pretrained checkpoints, loaded once a session."""
    from models.engine import get_engine

    return get_engine(_migrated_app.config["PRETRAINED_DIR"])


def pytest_collection_modifyitems(items):
    # Markers the PostgreSQL pass selects by (see the Makefile): a test that asks for
    # `engine` itself paints in this process with the real engine (`paints`, unless it is
    # marked `dialect`: what it checks is rows); one that never asks for the test
    # database, directly or through a fixture, cannot depend on its dialect (`no_database`).
    for item in items:
        fixtures = getattr(item, "_fixtureinfo", None)
        if fixtures is None:
            continue
        if "engine" in fixtures.argnames and not item.get_closest_marker("dialect"):
            item.add_marker(pytest.mark.paints)
        if "database_url" not in fixtures.names_closure:
            item.add_marker(pytest.mark.no_database)


@pytest.fixture
def app(_migrated_app):
    # The limiter is one object shared by every app a test builds; an app made
    # with limits on switches them on for all, so each test starts from off.
    limiter.enabled = False
    if getattr(limiter, "_storage", None) is not None:
        limiter.reset()
    with _migrated_app.app_context():
        yield _migrated_app
        db.session.rollback()
        db.session.remove()
        with db.engine.begin() as conn:  # every test starts from empty tables
            for table in reversed(db.metadata.sorted_tables):
                conn.execute(table.delete())


class Browser:
    """A test client that fills in the real forms, CSRF token included.

    Each request runs in its own app context, as in production: otherwise the
    test's context (and flask-login's user cached in `g`) would leak between
    requests and between people."""

    def __init__(self, client):
        self.client = _FreshContextClient(client)

    def get(self, url, **kw):
        return self.client.get(url, **kw)

    def csrf_token(self, page_url: str) -> str:
        html = self.client.get(page_url).get_data(as_text=True)
        match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html)
        assert match, f"no CSRF token on {page_url}"
        return match.group(1)

    def submit(self, page_url: str, data: dict, action: str | None = None, **kw):
        """Post the form on `page_url`, sending its address as a browser's Referer does
        (a refused form returns there with the message)."""
        data = {"csrf_token": self.csrf_token(page_url), **data}
        headers = {"Referer": f"http://localhost{page_url}", **kw.pop("headers", {})}
        return self.client.post(action or page_url, data=data, headers=headers, **kw)

    def signup(self, email: str, password: str = PASSWORD):
        return self.submit("/signup", {"email": email, "password": password, "confirm": password})

    def login(self, email: str, password: str = PASSWORD):
        return self.submit("/login", {"email": email, "password": password})

    def upload(self, photo: bytes, style: str = "the_scream", filename: str = "photo.jpg"):
        import io

        return self.submit("/create", {"photo": (io.BytesIO(photo), filename), "style": style},
                           content_type="multipart/form-data")


class _FreshContextClient:
    def __init__(self, client):
        self._client = client

    def __getattr__(self, name):
        attr = getattr(self._client, name)
        if name not in ("get", "post", "delete", "put", "patch", "open"):
            return attr

        def call(*args, **kwargs):
            with self._client.application.app_context():
                return attr(*args, **kwargs)
        return call


@pytest.fixture(scope="session")
def chromium():
    """One headless Chromium (Debian's) for every browser test of the session."""
    playwright = pytest.importorskip("playwright.sync_api")
    from tests.app.live import launch

    with playwright.sync_playwright() as p:
        browser = launch(p)
        yield browser
        browser.close()


@pytest.fixture
def desktop_page(chromium, app):
    """A fresh desktop-sized page (no cookies); no Content Security Policy refusals allowed."""
    from tests.app.browser import new_context

    context = new_context(chromium, "desktop")
    yield context.new_page()
    context.close()
    assert context.csp_errors == []


@pytest.fixture
def browser(app):
    return Browser(app.test_client())


@pytest.fixture
def user(app):
    from app.services import accounts

    return accounts.create_user("ada@example.com", PASSWORD)


@pytest.fixture
def logged_in(browser, user):
    browser.login(user.email)
    return browser


@pytest.fixture
def other_browser(app):
    """A second person, with their own account and session."""
    from app.services import accounts

    accounts.create_user("grace@example.com", PASSWORD)
    other = Browser(app.test_client())
    other.login("grace@example.com")
    return other


def count(model, *where) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def one(model, *where):
    db.session.expire_all()
    return db.session.scalars(sa.select(model).where(*where)).one()


class ApiClient:
    """An outside program calling the JSON API, with its bearer token if it has one.
    Each request runs in its own app context, like the Browser's."""

    def __init__(self, app, token: str | None = None, user_id: str | None = None):
        self.client = _FreshContextClient(app.test_client())
        self.token, self.user_id = token, user_id

    def open(self, method: str, url: str, **kw):
        headers = dict(kw.pop("headers", None) or {})
        if self.token:
            headers.setdefault("Authorization", f"Bearer {self.token}")
        return self.client.open(url, method=method, headers=headers, **kw)

    def get(self, url, **kw):
        return self.open("GET", url, **kw)

    def post(self, url, **kw):
        return self.open("POST", url, **kw)

    def delete(self, url, **kw):
        return self.open("DELETE", url, **kw)


@pytest.fixture
def api_client(app):
    """api_client(email) -> an ApiClient with a new token of that user (made if new);
    api_client(None) -> one without a token."""
    from app.services import accounts, tokens

    def make(email: str | None = "ada@example.com") -> ApiClient:
        if email is None:
            return ApiClient(app)
        user = accounts.find_by_email(email) or accounts.create_user(email, PASSWORD)
        _, secret = tokens.issue(user.id, "tests")
        return ApiClient(app, secret, user.id)

    return make

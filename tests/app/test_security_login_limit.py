"""One per-account limit on proving a password, however it is proved; a locked
account opens again after the window, and the 429 says when (issue 16, item 4)."""
import time

import pytest

from app import create_app
from app.services import accounts
from tests.app.conftest import PASSWORD, ApiClient, Browser

TARGET = "target@example.com"


@pytest.fixture
def site(app_settings, app):
    site = create_app({**app_settings, "RATELIMIT_ENABLED": True, "LOGIN_RATELIMIT": "100/minute",
                       "LOGIN_ACCOUNT_RATELIMIT": "3/minute", "API_RATELIMIT_TOKENS": "100/minute"})
    with site.app_context():
        accounts.create_user(TARGET, PASSWORD)
        yield site


def web_login(site, password, address):
    browser = Browser(site.test_client())
    token = browser.csrf_token("/login")
    return browser.client.post("/login", data={"csrf_token": token, "email": TARGET, "password": password},
                               environ_base={"REMOTE_ADDR": address})


def api_login(site, password, address):
    return ApiClient(site).post("/api/v1/tokens", json={"email": TARGET, "password": password},
                                environ_base={"REMOTE_ADDR": address})


def test_an_account_locked_on_the_site_is_locked_for_the_api_too(site):
    assert [web_login(site, "guess", f"10.0.1.{n}").status_code for n in range(3)] == [422] * 3
    response = api_login(site, PASSWORD, "10.0.2.1")
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "Try again in" in response.get_json()["error"]["message"]


def test_an_account_locked_through_the_api_is_locked_on_the_site_too(site):
    assert [api_login(site, "guess", f"10.0.3.{n}").status_code for n in range(3)] == [401] * 3
    response = web_login(site, PASSWORD, "10.0.4.1")
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "Try again in" in response.get_data(as_text=True)


def test_a_locked_account_cannot_check_its_password_on_the_account_page_either(site):
    owner = Browser(site.test_client())
    owner.login(TARGET)
    for n in range(2):
        web_login(site, "guess", f"10.0.5.{n}")
    response = owner.submit("/account", {"current": "a guess", "new": "a brand new password",
                                         "confirm_new": "a brand new password"}, action="/account/password")
    assert response.status_code == 429


def test_a_locked_account_opens_again_when_the_window_ends(app_settings, app):
    site = create_app({**app_settings, "RATELIMIT_ENABLED": True, "LOGIN_RATELIMIT": "100/minute",
                       "LOGIN_ACCOUNT_RATELIMIT": "2/3 seconds"})
    with site.app_context():
        accounts.create_user(TARGET, PASSWORD)
        started = time.monotonic()
        statuses = [web_login(site, "guess", "10.0.6.1").status_code for _ in range(4)]
        assert statuses == [422, 422, 429, 429]
        while time.monotonic() - started < 3.5:
            time.sleep(0.25)
        assert web_login(site, PASSWORD, "10.0.6.1").status_code == 302

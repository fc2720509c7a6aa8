"""A password change or reset ends every token and every other session; logging
out ends the session on the server, not only in the browser (issue 16, item 5)."""
from app.services import tokens as token_service
from app.extensions import db
from app.services import password_reset
from tests.app.conftest import PASSWORD, ApiClient, Browser

NEW = "a brand new password"


def me(app, secret):
    return ApiClient(app, secret).get("/api/v1/me").status_code


def change_password(browser):
    return browser.submit("/account", {"current": PASSWORD, "new": NEW, "confirm_new": NEW},
                          action="/account/password")


def copy_of(browser, app) -> Browser:
    """A second browser holding a copy of the first one's session cookie."""
    thief = Browser(app.test_client())
    cookie = browser.client.get_cookie("session")
    thief.client.set_cookie("session", cookie.value)
    return thief


def test_a_password_change_revokes_every_api_token(app, user, logged_in):
    _, secret = token_service.issue(user.id, "before")
    assert me(app, secret) == 200
    assert change_password(logged_in).status_code == 303
    assert me(app, secret) == 401


def test_a_password_reset_revokes_every_api_token(app, user):
    _, secret = token_service.issue(user.id, "before")
    token = password_reset.make_token(user)
    password_reset.reset(token, NEW)
    db.session.expire_all()
    assert me(app, secret) == 401


def test_a_session_cookie_copied_before_logout_no_longer_works(app, user, logged_in):
    thief = copy_of(logged_in, app)
    assert thief.get("/account").status_code == 200
    logged_in.submit("/account", {}, action="/logout")
    response = thief.get("/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_current_session_survives_its_own_password_change_and_a_copy_does_not(app, user, logged_in):
    elsewhere = Browser(app.test_client())
    elsewhere.login(user.email)
    assert change_password(logged_in).status_code == 303
    assert logged_in.get("/account").status_code == 200
    assert elsewhere.get("/account").status_code == 302


def test_logging_out_elsewhere_leaves_this_session_alone(app, user, logged_in):
    elsewhere = Browser(app.test_client())
    elsewhere.login(user.email)
    elsewhere.submit("/account", {}, action="/logout")
    assert logged_in.get("/account").status_code == 200

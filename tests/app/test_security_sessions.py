"""Sessions and passwords: fresh sessions, logging out everywhere, reset links."""
import email
import email.policy
import re
from pathlib import Path

import pytest

from app import create_app
from app.extensions import db
from app.queue import RESET_MAIL_TASK
from app.services import accounts
from tests.app.conftest import PASSWORD, Browser
from tests.app.queued import discard, run_queued


@pytest.fixture
def outbox(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(tmp_path / "outbox"))
    discard(app, RESET_MAIL_TASK)
    yield Path(app.config["MAIL_OUTBOX"])


def reset_link(outbox: Path) -> str:
    """The link in the reset email, once the workers' mail task has run."""
    from flask import current_app

    run_queued(current_app, RESET_MAIL_TASK)
    messages = sorted(outbox.glob("*.eml"))
    assert messages, "no email was sent"
    body = email.message_from_bytes(messages[-1].read_bytes(), policy=email.policy.default)
    return re.search(r"http://localhost(/reset/\S+)", body.get_content()).group(1)


def test_session_cookies_are_httponly_and_samesite(browser, user):
    response = browser.login(user.email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_logging_in_starts_a_fresh_session(browser, user):
    browser.get("/login")
    with browser.client.session_transaction() as session:
        session["planted"] = "by an attacker"
    browser.login(user.email)
    with browser.client.session_transaction() as session:
        assert "planted" not in session and "_user_id" in session


def test_a_log_in_ends_after_login_session_days_and_its_row_is_purged(app, user):
    from datetime import timedelta

    import sqlalchemy as sa

    from app.records import LoginSession
    from app.records.common import utcnow

    old, fresh = Browser(app.test_client()), Browser(app.test_client())
    old.login(user.email)
    fresh.login(user.email)
    first = db.session.scalars(sa.select(LoginSession).order_by(LoginSession.created_at)).first()
    days = app.config["LOGIN_SESSION_DAYS"]
    first.created_at = utcnow() - timedelta(days=days, minutes=1)  # its cookie, a month on
    db.session.commit()
    assert old.get("/account").status_code == 302  # sent to log in again
    assert fresh.get("/account").status_code == 200
    assert accounts.purge_ended_sessions() == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(LoginSession)) == 1


def test_a_password_change_logs_out_every_other_session(app, user):
    here, elsewhere = Browser(app.test_client()), Browser(app.test_client())
    here.login(user.email)
    elsewhere.login(user.email)
    here.submit("/account", {"current": PASSWORD, "new": "a brand new password",
                             "confirm_new": "a brand new password"}, action="/account/password")
    assert here.get("/account").status_code == 200
    assert elsewhere.get("/account").status_code == 302


def test_a_reset_link_is_emailed_works_once_and_logs_out_everywhere(app, user, outbox):
    elsewhere = Browser(app.test_client())
    elsewhere.login(user.email)
    visitor = Browser(app.test_client())
    visitor.submit("/reset", {"email": "ADA@example.com"})
    link = reset_link(outbox)
    response = visitor.submit(link, {"password": "my new long password", "confirm": "my new long password"})
    assert response.status_code == 303
    db.session.expire_all()
    assert accounts.authenticate(user.email, "my new long password") is not None
    assert elsewhere.get("/account").status_code == 302  # logged out everywhere
    assert visitor.get(link).status_code == 400  # single use


def test_the_reset_answer_is_the_same_whether_or_not_the_email_exists(app, user, outbox):
    def answer(email):
        response = Browser(app.test_client()).submit("/reset", {"email": email}, follow_redirects=True)
        return response.status_code, re.sub(r'name="csrf_token"[^>]*', "", response.get_data(as_text=True))

    assert answer(user.email) == answer("nobody@example.com")
    run_queued(app, RESET_MAIL_TASK)
    assert len(list(outbox.glob("*.eml"))) == 1


def test_an_expired_or_forged_reset_link_is_refused(app, user, outbox):
    Browser(app.test_client()).submit("/reset", {"email": user.email})
    link = reset_link(outbox)
    app.config["RESET_TOKEN_MAX_AGE"] = -1
    try:
        assert Browser(app.test_client()).get(link).status_code == 400
    finally:
        app.config["RESET_TOKEN_MAX_AGE"] = 3600
    assert Browser(app.test_client()).get("/reset/forged.token.here").status_code == 400


def test_login_is_rate_limited_per_account_from_any_address(app_settings, database_url):
    site = create_app({**app_settings, "RATELIMIT_ENABLED": True,
                       "LOGIN_ACCOUNT_RATELIMIT": "3/minute", "LOGIN_RATELIMIT": "100/minute"})
    with site.app_context():
        accounts.create_user("target@example.com", PASSWORD)
        statuses = []
        for n in range(5):
            browser = Browser(site.test_client())
            token = browser.csrf_token("/login")
            statuses.append(browser.client.post(
                "/login", data={"csrf_token": token, "email": "target@example.com", "password": "guess"},
                environ_base={"REMOTE_ADDR": f"10.0.0.{n}"}).status_code)
    assert statuses[:3] == [422, 422, 422] and statuses[3:] == [429, 429]

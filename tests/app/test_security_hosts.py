"""Links in emails come from PUBLIC_URL, never from the request's Host header;
production answers only for the hosts it serves (issue 16, item 1)."""
import email
import email.policy
from pathlib import Path

import pytest

from app import config, create_app
from app.queue import RESET_MAIL_TASK
from tests.app.queued import discard, run_queued

PRODUCTION = {"APP_ENV": "production", "SECRET_KEY": "x" * 48, "DATABASE_URL": "postgresql://h/d",
              "PUBLIC_URL": "https://art.example.com", "RATELIMIT_STORAGE_URI": "redis://r:6379/1",
              "PAYMENTS_ENABLED": "false"}


@pytest.fixture
def outbox(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(tmp_path / "outbox"))
    discard(app, RESET_MAIL_TASK)
    return Path(app.config["MAIL_OUTBOX"])


def mailed_text(outbox: Path) -> str:
    messages = sorted(outbox.glob("*.eml"))
    assert len(messages) == 1, "one email was expected"
    return email.message_from_bytes(messages[0].read_bytes(), policy=email.policy.default).get_content()


def test_a_reset_asked_for_with_a_forged_host_mails_a_link_to_the_real_site(app, user, outbox,
                                                                              monkeypatch):
    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://art.example.com")
    client = app.test_client()
    page = client.get("/reset", base_url="http://evil.example").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    response = client.post("/reset", data={"csrf_token": token, "email": user.email},
                           base_url="http://evil.example")
    assert response.status_code == 303
    run_queued(app, RESET_MAIL_TASK)
    text = mailed_text(outbox)
    assert "https://art.example.com/reset/" in text
    assert "evil.example" not in text


def test_production_refuses_a_request_for_a_host_it_does_not_serve(app_settings):
    settings = config.load(PRODUCTION)
    assert settings["TRUSTED_HOSTS"] == ["art.example.com"]
    site = create_app({**settings, **app_settings, "APP_ENV": "production",
                       "TRUSTED_HOSTS": settings["TRUSTED_HOSTS"], "RATELIMIT_STORAGE_URI": "memory://"})
    client = site.test_client()
    assert client.get("/login", base_url="https://evil.example").status_code == 400
    assert client.get("/login", base_url="https://art.example.com").status_code == 200


def test_production_needs_its_public_url():
    env = {**PRODUCTION}
    del env["PUBLIC_URL"]
    with pytest.raises(config.ConfigError, match="PUBLIC_URL"):
        config.load(env)

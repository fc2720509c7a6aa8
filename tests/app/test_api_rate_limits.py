"""Rate limits leave room for real clients and answer 429 with Retry-After and the JSON body.

The suite runs with limits off; these tests build their own app with them on
(in memory, or in Redis), and switch the shared limiter back off when they end."""
import io

import pytest

from app import create_app
from app.services import tokens as token_service
from app.extensions import db, limiter
from app.records import User
from app.services import accounts, credits
from tests.app import photos
from tests.app.conftest import PASSWORD, ApiClient, Browser

REDIS_STORAGE = "redis://127.0.0.1:6379/8"


@pytest.fixture
def limits_on(app, app_settings):
    """limits_on(storage) -> an app of its own with rate limits on."""
    def make(storage: str = "memory://"):
        limited = create_app({**app_settings, "RATELIMIT_ENABLED": True,
                              "RATELIMIT_STORAGE_URI": storage})
        limiter.reset()
        return limited

    yield make
    limiter.reset()
    limiter.init_app(app)  # its settings say RATELIMIT_ENABLED=False: off again


@pytest.fixture
def limited_app(limits_on):
    return limits_on()


@pytest.fixture
def ada_token(app, user) -> str:
    return token_service.issue(user.id, "tests")[1]


def submit(client):
    return client.post("/api/v1/jobs", content_type="multipart/form-data", data={
        "style": "wave", "photo": (io.BytesIO(photos.jpeg(16, 16)), "photo.jpg")})


def assert_json_429(response):
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) >= 0
    assert response.get_json()["error"]["code"] == "rate_limited"


def test_token_requests_are_limited_per_address(limited_app, user):
    client = ApiClient(limited_app)
    wrong = {"email": user.email, "password": "guessing"}
    answers = [client.post("/api/v1/tokens", json=wrong).status_code for _ in range(10)]
    assert answers == [401] * 10
    assert_json_429(client.post("/api/v1/tokens", json={"email": user.email,
                                                        "password": PASSWORD}))
    # Another address, another account (this one is locked by its own per-account limit).
    elsewhere = client.post("/api/v1/tokens", json={**wrong, "email": "someone@example.com"},
                            environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert elsewhere.status_code == 401


def test_sixty_job_submissions_a_minute_are_fine_and_more_are_limited(limited_app, user,
                                                                      ada_token, monkeypatch):
    monkeypatch.setitem(limited_app.config, "API_RATELIMIT_JOBS", "60/minute")
    credits.grant(db.session.get(User, user.id), 100, "tests")
    client = ApiClient(limited_app, ada_token)
    assert [submit(client).status_code for _ in range(60)] == [202] * 60
    assert_json_429(submit(client))
    assert client.get("/api/v1/me").status_code == 200  # polling is limited apart


def test_the_default_job_limit_allows_at_least_sixty_a_minute(app):
    from limits import parse

    limit = parse(app.config["API_RATELIMIT_JOBS"])
    assert limit.amount * 60 / limit.get_expiry() >= 60


def test_job_limits_are_per_user_not_per_address(limited_app, user, ada_token, monkeypatch):
    monkeypatch.setitem(limited_app.config, "API_RATELIMIT_JOBS", "2/minute")
    grace = accounts.create_user("grace@example.com", PASSWORD)
    ada_client = ApiClient(limited_app, ada_token)
    grace_client = ApiClient(limited_app, token_service.issue(grace.id, "tests")[1])
    assert [submit(ada_client).status_code for _ in range(3)] == [202, 202, 429]
    assert submit(grace_client).status_code == 202


def test_polling_several_times_a_second_stays_fine(limited_app, user, ada_token):
    client = ApiClient(limited_app, ada_token)
    job = submit(client).get_json()
    answers = [client.get(job["links"]["self"]).status_code for _ in range(15)]
    assert answers == [200] * 15


def test_logging_in_on_the_site_is_limited_per_address(limited_app, user, monkeypatch):
    monkeypatch.setitem(limited_app.config, "LOGIN_ACCOUNT_RATELIMIT", "1000/minute")
    browser = Browser(limited_app.test_client())
    answers = [browser.login(user.email, "guessing").status_code for _ in range(21)]
    assert answers[:20] == [422] * 20 and answers[20] == 429


def test_calls_beyond_the_per_user_request_limit_are_a_429(limited_app, user, ada_token,
                                                           monkeypatch):
    monkeypatch.setitem(limited_app.config, "API_RATELIMIT", "3/minute")
    client = ApiClient(limited_app, ada_token)
    answers = [client.get(url).status_code for url in ("/api/v1/me", "/api/v1/jobs") * 2]
    assert answers == [200, 200, 200, 429]
    assert_json_429(client.get("/api/v1/me"))


def redis_or_skip():
    import redis

    try:
        redis.Redis.from_url(REDIS_STORAGE, socket_connect_timeout=2).ping()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"Redis is not reachable at {REDIS_STORAGE}: {exc}")


def test_limits_are_counted_in_redis_when_the_setting_says_so(limits_on, user):
    import redis

    redis_or_skip()
    client = ApiClient(limits_on(REDIS_STORAGE))
    wrong = {"email": user.email, "password": "guessing"}
    answers = [client.post("/api/v1/tokens", json=wrong).status_code for _ in range(11)]
    assert answers[-2:] == [401, 429]
    assert redis.Redis.from_url(REDIS_STORAGE).keys("LIMITS:*")

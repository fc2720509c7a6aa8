"""Whether an email has an account cannot be learnt from sign-up or reset
timings, nor from the reset's answer; reset mail leaves from the workers'
queue, not inside the request (issue 16, item 8)."""
import re
import statistics
import time
from pathlib import Path

import pytest

from app.queue import RESET_MAIL_TASK
from tests.app.conftest import PASSWORD, Browser
from tests.app.queued import discard, queued, run_queued

TRIES = 9


@pytest.fixture
def outbox(app, tmp_path, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_OUTBOX", str(tmp_path / "outbox"))
    discard(app, RESET_MAIL_TASK)
    return Path(app.config["MAIL_OUTBOX"])


def timed_post(app, url, fields) -> float:
    """Seconds the server took for one form post (the CSRF page fetched before the clock starts)."""
    browser = Browser(app.test_client())
    data = {"csrf_token": browser.csrf_token(url), **fields}
    started = time.perf_counter()
    browser.client.post(url, data=data)
    return time.perf_counter() - started


def ratio(a: float, b: float) -> float:
    return max(a, b) / min(a, b)


def test_signing_up_with_a_taken_email_takes_as_long_as_with_a_new_one(app, user, monkeypatch):
    monkeypatch.setitem(app.config, "PASSWORD_HASH_METHOD", "scrypt")  # the real site's cost
    taken, new = [], []
    for n in range(TRIES):  # interleaved, so a burst of load hits both alike
        taken.append(timed_post(app, "/signup", {"email": user.email, "password": PASSWORD,
                                                 "confirm": PASSWORD}))
        new.append(timed_post(app, "/signup", {"email": f"new{n}@example.com", "password": PASSWORD,
                                               "confirm": PASSWORD}))
    print(f"sign-up medians: taken {statistics.median(taken) * 1000:.0f} ms, new "
          f"{statistics.median(new) * 1000:.0f} ms; fastest: taken {min(taken) * 1000:.0f} ms, "
          f"new {min(new) * 1000:.0f} ms")
    # Medians of interleaved tries: the password hash (~100 ms idle) dominates both paths.
    assert ratio(statistics.median(taken), statistics.median(new)) < 1.5


def test_a_reset_request_only_queues_the_email_and_answers_alike(app, user, outbox):
    def answer(email):
        response = Browser(app.test_client()).submit("/reset", {"email": email}, follow_redirects=True)
        return response.status_code, re.sub(r'name="csrf_token"[^>]*', "", response.get_data(as_text=True))

    assert answer(user.email) == answer("nobody@example.com")
    assert list(outbox.glob("*.eml")) == []  # nothing was sent inside the requests
    assert sorted(args[0] for args in queued(app, RESET_MAIL_TASK)) == ["ada@example.com",
                                                                        "nobody@example.com"]
    assert run_queued(app, RESET_MAIL_TASK) == 2
    assert len(list(outbox.glob("*.eml"))) == 1  # the worker mails the account only


def test_a_reset_request_takes_as_long_for_a_known_email_as_for_an_unknown_one(app, user, outbox):
    known, unknown = [], []
    for _ in range(3 * TRIES):
        known.append(timed_post(app, "/reset", {"email": user.email}))
        unknown.append(timed_post(app, "/reset", {"email": "nobody@example.com"}))
    # A few milliseconds each: the fastest of many tries is what load disturbs least.
    print(f"reset fastest: known {min(known) * 1000:.1f} ms, unknown {min(unknown) * 1000:.1f} ms")
    assert ratio(min(known), min(unknown)) < 1.5

"""The demo checkout (development without Stripe keys), and the ways a person
might try to credit themselves."""
from __future__ import annotations

import re

import pytest

from app.extensions import db
from app.records import CreditEntry, EntryKind, Payment, StripeEvent
from app.services import credits
from tests.app.conftest import count, one

DEMO_LABEL = "Demo checkout — no real payment is taken"


@pytest.fixture
def stripe_keys(app, monkeypatch):
    monkeypatch.setitem(app.config, "STRIPE_SECRET_KEY", "sk_test_only")
    monkeypatch.setitem(app.config, "STRIPE_WEBHOOK_SECRET", "whsec_test_only")
    monkeypatch.setitem(app.config, "STRIPE_API_BASE", "http://127.0.0.1:9")  # nothing listens


def buy(browser, pack="medium"):
    """Press Buy on the account page; returns the demo checkout's path."""
    response = browser.submit("/account", {"pack": pack}, action="/checkout")
    assert response.status_code == 303
    return response.headers["Location"].split("localhost", 1)[-1]


def balance(user) -> int:
    db.session.expire_all()
    return credits.balance(user.id)


def test_the_demo_checkout_credits_the_account_through_the_fulfilment_code(logged_in, user):
    account = logged_in.get("/account").get_data(as_text=True)
    assert "Demo mode" in account
    checkout = buy(logged_in)
    assert checkout.startswith("/checkout/demo/")
    assert DEMO_LABEL in logged_in.get(checkout).get_data(as_text=True)
    assert balance(user) == 3  # opening the demo page credits nothing

    response = logged_in.submit(checkout, {}, follow_redirects=True)
    assert response.request.path == "/checkout/success"
    assert "Payment received" in response.get_data(as_text=True)
    assert balance(user) == 33
    # The same path as a Stripe event: an applied-event row and a purchase entry for the payment.
    payment = one(Payment, Payment.user_id == user.id)
    event = one(StripeEvent, StripeEvent.object_id == payment.checkout_session_id)
    assert event.type == "checkout.session.completed" and event.outcome == "credited 30"
    entry = one(CreditEntry, CreditEntry.payment_id == payment.id)
    assert (entry.kind, entry.delta) == (EntryKind.PURCHASE.value, 30)
    history = logged_in.get("/account").get_data(as_text=True)
    assert re.search(r"\$12\.00</td>\s*<td class=\"num\">30</td>", history)


def test_paying_a_demo_checkout_twice_credits_once(logged_in, user):
    checkout = buy(logged_in, "small")
    logged_in.submit(checkout, {})
    logged_in.client.post(checkout, data={"csrf_token": logged_in.csrf_token("/account")})
    assert balance(user) == 13


def test_the_demo_is_absent_when_stripe_keys_are_set(app, logged_in, user, monkeypatch):
    checkout = buy(logged_in)  # a demo payment from before the keys were set
    monkeypatch.setitem(app.config, "STRIPE_SECRET_KEY", "sk_test_only")
    monkeypatch.setitem(app.config, "STRIPE_WEBHOOK_SECRET", "whsec_test_only")
    account = logged_in.get("/account").get_data(as_text=True)
    assert "Demo" not in account and 'value="medium"' in account
    assert logged_in.get(checkout).status_code == 404
    token = logged_in.csrf_token("/account")
    assert logged_in.client.post(checkout, data={"csrf_token": token}).status_code == 404
    assert balance(user) == 3


def test_the_demo_is_never_offered_in_production(app, logged_in, user, monkeypatch):
    monkeypatch.setitem(app.config, "APP_ENV", "production")
    account = logged_in.get("/account").get_data(as_text=True)
    assert "Buy" not in account and "Demo" not in account
    token = logged_in.csrf_token("/account")
    response = logged_in.client.post("/checkout", data={"csrf_token": token, "pack": "small"})
    assert response.status_code == 404
    assert count(Payment) == 0


def test_coming_back_to_the_success_page_credits_nothing(stripe_keys, logged_in, user):
    payment = Payment(user_id=user.id, pack="large", credits=100, amount=3000, currency="usd",
                      checkout_session_id="cs_test_mine")
    db.session.add(payment)
    db.session.commit()
    for _ in range(3):
        page = logged_in.get("/checkout/success?session_id=cs_test_mine").get_data(as_text=True)
    assert "being confirmed" in page
    token = logged_in.csrf_token("/account")
    assert logged_in.client.post("/checkout/success?session_id=cs_test_mine",
                                 data={"csrf_token": token}).status_code == 405
    unsigned = {"id": "evt_1", "type": "checkout.session.completed",
                "data": {"object": {"id": "cs_test_mine", "payment_status": "paid"}}}
    assert logged_in.client.post("/webhooks/stripe", json=unsigned).status_code == 400
    assert balance(user) == 3
    assert one(Payment, Payment.id == payment.id).status == "pending"


def test_another_users_payment_is_not_visible(logged_in, user, other_browser):
    checkout = buy(logged_in)
    session_id = checkout.rsplit("/", 1)[-1]
    assert other_browser.get(checkout).status_code == 404
    token = other_browser.csrf_token("/account")
    assert other_browser.client.post(checkout, data={"csrf_token": token}).status_code == 404
    assert other_browser.get(f"/checkout/success?session_id={session_id}").status_code == 404
    assert other_browser.get(f"/checkout/status?session_id={session_id}").status_code == 404
    logged_in.submit(checkout, {})
    assert "No payments yet." in other_browser.get("/account").get_data(as_text=True)
    assert "No payments yet." not in logged_in.get("/account").get_data(as_text=True)
    assert balance(user) == 33


def test_buying_needs_a_login(browser):
    response = browser.client.post("/checkout", data={"pack": "small"})
    assert response.status_code in (302, 400)  # to the login page, or refused without a token
    assert count(Payment) == 0

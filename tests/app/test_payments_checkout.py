"""Opening a Checkout Session, checked at the HTTP boundary: a tiny Stripe
stand-in on 127.0.0.1, named by STRIPE_API_BASE, records what the app sends."""
from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
import stripe

from app.records import Payment
from app.services import payments
from tests.app.conftest import count, one


class FakeStripe(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[dict] = []
        self.fail_with: int | None = None

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 (http.server's naming)
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
        self.server.requests.append({"path": self.path, "headers": dict(self.headers),
                                     "form": {k: v[0] for k, v in parse_qs(body).items()}})
        if self.server.fail_with:
            self._answer(self.server.fail_with, {"error": {"type": "invalid_request_error",
                                                           "message": "No such thing"}})
            return
        n = len(self.server.requests)
        self._answer(200, {"id": f"cs_test_{n}", "object": "checkout.session",
                           "url": f"https://checkout.stripe.test/c/pay/cs_test_{n}"})

    def _answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_stripe(app, monkeypatch):
    server = FakeStripe()
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setitem(app.config, "STRIPE_SECRET_KEY", "sk_test_only")
    monkeypatch.setitem(app.config, "STRIPE_WEBHOOK_SECRET", "whsec_test_only")
    monkeypatch.setitem(app.config, "STRIPE_API_BASE", server.base)
    yield server
    server.shutdown()
    server.server_close()


def test_buying_a_pack_asks_stripe_for_the_servers_price_for_this_user(fake_stripe, logged_in, user):
    response = logged_in.submit("/account", {"pack": "medium"}, action="/checkout")
    assert response.status_code == 303
    assert response.headers["Location"] == "https://checkout.stripe.test/c/pay/cs_test_1"
    (sent,) = fake_stripe.requests
    form = sent["form"]
    assert sent["path"] == "/v1/checkout/sessions"
    assert sent["headers"]["Authorization"] == "Bearer sk_test_only"
    assert sent["headers"]["Idempotency-Key"]
    assert form["mode"] == "payment"
    assert form["line_items[0][price_data][unit_amount]"] == "1200"
    assert form["line_items[0][price_data][currency]"] == "usd"
    assert form["line_items[0][quantity]"] == "1"
    assert form["client_reference_id"] == user.id
    assert form["metadata[user_id]"] == user.id
    assert form["metadata[pack]"] == "medium"
    assert form["metadata[credits]"] == "30"
    success = urlsplit(form["success_url"])
    assert success.path == "/checkout/success" and success.query == "session_id={CHECKOUT_SESSION_ID}"
    assert urlsplit(form["cancel_url"]).path == "/checkout/cancel"
    payment = one(Payment, Payment.user_id == user.id)
    assert (payment.checkout_session_id, payment.status, payment.credits, payment.amount) == (
        "cs_test_1", "pending", 30, 1200)


def test_a_price_sent_by_the_client_is_ignored(fake_stripe, logged_in):
    logged_in.submit("/account", {"pack": "small", "amount": "1", "unit_amount": "1", "price": "1",
                                  "credits": "1000", "currency": "jpy", "quantity": "50"},
                     action="/checkout")
    form = fake_stripe.requests[0]["form"]
    assert form["line_items[0][price_data][unit_amount]"] == "500"
    assert form["line_items[0][price_data][currency]"] == "usd"
    assert form["line_items[0][quantity]"] == "1"
    assert form["metadata[credits]"] == "10"


def test_an_unknown_pack_is_refused_without_asking_stripe(fake_stripe, logged_in):
    response = logged_in.submit("/account", {"pack": "huge"}, action="/checkout")
    assert response.status_code == 400
    assert fake_stripe.requests == [] and count(Payment) == 0


def test_buying_needs_the_csrf_token(fake_stripe, logged_in):
    response = logged_in.client.post("/checkout", data={"pack": "small"})
    assert response.status_code == 400
    assert fake_stripe.requests == []


def test_a_stripe_refusal_charges_nothing_and_says_so(fake_stripe, logged_in):
    fake_stripe.fail_with = 400
    response = logged_in.submit("/account", {"pack": "small"}, action="/checkout",
                                follow_redirects=True)
    assert response.request.path == "/account"
    assert "nothing was charged" in response.get_data(as_text=True)
    assert count(Payment) == 0


def test_the_service_returns_the_checkout_url_for_other_callers(fake_stripe, user):
    url = payments.create_checkout(user, "large", "https://example.test/ok", "https://example.test/no")
    assert url == "https://checkout.stripe.test/c/pay/cs_test_1"
    form = fake_stripe.requests[0]["form"]
    assert form["success_url"] == "https://example.test/ok"
    assert form["cancel_url"] == "https://example.test/no"
    assert form["line_items[0][price_data][unit_amount]"] == "3000"
    with pytest.raises(payments.UnknownPack):
        payments.create_checkout(user, "nope", "https://example.test/ok", "https://example.test/no")


def test_the_account_page_offers_every_configured_pack_with_its_price(app, logged_in, monkeypatch):
    monkeypatch.setitem(app.config, "CREDIT_PACKS", (("tiny", 2, 199), ("huge", 500, 10000)))
    html = logged_in.get("/account").get_data(as_text=True)
    assert 'name="pack" value="tiny"' in html and "$1.99" in html
    assert 'name="pack" value="huge"' in html and "$100.00" in html
    assert 'value="medium"' not in html
    assert [(p.id, p.credits, p.amount, p.currency) for p in payments.packs()] == [
        ("tiny", 2, 199, "usd"), ("huge", 500, 10000, "usd")]


def test_the_return_page_says_the_payment_is_being_confirmed_then_shows_the_balance(
        fake_stripe, logged_in, user):
    logged_in.submit("/account", {"pack": "small"}, action="/checkout")
    page = logged_in.get("/checkout/success?session_id=cs_test_1").get_data(as_text=True)
    assert "being confirmed" in page
    assert '<noscript><meta http-equiv="refresh"' in page and "js/payments.js" in page
    assert "<script>" not in page  # no inline scripts
    assert logged_in.get("/checkout/status?session_id=cs_test_1").get_json()["status"] == "pending"

    payment = one(Payment, Payment.checkout_session_id == "cs_test_1")
    assert stripe_says_paid(logged_in.client.application, payment).status_code == 200
    page = logged_in.get("/checkout/success?session_id=cs_test_1").get_data(as_text=True)
    assert "Payment received" in page and "being confirmed" not in page
    assert "<strong data-balance>13</strong>" in page
    assert logged_in.get("/checkout/status?session_id=cs_test_1").get_json() == {
        "status": "paid", "credits": 10, "balance": 13}
    history = logged_in.get("/account").get_data(as_text=True)
    assert "$5.00" in history and "Paid" in history


def stripe_says_paid(app, payment):
    """Stripe's checkout.session.completed, signed with the fake's webhook secret."""
    body = json.dumps({"id": "evt_paid", "object": "event", "type": "checkout.session.completed",
                       "data": {"object": {"id": payment.checkout_session_id, "object": "checkout.session",
                                          "payment_status": "paid", "amount_total": payment.amount,
                                          "currency": payment.currency, "payment_intent": "pi_1",
                                          "client_reference_id": payment.user_id, "metadata": {}}}})
    header = stripe.WebhookSignature.generate_signature_header(body, "whsec_test_only")
    return app.test_client().post("/webhooks/stripe", data=body, headers={"Stripe-Signature": header})


def test_the_cancel_page_says_nothing_was_charged(logged_in):
    assert "No payment was taken" in logged_in.get("/checkout/cancel").get_data(as_text=True)

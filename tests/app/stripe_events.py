"""Stripe's events for the webhook tests, signed with Stripe's own signing code, and the
fixtures that switch Stripe on (never reaching the real Stripe)."""
from __future__ import annotations

import json
import time

import pytest
import stripe

from app.extensions import db
from app.records import Payment
from app.records.common import new_id
from app.services import credits
from tests.app.conftest import one

SECRET = "whsec_test_only_secret"


@pytest.fixture
def stripe_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "STRIPE_SECRET_KEY", "sk_test_only")
    monkeypatch.setitem(app.config, "STRIPE_WEBHOOK_SECRET", SECRET)
    monkeypatch.setitem(app.config, "STRIPE_API_BASE", "http://127.0.0.1:9")  # never real Stripe
    return app


@pytest.fixture
def client(stripe_on):
    return stripe_on.test_client()


@pytest.fixture
def payment(user):
    """A pending payment for the medium pack, as create_checkout leaves it."""
    row = Payment(user_id=user.id, pack="medium", credits=30, amount=1200, currency="usd",
                  checkout_session_id=f"cs_test_{new_id()}")
    db.session.add(row)
    db.session.commit()
    return row


def deliver(client, event, secret=SECRET, timestamp=None):
    payload = json.dumps(event) if not isinstance(event, (str, bytes)) else event
    text = payload.decode() if isinstance(payload, bytes) else payload
    header = stripe.WebhookSignature.generate_signature_header(text, secret, timestamp)
    return client.post("/webhooks/stripe", data=payload,
                       headers={"Stripe-Signature": header, "Content-Type": "application/json"})


def session_event(payment, kind="checkout.session.completed", payment_status="paid",
                  intent="pi_test_1", amount=None):
    return {"id": f"evt_{new_id()}", "object": "event", "type": kind, "livemode": False,
            "created": int(time.time()),
            "data": {"object": {
                "id": payment.checkout_session_id, "object": "checkout.session",
                "payment_status": payment_status, "status": "complete",
                "amount_total": payment.amount if amount is None else amount,
                "currency": payment.currency, "client_reference_id": payment.user_id,
                "payment_intent": intent,
                "metadata": {"user_id": payment.user_id, "pack": payment.pack,
                             "credits": str(payment.credits), "payment_id": payment.id}}}}


def refund_event(intent="pi_test_1", refunded=True, amount_refunded=1200):
    return {"id": f"evt_{new_id()}", "object": "event", "type": "charge.refunded",
            "created": int(time.time()),
            "data": {"object": {"id": f"ch_{new_id()}", "object": "charge", "amount": 1200,
                                "amount_refunded": amount_refunded, "refunded": refunded,
                                "payment_intent": intent}}}


def balance(user) -> int:
    db.session.expire_all()
    return credits.balance(user.id)


def status(payment) -> str:
    return one(Payment, Payment.id == payment.id).status

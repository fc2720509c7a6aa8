"""Credit packs and Stripe Checkout: the packs, opening a session, a user's payments.

Credits move only when a verified Stripe event says money moved
(app/services/fulfilment.py), or, in development without Stripe keys, when the demo
checkout builds the same event and hands it to the same code. The return from
Checkout changes nothing.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import time
from dataclasses import dataclass

import sqlalchemy as sa
import stripe
from flask import abort, current_app

from app.extensions import db
from app.links import public_url
from app.records import Payment, PaymentStatus, User
from app.records.common import new_id

log = logging.getLogger(__name__)

# Stripe's currencies without a minor unit: amounts are whole units.
ZERO_DECIMAL = frozenset("bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf".split())
SYMBOLS = {"usd": "$", "eur": "€", "gbp": "£"}
# Outcome of a full refund that arrived before its payment was known; the
# payment, when it completes, finds it by its payment intent and is not credited.
REFUND_WAITING = "refund before its payment: remembered"


@dataclass(frozen=True)
class Pack:
    id: str
    credits: int
    amount: int  # in the currency's smallest unit
    currency: str

    @property
    def price(self) -> str:
        return format_amount(self.amount, self.currency)


class UnknownPack(ValueError):
    """No pack has that id."""


class PaymentsUnavailable(RuntimeError):
    """Payments are switched off (PAYMENTS_ENABLED=false, or production without Stripe)."""


class CheckoutFailed(RuntimeError):
    """Stripe refused the session or could not be reached; nothing was charged."""


def format_amount(amount: int, currency: str) -> str:
    """12.00 dollars for 1200 usd: "$12.00"; other currencies get their code."""
    currency = currency.lower()
    value = f"{amount:,}" if currency in ZERO_DECIMAL else f"{amount / 100:,.2f}"
    symbol = SYMBOLS.get(currency)
    return f"{symbol}{value}" if symbol else f"{value} {currency.upper()}"


def mode() -> str:
    """"stripe", "demo" (development without keys) or "off". Never "demo" in production."""
    config = current_app.config
    if not config["PAYMENTS_ENABLED"]:
        return "off"
    if config["STRIPE_SECRET_KEY"]:
        return "stripe"
    if config["APP_ENV"] == "production" or config["STRIPE_WEBHOOK_SECRET"]:
        return "off"
    return "demo"


def packs() -> list[Pack]:
    """The packs on sale, from the server's own configuration (CREDIT_PACKS)."""
    currency = current_app.config["CREDIT_CURRENCY"]
    return [Pack(pack_id, n, amount, currency)
            for pack_id, n, amount in current_app.config["CREDIT_PACKS"]]


def get_pack(pack_id: str) -> Pack:
    for pack in packs():
        if pack.id == pack_id:
            return pack
    raise UnknownPack(f"There is no credit pack called {pack_id!r}.")


def create_checkout(user: User, pack_id: str, success_url: str, cancel_url: str) -> str:
    """Open a Checkout Session for one pack and return the URL to send the buyer to.

    The price comes from the server's pack table only. `success_url` may hold
    Stripe's {CHECKOUT_SESSION_ID} placeholder. Writes a pending Payment and
    commits. Raises UnknownPack, PaymentsUnavailable or CheckoutFailed."""
    pack = get_pack(pack_id)
    current = mode()
    if current == "off":
        raise PaymentsUnavailable("Payments are switched off.")
    payment = Payment(id=new_id(), user_id=user.id, pack=pack.id, credits=pack.credits,
                      amount=pack.amount, currency=pack.currency,
                      status=PaymentStatus.PENDING.value)
    if current == "demo":
        payment.checkout_session_id = f"demo_cs_{payment.id}"
        url = public_url("payments.demo", session_id=payment.checkout_session_id)
    else:
        session = _open_session(user, pack, payment.id, success_url, cancel_url)
        payment.checkout_session_id, url = session.id, session.url
    db.session.add(payment)
    db.session.commit()
    return url


def signature(user_id: str, pack_id: str, payment_id: str) -> str:
    """Ties a session's metadata to this site's secret: fulfilment trusts only what verifies."""
    key = current_app.config["SECRET_KEY"].encode()
    message = f"checkout:{user_id}:{pack_id}:{payment_id}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def session_metadata(user_id: str, pack_id: str, payment_id: str) -> dict:
    """What this server puts on a Checkout Session, signed with SECRET_KEY: only a
    session made here can be rebuilt from it (its credit count is never read)."""
    pack = get_pack(pack_id)
    return {"user_id": user_id, "pack": pack.id, "credits": str(pack.credits),
            "payment_id": payment_id, "sig": signature(user_id, pack.id, payment_id)}


def _open_session(user: User, pack: Pack, payment_id: str, success_url: str, cancel_url: str):
    metadata = session_metadata(user.id, pack.id, payment_id)
    params = {
        "mode": "payment",
        "line_items": [{
            "quantity": 1,
            "price_data": {"currency": pack.currency, "unit_amount": pack.amount,
                           "product_data": {"name": f"{pack.credits} Style-Transfer-Art credits"}},
        }],
        "client_reference_id": user.id,
        "metadata": metadata,
        "payment_intent_data": {"metadata": metadata},
        "success_url": success_url,
        "cancel_url": cancel_url,
    }
    try:
        # The idempotency key makes the client's own retries open one session, not two.
        return _client().v1.checkout.sessions.create(
            params=params, options={"idempotency_key": f"checkout-{payment_id}"})
    except stripe.StripeError as exc:
        log.error("Stripe refused a Checkout Session: %s", exc)
        raise CheckoutFailed("The payment page could not be opened; nothing was charged.") from exc


def _client() -> stripe.StripeClient:
    config = current_app.config
    return stripe.StripeClient(config["STRIPE_SECRET_KEY"],
                               base_addresses={"api": config["STRIPE_API_BASE"]},
                               http_client=stripe.new_default_http_client(timeout=20),
                               max_network_retries=2)


def get_own(user_id: str, session_id: str) -> Payment:
    """The user's own payment for a Checkout Session, or 404: another's does not exist for them."""
    payment = db.session.scalar(sa.select(Payment).where(
        Payment.checkout_session_id == session_id, Payment.user_id == user_id))
    if payment is None:
        abort(404)
    return payment


def history(user_id: str, limit: int = 50) -> list[Payment]:
    """The user's payments, newest first; abandoned and expired checkouts are left out."""
    hidden = (PaymentStatus.PENDING.value, PaymentStatus.EXPIRED.value)
    return list(db.session.scalars(
        sa.select(Payment).where(Payment.user_id == user_id, Payment.status.not_in(hidden))
        .order_by(Payment.created_at.desc(), Payment.id.desc()).limit(limit)))


def demo_checkout(user: User, session_id: str) -> str:
    """Development without Stripe: pay a pending demo session by building the
    event Stripe would send and applying it through fulfil_event."""
    if mode() != "demo":
        raise PaymentsUnavailable("The demo checkout exists only in development without Stripe keys.")
    payment = get_own(user.id, session_id)
    event = {
        "id": f"evt_demo_{new_id()}", "object": "event", "type": "checkout.session.completed",
        "livemode": False, "created": int(time.time()),
        "data": {"object": {
            "id": payment.checkout_session_id, "object": "checkout.session",
            "status": "complete", "payment_status": "paid", "mode": "payment",
            "amount_total": payment.amount, "currency": payment.currency,
            "client_reference_id": payment.user_id,
            "payment_intent": f"demo_pi_{payment.id}",
            "metadata": {"user_id": payment.user_id, "pack": payment.pack,
                         "credits": str(payment.credits), "payment_id": payment.id},
        }},
    }
    from app.services import fulfilment  # it imports this module

    return fulfilment.fulfil_event(event)

"""Verified Stripe events applied to payments and the credit ledger.

Each event is applied at most once: its StripeEvent row is inserted in the
same transaction as its effect. Each Checkout Session credits at most once and
is refunded at most once, whatever events arrive, in whatever order, however
often: the payment's status says what was done, and the ledger's unique
(payment_id, kind) pair refuses a second entry if two deliveries race.
"""
from __future__ import annotations

import hmac
import logging

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.records import Payment, PaymentStatus, StripeEvent, User
from app.records.common import utcnow
from app.services import credits
from app.services.payments import REFUND_WAITING, UnknownPack, format_amount, get_pack, signature

log = logging.getLogger(__name__)


def fulfil_event(event: dict) -> str:
    """Apply a verified Stripe event (a plain dict) at most once; commits and
    returns what was done. Unknown event types are recorded and ignored."""
    event_id, kind = event["id"], event["type"]
    obj = event["data"]["object"]
    object_id = obj.get("payment_intent") if kind.startswith("charge.") else obj.get("id")
    handler = HANDLERS.get(kind)
    for _ in range(3):
        if db.session.get(StripeEvent, event_id) is not None:
            return "already applied"
        try:
            outcome = handler(obj) if handler else "ignored"
            db.session.add(StripeEvent(id=event_id, type=kind[:64],
                                       object_id=object_id if isinstance(object_id, str) else None,
                                       outcome=outcome[:200]))
            db.session.commit()
        except IntegrityError:
            # Another delivery of this event, or another event for the same
            # session, committed first: look again at what is there now.
            db.session.rollback()
            continue
        log.info("stripe event %s %s: %s", event_id, kind, outcome)
        return outcome
    raise RuntimeError(f"Stripe event {event_id} kept colliding; Stripe will deliver it again")


# Handlers: each runs in fulfil_event's transaction and returns what it did.

def _unknown(session: dict) -> str:
    """A session this site never created (or whose metadata does not verify). If it was
    paid, the event row and this log line are what an operator reviews; no credits."""
    if session.get("payment_status") != "paid":
        return "ignored: not a session of ours"
    log.error("Checkout Session %s was paid (%s %s) but this site never created it: "
              "recorded for review, no credits", session.get("id"), session.get("amount_total"),
              session.get("currency"))
    return "ignored: a paid session this site never created; recorded for review, no credits"


def _session_completed(session: dict) -> str:
    payment = _payment_for(session)
    if payment is None:
        return _unknown(session)
    if session.get("payment_status") == "paid":
        return _credit(payment, session)
    if payment.status == PaymentStatus.PENDING.value:
        payment.status = PaymentStatus.PROCESSING.value
    return "completed; waiting for an asynchronous payment"


def _async_payment_succeeded(session: dict) -> str:
    payment = _payment_for(session)
    if payment is None:
        return _unknown(session)
    return _credit(payment, session)


def _async_payment_failed(session: dict) -> str:
    payment = _payment_for(session)
    if payment is None:
        return "ignored: not a session of ours"
    if payment.status in (PaymentStatus.PENDING.value, PaymentStatus.PROCESSING.value):
        payment.status = PaymentStatus.FAILED.value
        return "payment failed: no credits"
    return f"ignored: payment already {payment.status}"


def _session_expired(session: dict) -> str:
    payment = _payment_for(session, create=False)
    if payment is None:
        return "ignored: not a session of ours"
    if payment.status == PaymentStatus.PENDING.value:
        payment.status = PaymentStatus.EXPIRED.value
        return "expired unpaid"
    return f"ignored: payment already {payment.status}"


def _charge_refunded(charge: dict) -> str:
    intent = charge.get("payment_intent")
    if not isinstance(intent, str):
        return "ignored: no payment intent"
    payment = db.session.scalar(sa.select(Payment).where(Payment.payment_intent_id == intent))
    if payment is not None:
        credits.lock_ledger(payment.user_id)
        db.session.refresh(payment)
    if not charge.get("refunded"):
        # Partial refunds leave the credits alone; an operator adjusts them if need be.
        return f"partial refund ({charge.get('amount_refunded')}): credits unchanged"
    if payment is None:
        return REFUND_WAITING
    return _refund(payment)


HANDLERS = {
    "checkout.session.completed": _session_completed,
    "checkout.session.async_payment_succeeded": _async_payment_succeeded,
    "checkout.session.async_payment_failed": _async_payment_failed,
    "checkout.session.expired": _session_expired,
    "charge.refunded": _charge_refunded,
}


def _payment_for(session: dict, create: bool = True) -> Payment | None:
    """The session's payment, its user's ledger locked and the row read afresh.

    If create_checkout's commit was lost after Stripe opened the session, the
    payment is rebuilt from the metadata this server put on the session."""
    payment = db.session.scalar(sa.select(Payment).where(
        Payment.checkout_session_id == session.get("id")))
    if payment is None and create:
        payment = _payment_from_metadata(session)
    if payment is None:
        return None
    credits.lock_ledger(payment.user_id)
    db.session.refresh(payment)  # as it is now that no other event for this user is mid-way
    intent = session.get("payment_intent")
    if isinstance(intent, str) and payment.payment_intent_id is None:
        if _intent_taken(intent, payment):
            return payment
        payment.payment_intent_id = intent
    return payment


def _intent_taken(intent: str, payment: Payment) -> bool:
    """Another session already paid with this payment intent: Stripe never does that,
    so this one is held for review (no credits) instead of colliding."""
    other = db.session.scalar(sa.select(Payment.id).where(
        Payment.payment_intent_id == intent, Payment.id != payment.id).limit(1))
    if other is None:
        return False
    log.error("Checkout Session %s shares payment intent %s with payment %s: held for review",
              payment.checkout_session_id, intent, other)
    if payment.status in (PaymentStatus.PENDING.value, PaymentStatus.PROCESSING.value):
        payment.status = PaymentStatus.REVIEW.value
    return True


def _payment_from_metadata(session: dict) -> Payment | None:
    """The payment of a session this server made but whose row was lost, rebuilt
    only if the metadata's signature verifies; credits and price from the pack table."""
    meta = session.get("metadata") if isinstance(session.get("metadata"), dict) else {}
    user_id, pack_id, payment_id = (meta.get(k) for k in ("user_id", "pack", "payment_id"))
    if not all(isinstance(v, str) and 0 < len(v) <= 32 for v in (user_id, pack_id, payment_id)):
        return None
    try:
        pack = get_pack(pack_id)
    except UnknownPack:
        return None
    if not (hmac.compare_digest(str(meta.get("sig", "")), signature(user_id, pack_id, payment_id))
            and session.get("client_reference_id") == user_id
            and db.session.get(User, user_id) is not None
            and db.session.get(Payment, payment_id) is None):
        return None
    log.warning("rebuilding the payment for Checkout Session %s from its metadata", session["id"])
    payment = Payment(id=payment_id, user_id=user_id, pack=pack.id, credits=pack.credits,
                      amount=pack.amount, currency=pack.currency, checkout_session_id=session["id"],
                      status=PaymentStatus.PENDING.value)
    db.session.add(payment)
    db.session.flush()
    return payment


def well_formed(event: dict) -> bool:
    """The fields the handlers read have the types Stripe gives them; else the
    event is malformed (400), however well it is signed."""
    obj, kind = event["data"]["object"], event["type"]

    def text(value, required=False):
        return (value is None and not required) or (isinstance(value, str) and 0 < len(value) <= 255)

    if not text(event["id"], required=True):
        return False
    if kind.startswith("checkout.session."):
        return (text(obj.get("id"), required=True) and text(obj.get("payment_intent"))
                and text(obj.get("currency")) and text(obj.get("client_reference_id"))
                and (obj.get("amount_total") is None or type(obj.get("amount_total")) is int)
                and (obj.get("metadata") is None or isinstance(obj.get("metadata"), dict)))
    if kind.startswith("charge."):
        return text(obj.get("payment_intent"))
    return True


def _credit(payment: Payment, session: dict) -> str:
    if payment.status in (PaymentStatus.PAID.value, PaymentStatus.REFUNDED.value,
                          PaymentStatus.REVIEW.value):
        return f"ignored: payment already {payment.status}"
    if session.get("payment_status") != "paid":
        return f"ignored: session is {session.get('payment_status')!r}, not paid"
    if (session.get("amount_total") != payment.amount
            or str(session.get("currency", "")).lower() != payment.currency):
        payment.status = PaymentStatus.REVIEW.value
        log.error("Checkout Session %s paid %s %s, not %s %s: held for review",
                  payment.checkout_session_id, session.get("amount_total"), session.get("currency"),
                  payment.amount, payment.currency)
        return "paid amount differs from the pack: held for review, no credits"
    if payment.payment_intent_id and _refund_waiting(payment.payment_intent_id):
        payment.status = PaymentStatus.REFUNDED.value
        payment.refunded_at = utcnow()
        return "already refunded: no credits"
    price = format_amount(payment.amount, payment.currency)
    credits.purchase(payment.user_id, payment.credits, payment.id,
                     f"Bought {payment.credits} credits ({price})")
    payment.status = PaymentStatus.PAID.value
    payment.paid_at = utcnow()
    return f"credited {payment.credits}"


def _refund_waiting(intent: str) -> bool:
    return db.session.scalar(sa.select(StripeEvent.id).where(
        StripeEvent.object_id == intent, StripeEvent.type == "charge.refunded",
        StripeEvent.outcome == REFUND_WAITING).limit(1)) is not None


def _refund(payment: Payment) -> str:
    if payment.status == PaymentStatus.REFUNDED.value:
        return "ignored: already refunded"
    payment.refunded_at = utcnow()
    if payment.status != PaymentStatus.PAID.value:
        payment.status = PaymentStatus.REFUNDED.value
        return "refunded before it was credited: no credits"
    taken = credits.take_back(payment.user_id, payment.credits, payment.id,
                              f"Refund of {format_amount(payment.amount, payment.currency)}")
    payment.status = PaymentStatus.REFUNDED.value
    payment.refunded_credits, payment.refund_shortfall = taken, payment.credits - taken
    if taken < payment.credits:
        log.warning("refund of payment %s: %d of its %d credits were already spent",
                    payment.id, payment.credits - taken, payment.credits)
    return f"took back {taken} credits" + (f" ({payment.credits - taken} already spent)"
                                          if taken < payment.credits else "")

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.records.common import new_id, utcnow


class PaymentStatus(str, enum.Enum):
    PENDING = "pending"        # Checkout Session created, not completed yet
    PROCESSING = "processing"  # Checkout completed; an asynchronous payment is on its way
    PAID = "paid"              # credited
    FAILED = "failed"          # an asynchronous payment (bank debit) failed
    EXPIRED = "expired"        # the session expired unpaid
    REFUNDED = "refunded"      # fully refunded; what was left of its credits taken back
    REVIEW = "review"          # paid, but not as the session was created: an operator looks


class Payment(db.Model):
    """One Checkout Session and what became of it. The ledger, not this row,
    holds the credits; this row says why they are there."""

    __tablename__ = "payments"
    __table_args__ = (
        sa.Index("ix_payments_user_created", "user_id", "created_at"),
        sa.UniqueConstraint("checkout_session_id", name="uq_payments_checkout_session_id"),
        sa.UniqueConstraint("payment_intent_id", name="uq_payments_payment_intent_id"),
    )

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    pack: Mapped[str] = mapped_column(sa.String(32))
    credits: Mapped[int]
    amount: Mapped[int]  # in the currency's smallest unit (cents)
    currency: Mapped[str] = mapped_column(sa.String(3))
    checkout_session_id: Mapped[str] = mapped_column(sa.String(255))
    payment_intent_id: Mapped[str | None] = mapped_column(sa.String(255))
    status: Mapped[str] = mapped_column(sa.String(16), default=PaymentStatus.PENDING.value)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    paid_at: Mapped[datetime | None]
    refunded_at: Mapped[datetime | None]
    # Credits taken back by a refund, and those that could not be because
    # they were already spent (the balance never goes below zero).
    refunded_credits: Mapped[int] = mapped_column(default=0)
    refund_shortfall: Mapped[int] = mapped_column(default=0)


class StripeEvent(db.Model):
    """A Stripe event that was applied: the primary key makes it at most once.
    Inserted in the same transaction as the event's effect."""

    __tablename__ = "stripe_events"

    id: Mapped[str] = mapped_column(sa.String(255), primary_key=True)
    type: Mapped[str] = mapped_column(sa.String(64))
    # The session or payment intent the event was about, and what was done:
    # a refund that arrives before its payment is found here later.
    object_id: Mapped[str | None] = mapped_column(sa.String(255), index=True)
    outcome: Mapped[str] = mapped_column(sa.String(200), default="")
    received_at: Mapped[datetime] = mapped_column(default=utcnow)

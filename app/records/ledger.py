from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.records.common import utcnow


class EntryKind(str, enum.Enum):
    SIGNUP = "signup"
    GRANT = "grant"
    SPEND = "spend"
    JOB_REFUND = "job_refund"
    UNUSED_REFUND = "unused_refund"  # a masterpiece stopped early: the part not painted
    PURCHASE = "purchase"
    PAYMENT_REFUND = "payment_refund"


class CreditEntry(db.Model):
    """Append-only: entries are never updated or deleted; the balance is their sum."""

    __tablename__ = "credit_entries"
    __table_args__ = (
        # A job is charged once and refunded once, however often a worker
        # retries it (NULL job ids do not collide with each other).
        sa.UniqueConstraint("job_id", "kind", name="uq_credit_entries_job_kind"),
        # A Checkout Session credits once and is refunded once, whatever events arrive.
        sa.UniqueConstraint("payment_id", "kind", name="uq_credit_entries_payment_kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    delta: Mapped[int]
    kind: Mapped[str] = mapped_column(sa.String(24))
    reason: Mapped[str] = mapped_column(sa.String(200), default="")
    # Not a foreign key: the ledger outlives deleted jobs.
    job_id: Mapped[str | None] = mapped_column(sa.String(32))
    payment_id: Mapped[str | None] = mapped_column(sa.String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

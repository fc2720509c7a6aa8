"""The credit ledger: append-only entries whose sum is the balance."""
from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.records import CreditEntry, EntryKind, User


class NoCredits(Exception):
    """The user has no credit left to spend."""


def balance(user_id: str) -> int:
    total = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(CreditEntry.delta), 0)).where(
            CreditEntry.user_id == user_id))
    return int(total or 0)


def _lock_user(user_id: str) -> None:
    # An UPDATE takes the row lock on PostgreSQL and the write lock on
    # SQLite, so the balance read that follows cannot race another spend.
    db.session.execute(sa.update(User).where(User.id == user_id)
                       .values(ledger_version=User.ledger_version + 1))


def add_entry(user_id: str, delta: int, kind: EntryKind, reason: str = "",
              job_id: str | None = None) -> CreditEntry:
    """Append an entry in the caller's transaction (the caller commits)."""
    _lock_user(user_id)
    entry = CreditEntry(user_id=user_id, delta=delta, kind=kind.value,
                        reason=reason[:200], job_id=job_id)
    db.session.add(entry)
    db.session.flush()
    return entry


def spend(user_id: str, amount: int, job_id: str, reason: str = "Stylised photo") -> None:
    """Spend credits for a job, in the caller's transaction; never below zero."""
    _lock_user(user_id)
    if balance(user_id) < amount:
        raise NoCredits()
    add_entry(user_id, -amount, EntryKind.SPEND, reason, job_id=job_id)


def refund_job(user_id: str, job_id: str) -> bool:
    """Give back what a job spent, once; returns False if already refunded or never charged."""
    spent = db.session.scalar(sa.select(CreditEntry.delta).where(
        CreditEntry.job_id == job_id, CreditEntry.kind == EntryKind.SPEND.value))
    already = db.session.scalar(sa.select(CreditEntry.id).where(
        CreditEntry.job_id == job_id, CreditEntry.kind == EntryKind.JOB_REFUND.value))
    if spent is None or already is not None:
        return False
    add_entry(user_id, -spent, EntryKind.JOB_REFUND, "Job failed: credit returned", job_id=job_id)
    return True


def returned_unused(job_id: str) -> int:
    """Credits a stopped masterpiece gave back (app/services/masterpiece.settle)."""
    return int(db.session.scalar(sa.select(CreditEntry.delta).where(
        CreditEntry.job_id == job_id, CreditEntry.kind == EntryKind.UNUSED_REFUND.value)) or 0)


def grant(email_or_user: User, amount: int, reason: str) -> CreditEntry:
    entry = add_entry(email_or_user.id, amount, EntryKind.GRANT, reason)
    db.session.commit()
    return entry


def history(user_id: str, limit: int = 50) -> list[CreditEntry]:
    return list(db.session.scalars(
        sa.select(CreditEntry).where(CreditEntry.user_id == user_id)
        .order_by(CreditEntry.id.desc()).limit(limit)))


# Payments. Each Checkout Session credits once and is refunded once: the
# unique (payment_id, kind) pair refuses a second entry of either kind.

def lock_ledger(user_id: str) -> None:
    """Serialise the caller's transaction with every other ledger write of this user."""
    _lock_user(user_id)


def purchase(user_id: str, credits: int, payment_id: str, reason: str) -> CreditEntry:
    """Credit a paid payment, in the caller's transaction (the caller commits)."""
    return _payment_entry(user_id, credits, EntryKind.PURCHASE, reason, payment_id)


def take_back(user_id: str, credits: int, payment_id: str, reason: str) -> int:
    """Take back a refunded payment's credits, in the caller's transaction; returns how many.

    Policy: at most what is left. Credits already spent on paintings stay spent,
    so the balance never goes below zero, by spending or by refunds; the caller
    records the shortfall on the payment. The entry is written even when it
    takes nothing, so the refund is applied once."""
    _lock_user(user_id)
    taken = min(credits, max(balance(user_id), 0))
    _payment_entry(user_id, -taken, EntryKind.PAYMENT_REFUND, reason, payment_id)
    return taken


def _payment_entry(user_id: str, delta: int, kind: EntryKind, reason: str,
                   payment_id: str) -> CreditEntry:
    _lock_user(user_id)
    entry = CreditEntry(user_id=user_id, delta=delta, kind=kind.value, reason=reason[:200],
                        payment_id=payment_id)
    db.session.add(entry)
    db.session.flush()
    return entry

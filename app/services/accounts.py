"""Accounts: sign-up, log-in checks and the user loader. Plain functions."""
from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache

import sqlalchemy as sa
from flask import current_app
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.records import ApiToken, CreditEntry, EntryKind, Job, LoginSession, Payment, StoredImage, User
from app.records.common import utcnow
from app.services import credits

MIN_PASSWORD = 8


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=current_app.config["PASSWORD_HASH_METHOD"])


@lru_cache(maxsize=2)
def _dummy_hash(method: str) -> str:
    """Checked against when the email is unknown, so both answers take as long."""
    return generate_password_hash("timing-equaliser", method=method)


class AccountError(ValueError):
    """A sign-up the person can fix; the message says how."""


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_by_email(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))


def create_user(email: str, password: str, *, free_credits: int | None = None) -> User:
    """Create an account with its welcome credits, in one transaction."""
    email = normalise_email(email)
    if len(password or "") < MIN_PASSWORD:
        raise AccountError(f"Choose a password of at least {MIN_PASSWORD} characters.")
    # Hashed before looking: a taken email must answer no sooner than a new one.
    password_hash = hash_password(password)
    if find_by_email(email) is not None:
        raise AccountError("An account with that email already exists. Log in instead?")
    user = User(email=email, password_hash=password_hash)
    db.session.add(user)
    db.session.flush()
    if free_credits is None:
        free_credits = current_app.config["SIGNUP_CREDITS"]
    if free_credits:
        credits.add_entry(user.id, free_credits, EntryKind.SIGNUP, "Welcome credits")
    try:
        db.session.commit()
    except sa.exc.IntegrityError:
        # Two sign-ups with the same email raced; the other one won.
        db.session.rollback()
        raise AccountError("An account with that email already exists. Log in instead?") from None
    return user


def authenticate(email: str, password: str) -> User | None:
    user = find_by_email(email)
    if user is None:
        check_password_hash(_dummy_hash(current_app.config["PASSWORD_HASH_METHOD"]), password or "")
        return None
    return user if check_password_hash(user.password_hash, password or "") else None


def load_user(token: str) -> User | None:
    """flask-login's loader: the id names the user and their LoginSession row;
    a session whose row is gone (logged out, password changed) loads no one."""
    user_id, _, session_id = (token or "").partition(":")
    login = db.session.get(LoginSession, session_id) if session_id else None
    if login is None or login.user_id != user_id or login.created_at < session_cutoff():
        return None
    user = db.session.get(User, user_id)
    if user is not None:
        user.login_session_id = session_id
    return user


def session_cutoff() -> datetime:
    """Log-ins opened before this have ended (LOGIN_SESSION_DAYS)."""
    return utcnow() - timedelta(days=current_app.config["LOGIN_SESSION_DAYS"])


def purge_ended_sessions() -> int:
    """Delete the rows of log-ins that have ended (the hourly retention task)."""
    ended = db.session.execute(sa.delete(LoginSession).where(LoginSession.created_at < session_cutoff()))
    db.session.commit()
    return ended.rowcount


def open_session(user: User) -> None:
    """A new login session (a row) for this browser; commits."""
    login = LoginSession(user_id=user.id)
    db.session.add(login)
    db.session.commit()
    user.login_session_id = login.id


def close_session(user: User) -> None:
    """Log out on the server: this session's cookie stops working, even a copy of it."""
    if user.login_session_id:
        db.session.execute(sa.delete(LoginSession).where(LoginSession.id == user.login_session_id))
        db.session.commit()


def revoke_credentials(user: User, keep_session: str | None = None) -> None:
    """End every login session but `keep_session`, and revoke every API token
    (after a password change or reset: a thief's copies stop working). The caller commits."""
    db.session.execute(sa.delete(LoginSession).where(
        LoginSession.user_id == user.id, LoginSession.id != (keep_session or "")))
    db.session.execute(sa.update(ApiToken).where(ApiToken.user_id == user.id,
                                                 ApiToken.revoked_at.is_(None))
                       .values(revoked_at=utcnow()))


def change_password(user: User, current: str, new: str) -> None:
    """A new password, the current one required. Every other session and every
    API token is ended; this session stays logged in."""
    if not check_password_hash(user.password_hash, current or ""):
        raise AccountError("That is not your current password.")
    if len(new or "") < MIN_PASSWORD:
        raise AccountError(f"Choose a password of at least {MIN_PASSWORD} characters.")
    user.password_hash = hash_password(new)
    revoke_credentials(user, keep_session=user.login_session_id)
    db.session.commit()


def delete_account(user: User, password: str) -> None:
    """Delete the account for real: its jobs, photos, results and API tokens.

    Payments are records the business must keep (tax, refunds and disputes
    that Stripe may still send): an account that paid is kept as an anonymous
    tombstone (no email, no usable password, logged out everywhere) that holds
    its payments and credit ledger. An account that never paid is removed
    entirely, ledger included."""
    if not check_password_hash(user.password_hash, password or ""):
        raise AccountError("That is not your password.")
    revoke_credentials(user)
    db.session.execute(sa.delete(Job).where(Job.user_id == user.id))
    db.session.execute(sa.delete(StoredImage).where(StoredImage.owner_id == user.id))
    db.session.execute(sa.delete(ApiToken).where(ApiToken.user_id == user.id))
    paid = db.session.scalar(sa.select(sa.func.count()).select_from(Payment)
                             .where(Payment.user_id == user.id))
    if paid:
        user.email = f"deleted-{user.id}@deleted.invalid"
        user.password_hash = "!"  # matches no password; its sessions ended above
    else:
        db.session.execute(sa.delete(CreditEntry).where(CreditEntry.user_id == user.id))
        db.session.execute(sa.delete(User).where(User.id == user.id))
    db.session.commit()

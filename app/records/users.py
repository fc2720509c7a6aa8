from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.records.common import new_id, utcnow


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=new_id)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Bumped by every ledger write: updating this row first serialises
    # concurrent spends by the same user on SQLite and PostgreSQL alike.
    ledger_version: Mapped[int] = mapped_column(default=0)
    # Part of the login session; changing it logs the user out everywhere.
    session_token: Mapped[str] = mapped_column(sa.String(32), default=new_id)

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def __repr__(self) -> str:
        return f"<User {self.email}>"

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.records.common import new_id, utcnow


class ShareLink(db.Model):
    """A public link to one finished picture, made by its owner and revocable (the row
    is deleted). The token is the capability: long and random, so it cannot be guessed;
    it is kept as is because its owner sees the link again on the result page."""

    __tablename__ = "share_links"

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=new_id)
    job_id: Mapped[str] = mapped_column(sa.ForeignKey("jobs.id", ondelete="CASCADE"), unique=True)
    user_id: Mapped[str] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

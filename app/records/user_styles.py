from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.records.common import new_id, utcnow

# Job.style of a job painted with a user's own picture (Job.user_style_id says which).
OWN_STYLE = "own"


class UserStyle(db.Model):
    """A picture a user uploaded to paint their photos with. Private to its owner."""

    __tablename__ = "user_styles"
    __table_args__ = (sa.Index("ix_user_styles_user_created", "user_id", "created_at"),)

    id: Mapped[str] = mapped_column(sa.String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(80))
    # The same picture uploaded twice is one style (the API sends it with every job).
    sha256: Mapped[str] = mapped_column(sa.String(64))
    # Deleting the image (as deleting an account does) deletes the style.
    image_id: Mapped[str] = mapped_column(sa.ForeignKey("images.id", ondelete="CASCADE"))
    thumb_id: Mapped[str] = mapped_column(sa.ForeignKey("images.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

"""Finding a user's own record by its id: someone else's record, or an id that is
not one of ours (NUL bytes and all), does not exist for them (404)."""
from __future__ import annotations

import re
from typing import TypeVar

import sqlalchemy as sa
from flask import abort

from app.extensions import db

ID = re.compile(r"[0-9a-f]{32}")  # records.common.new_id
Record = TypeVar("Record")


def own_or_404(model: type[Record], record_id: str | None, user_id: str) -> Record:
    if not ID.fullmatch(record_id or ""):
        abort(404)
    found = db.session.scalar(sa.select(model).where(model.id == record_id, model.user_id == user_id))
    if found is None:
        abort(404)
    return found

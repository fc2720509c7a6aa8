"""Small helpers the API's modules share: times, and JSON bodies a database can hold."""
from __future__ import annotations

from datetime import datetime

from flask import request

from app.api.errors import ApiError


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z (the database keeps naive UTC)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"


def json_object() -> dict:
    """The request's JSON body as an object, or a 400 (not JSON) / 422 (not an object)."""
    body = request.get_json(force=True, silent=True)
    if body is None:
        raise ApiError(400, "invalid_json", "The body must be JSON, sent as application/json.")
    if not isinstance(body, dict):
        raise ApiError(422, "invalid_body", "The body must be a JSON object.")
    return body


def storable(value: object) -> bool:
    """Text a database can hold: no NUL character, no lone surrogate."""
    if not isinstance(value, str) or "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True

"""Small helpers the API's modules share: times, and JSON request bodies."""
from __future__ import annotations

from datetime import datetime
from typing import TypeVar

from flask import request
from pydantic import BaseModel, ValidationError

from app.services.errors import ServiceError

Model = TypeVar("Model", bound=BaseModel)


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z (the database keeps naive UTC)."""
    if moment is None:
        return None
    return moment.replace(tzinfo=None).isoformat(timespec="milliseconds") + "Z"


def json_object() -> dict:
    """The request's JSON body as an object, or a 400 (not JSON) / 422 (not an object)."""
    body = request.get_json(force=True, silent=True)
    if body is None:
        raise ServiceError("invalid_json", "The body must be JSON, sent as application/json.", 400)
    if not isinstance(body, dict):
        raise ServiceError("invalid_body", "The body must be a JSON object.", 422)
    return body


def parse_body(model: type[Model]) -> Model:
    """The JSON body as `model` (app/api/schemas.py), or 400 / 422 as json_object says, or
    422 invalid_<field> naming the first field that fails, in the model's field order."""
    body = json_object()
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        name = exc.errors()[0]["loc"][0]
        raise ServiceError(f"invalid_{name}", f"'{name}' must be {model.must}.", 422) from None

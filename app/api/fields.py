"""The job form's fields over the API, parsed with a 422 that names the field."""
from __future__ import annotations

import math

from flask import request

from app.api.errors import ApiError

BOOLEANS = {"true": True, "false": False}


def field_error(code: str, message: str) -> ApiError:
    return ApiError(422, code, message)


def strength(raw: str | None) -> float:
    if raw is None:
        return 1.0
    try:
        value = float(raw)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or not 0.0 <= value <= 1.0:
        raise field_error("invalid_strength", "Strength must be a number between 0 and 1.")
    return value


def number(name: str, kind):
    """An optional form field as an int or a float; 422 naming it when it is not one."""
    raw = request.form.get(name)
    if raw is None:
        return None
    try:
        value = kind(raw)
    except ValueError:
        raise field_error(f"invalid_{name}", f"{name} must be a number.") from None
    if kind is float and not math.isfinite(value):
        raise field_error(f"invalid_{name}", f"{name} must be a finite number.")
    return value


def preserve_colors(raw: str | None) -> bool:
    if raw is None:
        return False
    if raw not in BOOLEANS:
        raise field_error("invalid_preserve_colors", "preserve_colors must be true or false.")
    return BOOLEANS[raw]

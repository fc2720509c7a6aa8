"""The API's one error shape: {"error": {"code", "message"}}, with an honest status."""
from __future__ import annotations

from flask import jsonify


class ApiError(Exception):
    """Raised by an API view; answered as the JSON error body with `status`."""

    def __init__(self, status: int, code: str, message: str, headers: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.headers = headers or {}


def error_response(status: int, code: str, message: str, headers: dict | None = None):
    response = jsonify(error={"code": code, "message": message})
    response.status_code = status
    response.headers.update(headers or {})
    return response


def handle_api_error(error: ApiError):
    return error_response(error.status, error.code, error.message, error.headers)

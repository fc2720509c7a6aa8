"""The one error every service raises for input it refuses.

Routes and API views let it rise: app/errors/handlers.py answers it once, as the
API's JSON error body for API clients and as the page's message for people.
"""
from __future__ import annotations


class ServiceError(ValueError):
    """Input a use case refuses: `code` for machines, `message` a sentence for a person,
    `status` the honest HTTP answer (415 not a kind we take, 422 a bad value, ...)."""

    def __init__(self, code: str, message: str, status: int = 422, headers: dict | None = None,
                 *, field: str | None = None):
        super().__init__(message)
        self.code, self.message, self.status = code, message, status
        self.headers = headers or {}  # e.g. Retry-After on a 429
        self.field = field  # the input it is about, when not the photo (a form shows it there)

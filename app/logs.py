"""Logging that helps operators: every line carries the request id and the
user id. Bodies, passwords, tokens and secrets are never logged."""
from __future__ import annotations

import logging
import secrets

from flask import Flask, g, has_request_context, request

FORMAT = "%(asctime)s %(levelname)s %(name)s [req=%(request_id)s user=%(user_id)s] %(message)s"


class RequestContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id, record.user_id = "-", "-"
        if has_request_context():
            record.request_id = getattr(g, "request_id", "-")
            from flask_login import current_user

            user = getattr(g, "_login_user", None) and current_user
            record.user_id = getattr(user, "id", "-") if user else "-"
        return True


def register(app: Flask) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(FORMAT))
    handler.addFilter(RequestContextFilter())
    root = logging.getLogger()
    if not any(isinstance(f, RequestContextFilter) for h in root.handlers for f in h.filters):
        root.handlers = [handler]
    root.setLevel(app.config["LOG_LEVEL"])

    @app.before_request
    def _request_id() -> None:
        # Accept a load balancer's id when it looks like one, else make our own.
        incoming = request.headers.get("X-Request-ID", "")
        ok = 8 <= len(incoming) <= 64 and incoming.replace("-", "").isalnum()
        g.request_id = incoming if ok else secrets.token_hex(8)

    @app.after_request
    def _echo_request_id(response):
        response.headers.setdefault("X-Request-ID", getattr(g, "request_id", "-"))
        return response

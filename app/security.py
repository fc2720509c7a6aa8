"""Security headers on every response, set in one place."""
from __future__ import annotations

from flask import Flask, Response, abort, request
from werkzeug.exceptions import SecurityError

# Scripts and styles come only from our own static files: no inline code, no CDN.
# form-action allows Stripe Checkout, where the buy form's redirect goes.
CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "media-src 'self' blob:",  # the create page reads a chosen clip's length from a blob: URL
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self' https://checkout.stripe.com",
    "frame-ancestors 'none'",
])


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def refuse_nul_bytes() -> None:
    """No text we accept may hold a NUL: PostgreSQL cannot store one, and no
    honest client sends one. Refused at the door (400) rather than deep inside.
    The JSON API checks its own fields, to answer in its own terms (422)."""
    if request.blueprint == "api":
        return
    fields = [*request.args.values(), *request.form.values()]
    if request.is_json:
        fields.append(request.get_json(silent=True))
    if any(_has_nul(v) for v in fields):
        abort(400)


def refuse_untrusted_hosts():
    """A Host outside TRUSTED_HOSTS (production): a plain 400, before anything
    (error pages included) tries to build a link for that host."""
    if isinstance(request.routing_exception, SecurityError):
        return Response("This site does not answer for that host name.\n", 400,
                        mimetype="text/plain")
    return None


def register(app: Flask) -> None:
    production = app.config["APP_ENV"] == "production"
    app.before_request(refuse_untrusted_hosts)
    app.before_request(refuse_nul_bytes)

    @app.after_request
    def _headers(response: Response) -> Response:
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        if production:
            headers.setdefault("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
        return response

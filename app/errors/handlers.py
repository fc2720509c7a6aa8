"""Error pages in the site's design; JSON for API clients. The one place a refused
request (ServiceError) or an HTTP error becomes an answer."""
import time
from urllib.parse import urlsplit

from flask import Flask, flash, jsonify, redirect, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

from app.extensions import db
from app.services.errors import ServiceError

MESSAGES = {
    400: ("Bad request", "Something in that request was not right."),
    402: ("No credits left", "Buy a pack of credits to paint more photos."),
    404: ("Not found", "There is nothing here. It may have been deleted, or the link is wrong."),
    405: ("Not allowed", "That page does not accept this kind of request."),
    409: ("Not ready yet", "This result is still being painted. Try again in a moment."),
    413: ("That file is too large", "Photos can be up to {mb} MB. Try a smaller one."),
    429: ("Slow down a little", "Too many requests in a short time. Wait a moment and try again."),
    500: ("Something went wrong", "We have been told and will look into it. Nothing you uploaded is lost."),
}

# JSON clients get a machine-readable code; these are the API's (API.md).
JSON_CODES = {400: "bad_request", 401: "unauthorized", 402: "no_credits", 404: "not_found",
              405: "method_not_allowed", 409: "conflict", 413: "file_too_large",
              415: "unsupported_media_type", 422: "invalid_request", 429: "rate_limited",
              500: "internal_error"}
# Headers of an HTTP error that a JSON client needs too (405's Allow, for one).
JSON_KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")


def wants_json() -> bool:
    """The API, or a page's script that asked for JSON over HTML (a browser's */* is HTML)."""
    return request.path.startswith("/api/") or request.accept_mimetypes.best_match(
        ["text/html", "application/json"]) == "application/json"


def _page_sent_from() -> str | None:
    """The path of this site's page a form was posted from (the Referer, same host only)."""
    sent_from = urlsplit(request.referrer or "")
    path = sent_from.path
    # "//host" or "/\\host" would send the browser elsewhere: only plain local paths.
    if sent_from.netloc != request.host or not path.startswith("/") or path.startswith("//") \
            or "\\" in path:
        return None
    return path + (f"?{sent_from.query}" if sent_from.query else "")


def retry_hint() -> str:
    """When the rate limit just hit opens again, in words: a 429 says when to retry."""
    from app.extensions import limiter

    current = limiter.current_limit
    if current is None:
        return ""
    seconds = max(1, int(current.reset_at - time.time()) + 1)
    return f" Try again in {seconds} seconds." if seconds < 120 else \
        f" Try again in {(seconds + 59) // 60} minutes."


def error_response(status: int, code: str, message: str, headers: dict | None = None):
    """The API's one error shape: {"error": {"code", "message"}} with an honest status."""
    response = jsonify(error={"code": code, "message": message})
    response.status_code = status
    response.headers.update(headers or {})
    return response


def render_error(status: int, detail: str | None = None):
    from flask import current_app

    title, message = MESSAGES.get(status, ("Error", "Something went wrong."))
    message = detail or message.format(mb=current_app.config["MAX_UPLOAD_MB"])
    if wants_json():
        code = JSON_CODES.get(status) or (
            HTTP_STATUS_CODES.get(status, "error").lower().replace(" ", "_").replace("-", "_"))
        return error_response(status, code, message), status
    return render_template("errors/error.html", status=status, title=title,
                           message=message), status


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        if wants_json():
            return _json_http_error(error)
        detail = MESSAGES[429][1] + retry_hint() if error.code == 429 else None
        body, status = render_error(error.code or 500, detail)
        return body, status, {k: v for k, v in error.get_headers() if k in ("Allow", "Retry-After")}

    @app.errorhandler(ServiceError)
    def _refused(error: ServiceError):
        """What a service refused: the API's JSON error body, or for a form the page it was
        sent from with the message on top (the error page when that page is not known)."""
        db.session.rollback()  # nothing the refused request wrote is kept
        if wants_json():
            return error_response(error.status, error.code, error.message, error.headers)
        back = _page_sent_from() if request.method == "POST" else None
        if back is None:
            return render_error(error.status, error.message)
        flash(error.message, "warning")
        return redirect(back, code=303)

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        db.session.rollback()
        app.logger.exception("unhandled error on %s", request.path)
        return render_error(500)


def _json_http_error(error: HTTPException):
    """Flask's, Werkzeug's and Flask-Limiter's errors as the API's JSON body."""
    status = error.code or 500
    detail = None
    if status == 429:  # the description is the limit hit, e.g. "10 per 1 minute"
        detail = f"{MESSAGES[429][1]}{retry_hint()} (limit: {error.description})"
    elif status not in MESSAGES and status < 500:
        detail = error.description
    body, status = render_error(status, detail)
    headers = {k: v for k, v in error.get_headers() if k in JSON_KEPT_HEADERS}
    return body, status, headers

"""The machine-readable contract: an OpenAPI 3.1 document of what the API serves.

tests/app/test_api_openapi.py holds it to the blueprint's routes (paths,
methods, statuses) and to ../shared/API.md, and Schemathesis holds the
responses to their schemas.
"""
from __future__ import annotations

from flask import jsonify

from app.api import bp


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str, headers: dict | None = None) -> dict:
    response = {"description": description, "content": {"application/json": {"schema": schema}}}
    if headers:
        response["headers"] = headers
    return response


def _header(description: str, required: bool = True, **schema) -> dict:
    return {"description": description, "required": required,
            "schema": {"type": "string", **schema}}


def _error(description: str, codes: list[str], headers: dict | None = None) -> dict:
    return _json(_ref("Error"), f"{description} (codes: {', '.join(codes)})", headers)


ERRORS = {
    "400": _error("Malformed request body, or an unknown style or pack",
                  ["invalid_json", "unknown_style", "unknown_pack"]),
    "401": _error("No token, or a token that is wrong or revoked", ["missing_token",
                  "invalid_token"], {"WWW-Authenticate": _header("Bearer realm=\"api\"")}),
    "401-login": _error("The email and password do not match an account", ["bad_credentials"]),
    "402": _error("No credits left", ["no_credits"]),
    "404": _error("No such id, or an id that belongs to someone else", ["not_found"]),
    "409": _error("The job is not done (result), not finished (delete), or cannot be stopped",
                  ["not_ready", "job_failed", "job_not_finished", "not_stoppable", "job_finished"]),
    "413": _error("The body is over the upload limit (MAX_UPLOAD_MB; MAX_VIDEO_MB for a video)",
                  ["file_too_large", "video_too_large"]),
    "415": _error("The photo is not a supported image type, or the video not an MP4, MOV or WebM",
                  ["unsupported_media_type", "unsupported_video"]),
    "422": _error("A field is missing or has a bad value, or the image cannot be used",
                  ["missing_photo", "missing_style", "invalid_strength", "invalid_preserve_colors",
                   "missing_style_image", "too_many_styles", "invalid_image", "image_too_large", "invalid_page", "invalid_format",
                   "invalid_body", "invalid_email", "invalid_password", "invalid_name",
                   "invalid_pack", "invalid_method", "invalid_iterations", "invalid_size",
                   "invalid_style_weight", "invalid_settings", "invalid_mix", "job_too_long",
                   "invalid_brush", "missing_video", "invalid_video", "video_too_long"]),
    "429": _error("Rate limited; try again after Retry-After seconds", ["rate_limited"],
                  {"Retry-After": _header("Seconds to wait", pattern=r"^\d+$")}),
    "502": _error("Stripe refused or could not be reached; nothing was charged",
                  ["checkout_failed"]),
    "503": _error("Buying credits is switched off on this server", ["payments_unavailable"]),
}


def _responses(success: dict, *errors: str) -> dict:
    responses = dict(success)
    for status in errors:
        responses[status.split("-")[0]] = {"$ref": f"#/components/responses/E{status}"}
    return responses


def _operation(operation_id: str, summary: str, responses: dict, *, auth: bool = True,
               parameters: list | None = None, body: dict | None = None) -> dict:
    operation = {"operationId": operation_id, "summary": summary,
                 "security": [{"bearerAuth": []}] if auth else [], "responses": responses}
    if parameters:
        operation["parameters"] = parameters
    if body:
        operation["requestBody"] = body
    return operation


def _path_id(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "string"}}


def _json_body(schema: str) -> dict:
    return {"required": True, "content": {"application/json": {"schema": _ref(schema)}}}


BRUSH = {"type": "string", "enum": ["broad", "medium", "fine"]}  # models/brush.py BRUSHES
TIME = {"type": "string", "format": "date-time", "description": "ISO 8601, UTC"}
MAYBE_TIME = {"type": ["string", "null"], "format": "date-time", "description": "ISO 8601, UTC"}
LINK = {"type": "string", "format": "uri-reference",
        "description": "Root-relative URL: resolve it against the URL you called"}

MIX = {"type": ["array", "null"], "description": "A mix's paintings and their weights "
                                                "(summing to 1); null for one painting",
       "items": {"type": "object", "required": ["style", "weight"],
                 "properties": {"style": {"type": "string", "description": "A slug, or the id "
                                                                           "of your own painting"},
                                "weight": {"type": "number", "minimum": 0, "maximum": 1}}}}
ESTIMATED = {"type": ["integer", "null"], "minimum": 1,
             "description": "Seconds this job takes to paint, estimated from what this site's "
                            "workers measured (not counting the wait for a free one); null once "
                            "finished"}

SCHEMAS = {
    "Error": {
        "type": "object", "required": ["error"],
        "properties": {"error": {
            "type": "object", "required": ["code", "message"],
            "properties": {"code": {"type": "string", "description": "Machine-readable"},
                           "message": {"type": "string", "description": "A sentence for a person"}},
        }},
    },
    "Links": {"type": "object", "required": ["self", "result"],
              "properties": {"self": LINK, "result": LINK}},
    "Job": {
        "type": "object",
        "required": ["id", "status", "style", "strength", "preserve_colors", "method", "cost",
                     "brush", "settings", "progress", "created_at", "started_at", "finished_at",
                     "error", "width", "height", "links", "mix", "estimated_seconds", "kind"],
        "properties": {
            "id": {"type": "string", "description": "Opaque"},
            "status": {"type": "string", "enum": ["queued", "running", "done", "failed"]},
            "style": {"type": "string", "description": "The style's slug, \"own\" for a job "
                                                       "painted with a picture sent as style_image, "
                                                       "or \"mix\" for a mix"},
            "mix": MIX,
            "strength": {"type": "number", "minimum": 0, "maximum": 1},
            "preserve_colors": {"type": "boolean"},
            "method": {"type": "string", "enum": ["fast", "optimise"],
                       "description": "fast: one pass of the style's network; optimise: a "
                                      "masterpiece, the picture optimised (Gatys et al.)"},
            "cost": {"type": "integer", "description": "Credits spent (returned if it fails)"},
            "brush": {**BRUSH, "description": "The size the photo was painted at"},
            "settings": {"type": ["object", "null"], "description": "A masterpiece's settings; "
                                                                   "null for fast jobs",
                         "required": ["iterations", "style_weight", "size"],
                         "properties": {"iterations": {"type": "integer"},
                                        "style_weight": {"type": "number"},
                                        "size": {"type": "integer"}}},
            "progress": {"description": "How far a masterpiece (iterations) or a video (frames) "
                                        "has come; null for fast photo jobs. A stopped "
                                        "masterpiece is done with iteration < iterations",
                         "anyOf": [{"type": "null"}, {
                             "type": "object",
                             "required": ["iteration", "iterations", "fraction", "stop_requested"],
                             "properties": {"iteration": {"type": "integer", "minimum": 0},
                                            "iterations": {"type": "integer", "minimum": 1},
                                            "fraction": {"type": "number", "minimum": 0, "maximum": 1},
                                            "stop_requested": {"type": "boolean"},
                                            "has_picture": {"type": "boolean"}}}, {
                             "type": "object", "required": ["frame", "frames", "fraction"],
                             "properties": {"frame": {"type": "integer", "minimum": 0},
                                            "frames": {"type": "integer", "minimum": 1},
                                            "fraction": {"type": "number", "minimum": 0, "maximum": 1},
                                            "seconds_left": {"type": ["integer", "null"],
                                                             "description": "An estimate while it runs"}}}]},
            "kind": {"type": "string", "enum": ["photo", "video"]},
            "duration": {"type": "number", "description": "A video's length in seconds"},
            "fps": {"type": "number", "description": "A video's average frame rate"},
            "frames": {"type": "integer", "description": "A video's frame count"},
            "created_at": TIME, "started_at": MAYBE_TIME, "finished_at": MAYBE_TIME,
            "error": {"type": ["string", "null"], "description": "Why a failed job failed"},
            "width": {"type": "integer", "description": "Pixels, of the photo and the result"},
            "height": {"type": "integer"},
            "links": _ref("Links"),
            "estimated_seconds": ESTIMATED,
        },
    },
    "JobAccepted": {
        "type": "object", "required": ["id", "status", "style", "created_at", "links",
                                       "estimated_seconds"],
        "properties": {"id": {"type": "string"}, "status": {"const": "queued"},
                       "style": {"type": "string"}, "brush": BRUSH,
                       "cost": {"type": "integer", "description": "Credits spent (a video's "
                                                                  "follow its length)"},
                       "created_at": TIME, "links": _ref("Links"),
                       "estimated_seconds": ESTIMATED,  # a video's: null until frames are painted
                       "kind": {"const": "video", "description": "Videos only (photos: see the job)"},
                       "duration": {"type": "number"}, "fps": {"type": "number"},
                       "frames": {"type": "integer"}},
    },
    "JobPage": {
        "type": "object", "required": ["jobs", "next"],
        "properties": {"jobs": {"type": "array", "maxItems": 20, "items": _ref("Job")},
                       "next": {**LINK, "type": ["string", "null"],
                                "description": "The next (older) page, or null"}},
    },
    "JobUpload": {
        "type": "object",
        "allOf": [{"anyOf": [{"required": ["photo"]}, {"required": ["video"]}]},
                  {"anyOf": [{"required": ["style"]}, {"required": ["style_image"]},
                             {"required": ["mix"]}]}],
        "properties": {
            "video": {"type": "string", "format": "binary",
                      "description": "Instead of photo: an MP4, MOV or WebM clip, at most "
                                     "MAX_VIDEO_SECONDS (30) long and MAX_VIDEO_MB (200) big; "
                                     "priced by length (one credit per started 5 seconds), "
                                     "painted with its sound; method and its settings do not apply"},
            "photo": {"type": "string", "format": "binary",
                      "description": "JPEG, PNG, WebP, GIF, HEIC or AVIF; at most "
                                     "MAX_UPLOAD_MB"},
            "style": {"type": "string", "description": "A slug from GET /api/v1/styles; "
                                                       "may be left out when style_image is sent"},
            "style_image": {"type": "string", "format": "binary",
                            "description": "Optional: any painting or picture (JPEG, PNG, WebP or "
                                           "GIF) to paint the photo in its style, instead of "
                                           "style. It is kept as one of your own styles (listed "
                                           "on your account page; the same picture again is the "
                                           "same style); the job's style reads \"own\". The "
                                           "upload limit covers photo and style_image together"},
            "mix": {"type": "string",
                    "description": "Instead of style and style_image: two or three paintings in "
                                   "proportions, NAME=WEIGHT separated by commas (NAME a slug or "
                                   "the id of one of your own paintings), e.g. "
                                   "wave=0.6,the_scream=0.4; weights are normalised to sum to 1. "
                                   "A bad mix is 422 (invalid_mix), an unknown name 400"},
            "strength": {"type": "number", "minimum": 0, "maximum": 1, "default": 1.0,
                         "description": "0 is the photo, 1 the full style; with style_image the "
                                        "painting's and the photo's style vectors are blended"},
            "preserve_colors": {"type": "string", "enum": ["true", "false"], "default": "false",
                                "description": "true keeps the photo's colours and takes only "
                                               "the style's texture and light"},
            "brush": {**BRUSH, "default": "medium",
                      "description": "broad and medium paint at a working size fixed in pixels "
                                     "(longest side 800 and 1280) and bring the painting to the "
                                     "photo's full size, so the same photo at any resolution gives "
                                     "the same picture; fine paints every pixel (slower; 2 credits "
                                     "for photos over medium's size). The result always has the "
                                     "photo's size"},
            "method": {"type": "string", "enum": ["fast", "optimise"], "default": "fast",
                       "description": "optimise: a masterpiece (slower, MASTERPIECE_COST credits, "
                                      "5 by default); the three settings below are its own"},
            "iterations": {"type": "integer", "minimum": 1, "maximum": 1000, "default": 500,
                           "description": "L-BFGS iterations (at most MASTERPIECE_MAX_ITERATIONS)"},
            "style_weight": {"type": "number", "minimum": 1, "maximum": 1000, "default": 30,
                             "description": "Style against content (content weighs 1): 30 is "
                                            "balanced, 100 strong"},
            "size": {"type": "integer", "minimum": 64, "maximum": 1024, "default": 512,
                     "description": "The result's longest side in pixels (at most "
                                    "MASTERPIECE_MAX_SIZE); photos are never enlarged"},
        },
    },
    "Style": {
        "type": "object", "required": ["slug", "title", "artist", "year", "image_url"],
        "properties": {"slug": {"type": "string"}, "title": {"type": "string"},
                       "artist": {"type": "string"}, "year": {"type": ["string", "null"]},
                       "image_url": LINK},
    },
    "TokenRequest": {
        "type": "object", "required": ["email", "password"],
        "properties": {"email": {"type": "string", "minLength": 1, "maxLength": 254},
                       "password": {"type": "string", "minLength": 1, "maxLength": 254},
                       "name": {"type": "string", "minLength": 1, "maxLength": 254,
                                "description": "Optional; shown on the account page"}},
    },
    "TokenCreated": {
        "type": "object", "required": ["token", "id", "created_at"],
        "properties": {"token": {"type": "string", "description": "Shown this once only"},
                       "id": {"type": "string"}, "created_at": TIME},
    },
    "Me": {"type": "object", "required": ["email", "credits"],
           "properties": {"email": {"type": "string"}, "credits": {"type": "integer"}}},
    "Pack": {
        "type": "object", "required": ["id", "credits", "amount", "currency"],
        "properties": {"id": {"type": "string"}, "credits": {"type": "integer"},
                       "amount": {"type": "integer",
                                  "description": "In the currency's smallest unit"},
                       "currency": {"type": "string", "description": "ISO 4217, lower case"}},
    },
    "CheckoutRequest": {"type": "object", "required": ["pack"],
                        "properties": {"pack": {"type": "string"}}},
    "Checkout": {"type": "object", "required": ["url"],
                 "properties": {"url": {"type": "string", "format": "uri",
                                        "description": "Send the buyer to this page"}}},
}

RESULT_HEADERS = {
    "ETag": _header("Changes only if the result does; send it back in If-None-Match"),
    "Last-Modified": _header("When the job finished; send it back in If-Modified-Since"),
    "Cache-Control": _header("private"),
}

PATHS = {
    "/api/v1/tokens": {"post": _operation(
        "create_token", "Trade an email and password for a token (rate limited per address)",
        _responses({"201": _json(_ref("TokenCreated"), "A new token")},
                   "400", "401-login", "413", "422", "429"),
        auth=False, body=_json_body("TokenRequest"))},
    "/api/v1/tokens/{token_id}": {"delete": _operation(
        "revoke_token", "Revoke one of your tokens (this one included)",
        _responses({"204": {"description": "Revoked"}}, "401", "404", "429"),
        parameters=[_path_id("token_id")])},
    "/api/v1/styles": {"get": _operation(
        "styles", "The styles a photo can be painted in",
        {"200": _json({"type": "object", "required": ["styles"],
                       "properties": {"styles": {"type": "array", "items": _ref("Style")}}},
                      "The catalogue")}, auth=False)},
    "/api/v1/me": {"get": _operation(
        "me", "Your email and credit balance",
        _responses({"200": _json(_ref("Me"), "You")}, "401", "429"))},
    "/api/v1/jobs": {
        "post": _operation(
            "create_job", "Upload a photo (or a video) to paint; spends its price in credits",
            _responses({"202": _json(_ref("JobAccepted"), "Queued", {
                "Location": _header("The job's root-relative URL")})},
                "400", "401", "402", "413", "415", "422", "429"),
            body={"required": True, "content": {"multipart/form-data": {
                "schema": _ref("JobUpload"),
                "encoding": {"photo": {"contentType": "image/jpeg, image/png, image/webp, "
                                                      "image/gif, image/heic, image/heif, "
                                                      "image/avif, application/octet-stream"},
                             "style_image": {"contentType": "image/jpeg, image/png, image/webp, "
                                                            "image/gif, application/octet-stream"},
                             "video": {"contentType": "video/mp4, video/quicktime, video/webm, "
                                                      "application/octet-stream"}}}}}),
        "get": _operation(
            "list_jobs", "Your jobs, newest first, 20 a page",
            _responses({"200": _json(_ref("JobPage"), "One page")}, "401", "422", "429"),
            parameters=[{"name": "page", "in": "query", "required": False,
                         "schema": {"type": "integer", "minimum": 1, "maximum": 1_000_000,
                                    "default": 1}}]),
    },
    "/api/v1/jobs/{job_id}": {
        "get": _operation(
            "get_job", "One job's status and details",
            _responses({"200": _json(_ref("Job"), "The job")}, "401", "404", "429"),
            parameters=[_path_id("job_id")]),
        "delete": _operation(
            "delete_job", "Delete a finished job, its photo and its result (no credit back)",
            _responses({"204": {"description": "Deleted"}}, "401", "404", "409", "429"),
            parameters=[_path_id("job_id")]),
    },
    "/api/v1/jobs/{job_id}/stop": {"post": _operation(
        "stop_job", "Stop a masterpiece early: a running one keeps the picture it has (done); "
                    "a queued one is cancelled and its credits returned (failed)",
        _responses({"200": _json(_ref("Job"), "The job after the request")},
                   "401", "404", "409", "429"),
        parameters=[_path_id("job_id")])},
    "/api/v1/jobs/{job_id}/result": {"get": _operation(
        "job_result", "Download the painted photo (JPEG by default); 409 until done",
        _responses({
            "200": {"description": "The image", "headers": {
                **RESULT_HEADERS, "Content-Disposition": _header("attachment; filename=...")},
                "content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}},
                            "image/png": {"schema": {"type": "string", "format": "binary"}},
                            "video/mp4": {"schema": {"type": "string", "format": "binary"},
                                          "description": "A video job's result (format does not apply)"}}},
            "304": {"description": "Not modified since the ETag or date you sent",
                    "headers": RESULT_HEADERS},
        }, "401", "404", "409", "422", "429"),
        parameters=[
            _path_id("job_id"),
            {"name": "format", "in": "query", "required": False,
             "schema": {"type": "string", "enum": ["jpeg", "jpg", "png"], "default": "jpeg"}},
            {"name": "If-None-Match", "in": "header", "required": False,
             "schema": {"type": "string"}},
            {"name": "If-Modified-Since", "in": "header", "required": False,
             "schema": {"type": "string"}},
        ])},
    "/api/v1/packs": {"get": _operation(
        "packs", "Credit packs on sale (empty when payments are off)",
        {"200": _json({"type": "object", "required": ["packs"],
                       "properties": {"packs": {"type": "array", "items": _ref("Pack")}}},
                      "The packs")}, auth=False)},
    "/api/v1/checkout": {"post": _operation(
        "checkout", "Open a Stripe Checkout page for a pack; credits arrive when it is paid",
        _responses({"201": _json(_ref("Checkout"), "The payment page")},
                   "400", "401", "413", "422", "429", "502", "503"),
        body=_json_body("CheckoutRequest"))},
    "/api/v1/openapi.json": {"get": _operation(
        "openapi", "This document",
        {"200": _json({"type": "object"}, "OpenAPI 3.1")}, auth=False)},
}

DOCUMENT = {
    "openapi": "3.1.0",
    "info": {"title": "Style-Transfer-Art API", "version": "1",
             "description": "Paint photos in the style of famous paintings, in bulk. Errors are "
                            "always {\"error\": {\"code\", \"message\"}}; ids are opaque strings; "
                            "times are ISO 8601 in UTC; links are root-relative URLs."},
    "servers": [{"url": "/"}],
    "paths": PATHS,
    "components": {
        "securitySchemes": {"bearerAuth": {
            "type": "http", "scheme": "bearer",
            "description": "A token from POST /api/v1/tokens or the account page"}},
        "schemas": SCHEMAS,
        "responses": {f"E{status}": response for status, response in ERRORS.items()},
    },
}


@bp.get("/openapi.json")
def openapi():
    return jsonify(DOCUMENT)

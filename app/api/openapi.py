"""The machine-readable contract: an OpenAPI 3.1 document of what the API serves.

Its bodies' schemas are generated from the models the views answer and parse with
(app/api/schemas.py, app/api/job_schemas.py; the job form's is app/api/fields.py's
JobUpload); this module says only which operation
answers what. tests/app/test_api_openapi.py holds it to the blueprint's routes
(paths, methods, statuses) and to ../shared/API.md, and Schemathesis holds the
responses to their schemas.
"""
from __future__ import annotations

from flask import jsonify
from pydantic.json_schema import GenerateJsonSchema, models_json_schema

from app.api import bp, fields, job_schemas, schemas

REF = "#/components/schemas/{model}"


class _Generator(GenerateJsonSchema):
    def field_title_should_be_set(self, schema) -> bool:
        return False  # a property's title would only repeat its name


RESPONSES = schemas.RESPONSES + job_schemas.RESPONSES
REQUESTS = schemas.REQUESTS + (fields.JobUpload,)


def component_schemas() -> dict:
    """JSON Schema 2020-12 (OpenAPI 3.1's) of every body: responses as they are
    serialised, requests as they are validated."""
    models = [(model, "serialization") for model in RESPONSES]
    models += [(model, "validation") for model in REQUESTS]
    return models_json_schema(models, ref_template=REF, schema_generator=_Generator)[1]["$defs"]


def _ref(model: type) -> dict:
    return {"$ref": REF.format(model=model.__name__)}


def _json(model: type, description: str, headers: dict | None = None) -> dict:
    response = {"description": description, "content": {"application/json": {"schema": _ref(model)}}}
    return {**response, "headers": headers} if headers else response


def _header(description: str, **schema) -> dict:
    return {"description": description, "required": True, "schema": {"type": "string", **schema}}


def _error(description: str, codes: str, headers: dict | None = None) -> dict:
    return _json(schemas.Error, f"{description} (codes: {', '.join(codes.split())})", headers)


ERRORS = {
    "400": _error("Malformed request body, or an unknown style or pack",
                  "invalid_json unknown_style unknown_pack"),
    "401": _error("No token, or a token that is wrong or revoked", "missing_token invalid_token",
                  {"WWW-Authenticate": _header("Bearer realm=\"api\"")}),
    "401-login": _error("The email and password do not match an account", "bad_credentials"),
    "402": _error("Not enough credits for the job's price", "no_credits"),
    "404": _error("No such id, or an id that belongs to someone else", "not_found"),
    "409": _error("The job is not done (result), not finished (delete), or cannot be stopped",
                  "not_ready job_failed job_not_finished not_stoppable job_finished"),
    "413": _error("The body is over the upload limit (MAX_UPLOAD_MB; MAX_VIDEO_MB for a video)",
                  "file_too_large video_too_large"),
    "415": _error("The photo is not a supported image type, or the video not an MP4, MOV or WebM",
                  "unsupported_media_type unsupported_video"),
    "422": _error("A field is missing or has a bad value, or the image cannot be used",
                  "missing_photo missing_style invalid_strength invalid_preserve_colors "
                  "missing_style_image too_many_styles invalid_image image_too_large invalid_page "
                  "invalid_format invalid_body invalid_email invalid_password invalid_name "
                  "invalid_pack invalid_method invalid_iterations invalid_size "
                  "invalid_style_weight invalid_settings invalid_mix job_too_long invalid_brush "
                  "missing_video invalid_video video_too_long"),
    "429": _error("Rate limited; try again after Retry-After seconds", "rate_limited",
                  {"Retry-After": _header("Seconds to wait", pattern=r"^\d+$")}),
    "502": _error("Stripe refused or could not be reached; nothing was charged", "checkout_failed"),
    "503": _error("Buying credits is switched off on this server", "payments_unavailable"),
}


def _op(operation_id: str, summary: str, success: dict, errors: str = "", *, auth: bool = True,
        parameters: tuple = (), body: dict | None = None) -> dict:
    """One operation: `success` its own responses, `errors` the ERRORS it can answer."""
    responses = dict(success)
    for status in errors.split():
        responses[status.split("-")[0]] = {"$ref": f"#/components/responses/E{status}"}
    operation = {"operationId": operation_id, "summary": summary,
                 "security": [{"bearerAuth": []}] if auth else [], "responses": responses}
    if parameters:
        operation["parameters"] = list(parameters)
    if body:
        operation["requestBody"] = {"required": True, "content": body}
    return operation


def _in(where: str, name: str, **schema) -> dict:
    return {"name": name, "in": where, "required": where == "path",
            "schema": {"type": "string", **schema}}


JOB_ID, TOKEN_ID = _in("path", "job_id"), _in("path", "token_id")
IMAGES = "image/jpeg, image/png, image/webp, image/gif"
UPLOAD = {"multipart/form-data": {"schema": _ref(fields.JobUpload), "encoding": {
    "photo": {"contentType": f"{IMAGES}, image/heic, image/heif, image/avif, application/octet-stream"},
    "style_image": {"contentType": f"{IMAGES}, application/octet-stream"},
    "video": {"contentType": "video/mp4, video/quicktime, video/webm, application/octet-stream"}}}}
BINARY = {"schema": {"type": "string", "format": "binary"}}
RESULT_HEADERS = {
    "ETag": _header("Changes only if the result does; send it back in If-None-Match"),
    "Last-Modified": _header("When the job finished; send it back in If-Modified-Since"),
    "Cache-Control": _header("private"),
}
RESULT = {
    "200": {"description": "The image", "headers": {
        **RESULT_HEADERS, "Content-Disposition": _header("attachment; filename=...")},
        "content": {"image/jpeg": BINARY, "image/png": BINARY, "video/mp4": {
            **BINARY, "description": "A video job's result (format does not apply)"}}},
    "304": {"description": "Not modified since the ETag or date you sent", "headers": RESULT_HEADERS},
}
AUTH = "401 429"  # every bearer operation: a bad token, or over the per-user limit

PATHS = {
    "/api/v1/tokens": {"post": _op(
        "create_token", "Trade an email and password for a token (rate limited per address)",
        {"201": _json(schemas.TokenCreated, "A new token")}, "400 401-login 413 422 429",
        auth=False, body={"application/json": {"schema": _ref(schemas.TokenRequest)}})},
    "/api/v1/tokens/{token_id}": {"delete": _op(
        "revoke_token", "Revoke one of your tokens (this one included)",
        {"204": {"description": "Revoked"}}, f"{AUTH} 404", parameters=(TOKEN_ID,))},
    "/api/v1/styles": {"get": _op(
        "styles", "The styles a photo can be painted in",
        {"200": _json(schemas.StyleList, "The catalogue")}, auth=False)},
    "/api/v1/me": {"get": _op(
        "me", "Your email and credit balance", {"200": _json(schemas.Me, "You")}, AUTH)},
    "/api/v1/jobs": {
        "post": _op(
            "create_job", "Upload a photo (or a video) to paint; spends its price in credits "
                          "(the 202's cost)",
            {"202": _json(job_schemas.JobAccepted, "Queued",
                          {"Location": _header("The job's root-relative URL")})},
            f"{AUTH} 400 402 413 415 422", body=UPLOAD),
        "get": _op(
            "list_jobs", f"Your jobs, newest first, {job_schemas.PER_PAGE} a page",
            {"200": _json(job_schemas.JobPage, "One page")}, f"{AUTH} 422",
            parameters=({"name": "page", "in": "query", "required": False, "schema": {
                "type": "integer", "minimum": 1, "maximum": 1_000_000, "default": 1}},)),
    },
    "/api/v1/jobs/{job_id}": {
        "get": _op("get_job", "One job's status and details",
                   {"200": _json(job_schemas.Job, "The job")}, f"{AUTH} 404", parameters=(JOB_ID,)),
        "delete": _op("delete_job", "Delete a finished job, its photo and its result (no credit back)",
                      {"204": {"description": "Deleted"}}, f"{AUTH} 404 409", parameters=(JOB_ID,)),
    },
    "/api/v1/jobs/{job_id}/stop": {"post": _op(
        "stop_job", "Stop a masterpiece early: a running one keeps the picture it has (done) and "
                    "gets back the credits of the iterations it did not paint; a queued one is "
                    "cancelled and its credits returned (failed)",
        {"200": _json(job_schemas.Job, "The job after the request")}, f"{AUTH} 404 409",
        parameters=(JOB_ID,))},
    "/api/v1/jobs/{job_id}/result": {"get": _op(
        "job_result", "Download the painted photo (JPEG by default); 409 until done",
        RESULT, f"{AUTH} 404 409 422", parameters=(
            JOB_ID, _in("query", "format", enum=["jpeg", "jpg", "png"], default="jpeg"),
            _in("header", "If-None-Match"), _in("header", "If-Modified-Since")))},
    "/api/v1/packs": {"get": _op(
        "packs", "Credit packs on sale (empty when payments are off)",
        {"200": _json(schemas.PackList, "The packs")}, auth=False)},
    "/api/v1/checkout": {"post": _op(
        "checkout", "Open a Stripe Checkout page for a pack; credits arrive when it is paid",
        {"201": _json(schemas.Checkout, "The payment page")}, f"{AUTH} 400 413 422 502 503",
        body={"application/json": {"schema": _ref(schemas.CheckoutRequest)}})},
    "/api/v1/openapi.json": {"get": _op(
        "openapi", "This document", {"200": {"description": "OpenAPI 3.1", "content": {
            "application/json": {"schema": {"type": "object"}}}}}, auth=False)},
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
        "schemas": component_schemas(),
        "responses": {f"E{status}": response for status, response in ERRORS.items()},
    },
}


@bp.get("/openapi.json")
def openapi():
    return jsonify(DOCUMENT)

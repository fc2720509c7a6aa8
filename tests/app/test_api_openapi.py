"""The OpenAPI document agrees with the routes served, with API.md, and with every
response (Schemathesis fuzzes each operation in-process, over WSGI)."""
import re

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis import checks

from app.services import tokens as token_service
from app.api.openapi import DOCUMENT
from app.extensions import db
from app.records import Job, User
from app.services import accounts, credits, jobs, runner
from tests.app import photos
from tests.fakes import MirrorEngine

METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}
# What each operation can answer, read from API.md and the code; the document must say the same.
STATUSES = {
    ("POST", "/api/v1/tokens"): {201, 400, 401, 413, 422, 429},
    ("DELETE", "/api/v1/tokens/{token_id}"): {204, 401, 404, 429},
    ("GET", "/api/v1/styles"): {200},
    ("GET", "/api/v1/me"): {200, 401, 429},
    ("POST", "/api/v1/jobs"): {202, 400, 401, 402, 413, 415, 422, 429},
    ("GET", "/api/v1/jobs"): {200, 401, 422, 429},
    ("GET", "/api/v1/jobs/{job_id}"): {200, 401, 404, 429},
    ("GET", "/api/v1/jobs/{job_id}/result"): {200, 304, 401, 404, 409, 422, 429},
    ("DELETE", "/api/v1/jobs/{job_id}"): {204, 401, 404, 409, 429},
    ("POST", "/api/v1/jobs/{job_id}/stop"): {200, 401, 404, 409, 429},
    ("GET", "/api/v1/packs"): {200},
    ("POST", "/api/v1/checkout"): {201, 400, 401, 413, 422, 429, 502, 503},
    ("GET", "/api/v1/openapi.json"): {200},
}


def documented() -> dict:
    return {(method.upper(), path): {int(s) for s in operation["responses"]}
            for path, item in DOCUMENT["paths"].items() for method, operation in item.items()}


def test_the_document_is_served_as_openapi_3_1(api_client):
    response = api_client(None).get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.get_json() == DOCUMENT
    assert DOCUMENT["openapi"].startswith("3.1")


def test_every_api_route_is_documented_and_every_documented_operation_is_served(app):
    served = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("api."):
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
            served |= {(method, path) for method in rule.methods & METHODS}
    assert served == set(documented())


def test_each_operation_documents_exactly_the_statuses_it_can_answer():
    assert documented() == STATUSES


def test_each_operation_is_named_after_the_view_that_serves_it(app):
    for path, item in DOCUMENT["paths"].items():
        for operation in item.values():
            assert f"api.{operation['operationId']}" in app.view_functions, path


def test_bearer_operations_say_so_and_public_ones_need_no_token():
    public = {("POST", "/api/v1/tokens"), ("GET", "/api/v1/styles"), ("GET", "/api/v1/packs"),
              ("GET", "/api/v1/openapi.json")}
    for path, item in DOCUMENT["paths"].items():
        for method, operation in item.items():
            needs_token = (method.upper(), path) not in public
            assert bool(operation["security"]) == needs_token, (method, path)
            if needs_token:
                assert {401, 429} <= STATUSES[(method.upper(), path)], (method, path)


def test_the_document_agrees_with_api_md(shared_dir):
    contract = shared_dir / "API.md"
    if not contract.exists():
        pytest.skip(f"{contract} is not there")
    rows = re.findall(r"^\| `(GET|POST|DELETE) (/api/v1/[^`]*)` \|([^|]*)\|(.*)\|$",
                      contract.read_text(), re.MULTILINE)
    assert rows, "no endpoint table found in API.md"
    listed = {(method, documented_path(path)): (auth_column, what)
              for method, path, auth_column, what in rows}
    # Beyond the contract: this document, and stopping a masterpiece (issue 11).
    extensions = {("GET", "/api/v1/openapi.json"), ("POST", "/api/v1/jobs/{job_id}/stop")}
    assert set(listed) | extensions == set(documented())
    for key, (auth_column, what) in listed.items():
        statuses = {int(s) for s in re.findall(r"\b([1-5]\d\d)\b", what)}
        if "bearer" in auth_column:
            statuses.add(401)
        assert statuses <= documented()[key], (key, statuses - documented()[key])


def documented_path(api_md_path: str) -> str:
    """API.md writes <id>; the document names it after what it is."""
    name = "job_id" if api_md_path.startswith("/api/v1/jobs/") else "token_id"
    return api_md_path.replace("<id>", "{%s}" % name)


# Schemathesis: every operation, positive and negative data, with a token that
# works, on a user who has jobs in every state. No 5xx, every response as documented.

SCHEMATHESIS_CHECKS = [checks.not_a_server_error, checks.status_code_conformance,
                       checks.content_type_conformance, checks.response_schema_conformance,
                       checks.response_headers_conformance, checks.negative_data_rejection,
                       checks.ignored_auth, checks.unsupported_method]
# For hand-made cases: the response as documented (no probes, no negative data).
RESPONSE_CHECKS = SCHEMATHESIS_CHECKS[:5]


@pytest.fixture
def fuzzed_account(app):
    """A user with plenty of credits, a token, and a queued, a done and a failed job."""
    user = accounts.create_user("fuzz@example.com", "correct horse battery")
    credits.grant(db.session.get(User, user.id), 10_000, "fuzzing")
    queued = jobs.submit(user.id, photos.jpeg(), "wave")
    done = jobs.submit(user.id, photos.jpeg(), "udnie")
    runner.run_job(done.id, MirrorEngine())
    failed = jobs.submit(user.id, photos.jpeg(), "udnie")
    runner.fail(db.session.get(Job, failed.id), "It could not be painted.")
    return {"token": token_service.issue(user.id, "fuzzing")[1], "job_ids": [queued.id, done.id, failed.id]}


# Loaded from the very dict the API serves (the first test holds the two equal),
# and sent to the test's app in-process, over WSGI.
schema = schemathesis.openapi.from_dict(DOCUMENT)
# Unknown query parameters are ignored, as HTTP APIs do; the tests send the token
# themselves (ignored_auth checks requests without it).
schema.config.generation.update(allow_extra_parameters=False, with_security_parameters=False)


@pytest.fixture
def wsgi_app(app):
    def fresh_context(environ, start_response):
        # Each request in its own app context, as in production.
        with app.app_context():
            return app(environ, start_response)

    return fresh_context


def call_and_validate(case, wsgi_app, token: str, checks_=SCHEMATHESIS_CHECKS):
    # The case's schema sends the probes of some checks (ignored_auth): it needs the app too.
    case.operation.schema.app = wsgi_app
    return case.call_and_validate(app=wsgi_app, checks=checks_,
                                  headers={"Authorization": f"Bearer {token}"})


@schema.parametrize()
@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_the_api_answers_every_generated_request_as_documented(case, wsgi_app, fuzzed_account):
    call_and_validate(case, wsgi_app, fuzzed_account["token"])


@pytest.mark.parametrize("path", ["/api/v1/jobs", "/api/v1/jobs/{job_id}",
                                  "/api/v1/jobs/{job_id}/result"])
def test_real_jobs_in_every_state_match_their_schemas(wsgi_app, fuzzed_account, path):
    operation = schema[path]["GET"]
    for job_id in fuzzed_account["job_ids"]:
        case = operation.Case(path_parameters={"job_id": job_id} if "{" in path else {})
        response = call_and_validate(case, wsgi_app, fuzzed_account["token"], RESPONSE_CHECKS)
        assert response.status_code in (200, 409)


def test_a_real_upload_and_its_errors_match_their_schemas(wsgi_app, fuzzed_account):
    operation = schema["/api/v1/jobs"]["POST"]
    statuses = []
    for body in ({"photo": photos.jpeg(), "style": "wave", "strength": 0.5},
                 {"photo": b"plain text, not an image", "style": "wave"},
                 {"photo": photos.jpeg(), "style": "no_such_style"}):
        case = operation.Case(body=body, media_type="multipart/form-data")
        response = call_and_validate(case, wsgi_app, fuzzed_account["token"], RESPONSE_CHECKS)
        statuses.append(response.status_code)
    assert statuses == [202, 415, 400]

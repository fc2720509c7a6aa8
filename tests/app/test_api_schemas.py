"""The API's bodies are its models' (app/api/schemas.py, app/api/job_schemas.py): the
views answer through them, requests are parsed with them, and the document's schemas
are generated from them, so a field cannot be served that the document does not declare."""
from pathlib import Path

import pytest
from pydantic import ValidationError

from app.api import job_schemas, jobs as jobs_api, openapi, schemas
from app.api.openapi import DOCUMENT
from app.errors.handlers import error_response
from tests.app.conftest import PASSWORD
from tests.app.steps import submit

RESPONSES, REQUESTS = openapi.RESPONSES, openapi.REQUESTS
TEXT_RULE = "must be a non-empty string of at most 254 characters."


def test_each_body_in_the_document_is_a_model_and_its_schema_is_the_models():
    named = {model.__name__: model for model in RESPONSES + REQUESTS}
    refs = set()
    for path, item in DOCUMENT["paths"].items():
        for operation in item.values():
            bodies = [r.get("content", {}) for r in operation["responses"].values()]
            bodies.append(operation.get("requestBody", {}).get("content", {}))
            for media_type, content in ((m, c) for body in bodies for m, c in body.items()):
                if media_type.startswith(("application/json", "multipart/")) and path != "/api/v1/openapi.json":
                    refs.add(content["schema"]["$ref"].rsplit("/", 1)[1])
    refs |= {r["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
             for r in DOCUMENT["components"]["responses"].values()}
    assert refs == set(named)
    components = DOCUMENT["components"]["schemas"]
    for name, model in named.items():
        mode = "serialization" if model in RESPONSES else "validation"
        own = model.model_json_schema(ref_template=openapi.REF, mode=mode,
                                      schema_generator=openapi._Generator)
        assert {name: components[name], **{k: components[k] for k in own.get("$defs", {})}} \
            == {name: {k: v for k, v in own.items() if k != "$defs"}, **own.get("$defs", {})}


@pytest.mark.parametrize("model", RESPONSES, ids=lambda model: model.__name__)
def test_a_response_model_refuses_a_field_it_does_not_declare(model):
    with pytest.raises(ValidationError) as caught:
        model.model_validate({"undeclared": 1})
    assert "extra_forbidden" in {error["type"] for error in caught.value.errors()}


def test_a_view_answering_a_field_its_model_lacks_fails_instead_of_serving_it(api_client, user, monkeypatch):
    ada = api_client()
    job_id = submit(ada).get_json()["id"]
    monkeypatch.setattr(jobs_api, "video_fields", lambda job: {"kind": "photo", "colour": "red"})
    response = ada.get(f"/api/v1/jobs/{job_id}")
    assert response.status_code == 500 and "colour" not in response.get_data(as_text=True)


def test_the_views_bodies_are_exactly_their_models(api_client, user):
    ada, anyone = api_client(), api_client(None)
    accepted = submit(ada)
    job_id = accepted.get_json()["id"]
    bodies = [
        (job_schemas.JobAccepted, accepted), (job_schemas.Job, ada.get(f"/api/v1/jobs/{job_id}")),
        (job_schemas.JobPage, ada.get("/api/v1/jobs")), (schemas.Me, ada.get("/api/v1/me")),
        (schemas.StyleList, anyone.get("/api/v1/styles")),
        (schemas.PackList, anyone.get("/api/v1/packs")),
        (schemas.TokenCreated, anyone.post("/api/v1/tokens", json={"email": user.email,
                                                                  "password": PASSWORD})),
        (schemas.Checkout, ada.post("/api/v1/checkout", json={"pack": "small"})),
    ]
    for model, response in bodies:
        assert response.status_code < 300, (model, response.get_json())
        body = response.get_json()
        assert model.model_validate(body).dump() == body, model  # nothing lost, nothing added


def test_error_bodies_are_the_error_model(app, api_client):
    with app.test_request_context():
        body = error_response(418, "teapot", "Short and stout.").get_json()
    flask_404 = api_client(None).get("/api/v1/no-such-thing").get_json()
    for body in (body, flask_404):
        assert schemas.Error.model_validate(body).dump() == body


@pytest.mark.parametrize("body, code", [
    ({"email": "", "password": 12345678}, "invalid_email"),  # the first bad field is named
    ({"email": "ada@example.com"}, "invalid_password"),
    ({"email": "ada@example.com", "password": "x" * 255}, "invalid_password"),
    ({"email": "ada@example.com", "password": "pass\x00word"}, "invalid_password"),
    ({"email": "ada@example.com", "password": "x", "name": ""}, "invalid_name"),
    ({"email": "ada@example.com", "password": "x", "name": ["a list"]}, "invalid_name"),
])
def test_a_token_request_names_its_first_bad_field(api_client, body, code):
    error = api_client(None).post("/api/v1/tokens", json=body).get_json()["error"]
    assert error == {"code": code, "message": f"'{code[8:]}' {TEXT_RULE}"}


@pytest.mark.parametrize("body", [{}, {"pack": 3}, {"pack": None}, {"pack": ["small"]}])
def test_a_checkout_without_a_pack_id_says_where_to_find_one(api_client, user, body):
    response = api_client().post("/api/v1/checkout", json=body)
    assert response.status_code == 422 and response.get_json()["error"] == {
        "code": "invalid_pack", "message": "'pack' must be the id of a pack (GET /api/v1/packs)."}


def test_an_unknown_field_in_a_request_is_ignored_as_it_always_was(api_client, user):
    response = api_client(None).post("/api/v1/tokens", json={
        "email": user.email, "password": PASSWORD, "remember": True})
    assert response.status_code == 201


def test_only_the_document_is_jsonified_by_hand_in_the_api():
    # Every other body goes through a model's dump(), errors through app/errors/handlers.py.
    by_hand = {path.name for path in Path(openapi.__file__).parent.glob("*.py")
               if "jsonify" in path.read_text()}
    assert by_hand == {"openapi.py"}

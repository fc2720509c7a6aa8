"""API tokens: made with a password or on the account page, stored as hashes, revocable."""
import hashlib
import re

from app.records import ApiToken
from tests.app.conftest import PASSWORD, count, one

TOKEN_SECRET = re.compile(r"<code data-new-token>(sta_[A-Za-z0-9_-]+)</code>")


def test_an_email_and_password_buy_a_token_that_works(api_client, user):
    response = api_client(None).post("/api/v1/tokens",
                                     json={"email": user.email, "password": PASSWORD})
    assert response.status_code == 201
    body = response.get_json()
    assert set(body) == {"token", "id", "created_at"}
    assert body["created_at"].endswith("Z") and body["token"].startswith("sta_")
    me = api_client(None).get("/api/v1/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200 and me.get_json()["email"] == user.email


def test_only_the_hash_of_a_token_is_stored(api_client, user):
    body = api_client(None).post("/api/v1/tokens", json={
        "email": user.email, "password": PASSWORD}).get_json()
    token = one(ApiToken, ApiToken.id == body["id"])
    assert token.secret_hash == hashlib.sha256(body["token"].encode()).hexdigest()
    assert body["token"] not in (token.secret_hash, token.name, token.id)


def test_a_wrong_password_or_unknown_email_gets_no_token(api_client, user):
    client = api_client(None)
    for credentials in ({"email": user.email, "password": "not the password"},
                        {"email": "nobody@example.com", "password": PASSWORD}):
        response = client.post("/api/v1/tokens", json=credentials)
        assert response.status_code == 401
        assert response.get_json()["error"]["code"] == "bad_credentials"
    assert count(ApiToken) == 0


def test_a_token_request_that_is_not_json_is_a_400(api_client, user):
    response = api_client(None).post("/api/v1/tokens", data="email=ada",
                                     content_type="application/x-www-form-urlencoded")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "invalid_json"


def test_a_token_request_with_missing_or_mistyped_fields_is_a_422(api_client, user):
    client = api_client(None)
    for body in ([], {"email": user.email}, {"email": user.email, "password": 12345678},
                 {"email": "", "password": PASSWORD}):
        response = client.post("/api/v1/tokens", json=body)
        assert response.status_code == 422, body
        assert set(response.get_json()["error"]) == {"code", "message"}


def test_revoking_a_token_makes_it_a_401_from_then_on(api_client, user):
    client = api_client()
    token_id = one(ApiToken).id
    assert client.delete(f"/api/v1/tokens/{token_id}").status_code == 204
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "invalid_token"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert one(ApiToken).revoked_at is not None


def test_one_token_can_revoke_another_of_the_same_user(api_client, user):
    first, second = api_client(), api_client()
    first_id = one(ApiToken, ApiToken.secret_hash == hashlib.sha256(
        first.token.encode()).hexdigest()).id
    assert second.delete(f"/api/v1/tokens/{first_id}").status_code == 204
    assert first.get("/api/v1/me").status_code == 401
    assert second.get("/api/v1/me").status_code == 200


def test_another_users_token_id_is_a_404_and_stays_valid(api_client, user):
    ada, grace = api_client(), api_client("grace@example.com")
    ada_token_id = one(ApiToken, ApiToken.user_id == ada.user_id).id
    assert grace.delete(f"/api/v1/tokens/{ada_token_id}").status_code == 404
    assert grace.delete("/api/v1/tokens/no-such-token").status_code == 404
    assert ada.get("/api/v1/me").status_code == 200


def test_a_missing_or_malformed_authorization_header_is_a_401(api_client, user):
    anonymous = api_client(None)
    for headers in ({}, {"Authorization": "Bearer"}, {"Authorization": "Basic YWRhOnB3"},
                    {"Authorization": "Bearer sta_not-a-real-token"}):
        response = anonymous.get("/api/v1/me", headers=headers)
        assert response.status_code == 401, headers
        assert response.get_json()["error"]["code"] in ("missing_token", "invalid_token")


def test_the_session_cookie_alone_does_not_open_the_api(logged_in):
    response = logged_in.get("/api/v1/me")
    assert response.status_code == 401


def test_using_a_token_records_when_it_was_last_used(api_client, user):
    client = api_client()
    assert one(ApiToken).last_used_at is None
    client.get("/api/v1/me")
    assert one(ApiToken).last_used_at is not None


def test_a_token_made_on_the_account_page_is_shown_once_and_works(logged_in, api_client, user):
    response = logged_in.submit("/account", {"name": "photo-folder script"},
                                action="/account/tokens")
    assert response.status_code == 201
    assert response.headers["Cache-Control"] == "no-store"
    secret = TOKEN_SECRET.search(response.get_data(as_text=True)).group(1)
    assert one(ApiToken).name == "photo-folder script"
    me = api_client(None).get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert me.status_code == 200
    page = logged_in.get("/account").get_data(as_text=True)
    assert "photo-folder script" in page and secret not in page


def test_the_account_page_lists_tokens_with_their_last_use(logged_in, api_client, user):
    page = logged_in.get("/account").get_data(as_text=True)
    assert "You have no API tokens." in page
    api_client().get("/api/v1/me")
    page = logged_in.get("/account").get_data(as_text=True)
    row = page[page.index("<td>tests</td>"):]
    assert "Never" not in row[:row.index("</tr>")]


def test_a_token_needs_a_name_on_the_account_page(logged_in, user):
    response = logged_in.submit("/account", {"name": "  "}, action="/account/tokens")
    assert response.status_code == 303 and count(ApiToken) == 0
    assert "Give the token a name." in logged_in.get("/account").get_data(as_text=True)


def test_revoking_on_the_account_page_stops_the_token(logged_in, api_client, user):
    client = api_client()
    token = one(ApiToken)
    response = logged_in.submit("/account", {}, action=f"/account/tokens/{token.id}/revoke")
    assert response.status_code == 303
    assert client.get("/api/v1/me").status_code == 401
    assert "<td>tests</td>" not in logged_in.get("/account").get_data(as_text=True)


def test_revoking_on_the_account_page_needs_the_csrf_token(logged_in, api_client, user):
    client = api_client()
    token = one(ApiToken)
    response = logged_in.client.post(f"/account/tokens/{token.id}/revoke", data={})
    assert response.status_code == 400
    assert client.get("/api/v1/me").status_code == 200


def test_another_users_token_cannot_be_revoked_on_the_account_page(logged_in, api_client, user):
    grace = api_client("grace@example.com")
    token = one(ApiToken, ApiToken.user_id == grace.user_id)
    response = logged_in.submit("/account", {}, action=f"/account/tokens/{token.id}/revoke")
    assert response.status_code == 404
    assert grace.get("/api/v1/me").status_code == 200


def test_credentials_no_database_could_hold_are_a_422_not_an_error(api_client, user):
    client = api_client(None)
    for body in ('{"email": "ada@example.com\\u0000", "password": "x"}',
                 '{"email": "\\ud800@example.com", "password": "x"}'):
        response = client.post("/api/v1/tokens", data=body, content_type="application/json")
        assert response.status_code == 422, body

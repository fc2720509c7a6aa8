"""The account and the catalogue over the API, and errors that Flask raises under /api/."""
from app.records import Payment
from app.services import credits, payments
from models.catalogue import load_catalogue
from tests.app.conftest import count


def error_code(response) -> str:
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    return body["error"]["code"]


def test_me_says_who_you_are_and_your_credits(api_client, user):
    response = api_client().get("/api/v1/me")
    assert response.status_code == 200
    assert response.get_json() == {"email": user.email, "credits": 3}


def test_me_needs_a_token(api_client):
    response = api_client(None).get("/api/v1/me")
    assert response.status_code == 401 and error_code(response) == "missing_token"


def test_the_styles_are_listed_without_a_token(api_client):
    response = api_client(None).get("/api/v1/styles")
    assert response.status_code == 200
    styles = response.get_json()["styles"]
    assert [s["slug"] for s in styles] == [s.slug for s in load_catalogue()]
    for style in styles:
        assert set(style) == {"slug", "title", "artist", "year", "image_url"}
        assert style["image_url"] == f"/static/styles/{style['slug']}.jpg"


def test_the_packs_are_listed_without_a_token_in_the_smallest_unit(app, api_client):
    response = api_client(None).get("/api/v1/packs")
    assert response.status_code == 200
    packs = response.get_json()["packs"]
    assert packs and all(set(p) == {"id", "credits", "amount", "currency"} for p in packs)
    assert {(p["id"], p["credits"], p["amount"]) for p in packs} == set(app.config["CREDIT_PACKS"])
    assert all(isinstance(p["amount"], int) for p in packs)


def test_no_packs_are_listed_when_payments_are_off(app, api_client, monkeypatch):
    monkeypatch.setitem(app.config, "PAYMENTS_ENABLED", False)
    assert api_client(None).get("/api/v1/packs").get_json() == {"packs": []}


def test_checkout_opens_a_payment_page_for_a_pack(api_client, user):
    response = api_client().post("/api/v1/checkout", json={"pack": "small"})
    assert response.status_code == 201
    assert response.get_json()["url"].startswith("http")
    assert count(Payment) == 1 and credits.balance(user.id) == 3  # nothing paid yet


def test_checkout_of_an_unknown_pack_is_a_400(api_client, user):
    response = api_client().post("/api/v1/checkout", json={"pack": "gigantic"})
    assert response.status_code == 400 and error_code(response) == "unknown_pack"
    assert count(Payment) == 0


def test_checkout_without_a_pack_is_a_422_and_without_a_token_a_401(api_client, user):
    response = api_client().post("/api/v1/checkout", json={"pack": 3})
    assert response.status_code == 422 and error_code(response) == "invalid_pack"
    assert api_client(None).post("/api/v1/checkout", json={"pack": "small"}).status_code == 401


def test_checkout_when_payments_are_off_is_a_503(app, api_client, user, monkeypatch):
    monkeypatch.setitem(app.config, "PAYMENTS_ENABLED", False)
    response = api_client().post("/api/v1/checkout", json={"pack": "small"})
    assert response.status_code == 503 and error_code(response) == "payments_unavailable"


def test_checkout_that_stripe_refuses_is_a_502_and_charges_nothing(api_client, user, monkeypatch):
    def refused(*args, **kwargs):
        raise payments.CheckoutFailed("The payment page could not be opened; nothing was charged.")

    monkeypatch.setattr(payments, "create_checkout", refused)
    response = api_client().post("/api/v1/checkout", json={"pack": "small"})
    assert response.status_code == 502 and error_code(response) == "checkout_failed"
    assert response.headers["Retry-After"] == "30"


def test_an_unknown_api_path_is_a_json_404(api_client):
    response = api_client(None).get("/api/v1/paintings", headers={"Accept": "text/html"})
    assert response.status_code == 404 and error_code(response) == "not_found"


def test_a_wrong_method_is_a_json_405_with_allow(api_client, user):
    response = api_client().open("PUT", "/api/v1/me")
    assert response.status_code == 405 and error_code(response) == "method_not_allowed"
    assert "GET" in response.headers["Allow"]


def test_an_oversized_json_body_is_a_json_413(api_client, user):
    response = api_client(None).post("/api/v1/tokens", data=b"{" + b" " * (21 * 1024 * 1024),
                                     content_type="application/json")
    assert response.status_code == 413 and error_code(response) == "file_too_large"


def test_an_unexpected_error_is_a_json_500_without_details(app, api_client, user, monkeypatch):
    def broken(user_id):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(credits, "balance", broken)
    response = api_client().get("/api/v1/me")
    assert response.status_code == 500 and error_code(response) == "internal_error"
    assert "fire" not in response.get_data(as_text=True)


def test_web_pages_keep_their_html_error_pages(browser):
    response = browser.get("/no-such-page")
    assert response.status_code == 404 and response.mimetype == "text/html"

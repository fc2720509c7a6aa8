"""Hypothesis throws arbitrary input at the upload and form parsers: never a 5xx."""
import io

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.app.conftest import Browser

FUZZ = settings(max_examples=40, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
MAGIC = st.sampled_from([b"", b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"GIF89a", b"RIFF\0\0\0\0WEBP",
                         b"<svg", b"%PDF-"])
text = st.text(max_size=300)


@FUZZ
@example(email="nul\x00@example.com", password="p\x00" * 5, confirm="p\x00" * 5)
@given(email=text, password=text, confirm=text)
def test_the_signup_form_never_fails_with_a_server_error(app, email, password, confirm):
    browser = Browser(app.test_client())
    response = browser.submit("/signup", {"email": email, "password": password, "confirm": confirm})
    assert response.status_code < 500


@FUZZ
@example(email="nul\x00@example.com", password="\x00", next_url="/\x00")
@given(email=text, password=text, next_url=text)
def test_the_login_form_never_fails_with_a_server_error(app, email, password, next_url):
    browser = Browser(app.test_client())
    response = browser.client.get("/login", query_string={"next": next_url})
    assert response.status_code < 500
    response = browser.submit("/login", {"email": email, "password": password})
    assert response.status_code < 500


@FUZZ
@example(magic=b"", body=b"", filename="\x00.jpg", style="wave\x00")
@given(magic=MAGIC, body=st.binary(max_size=2000), filename=text, style=text)
def test_the_upload_form_never_fails_with_a_server_error(logged_in, magic, body, filename, style):
    response = logged_in.submit("/create", {"photo": (io.BytesIO(magic + body), filename or "x"),
                                            "style": style}, content_type="multipart/form-data")
    assert response.status_code < 500


@FUZZ
@given(magic=MAGIC, body=st.binary(max_size=2000), style=text, strength=text, colors=text)
def test_the_api_upload_never_fails_with_a_server_error(api_client, magic, body, style, strength, colors):
    client = api_client()
    response = client.post("/api/v1/jobs", content_type="multipart/form-data", data={
        "photo": (io.BytesIO(magic + body), "p.jpg"), "style": style, "strength": strength,
        "preserve_colors": colors})
    assert response.status_code < 500
    body = response.get_json(silent=True)  # every answer of the API is JSON, a refusal too
    assert isinstance(body, dict), response.data[:200]
    if response.status_code == 202:
        assert body["status"] == "queued"
    else:
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body

"""Error pages in the site's design, each with a way back."""
import pytest

from app import create_app
from app.extensions import limiter
from tests.app import photos
from tests.app.conftest import Browser


def assert_designed(response, status: int, *texts: str) -> str:
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert '<link rel="stylesheet" href="/static/css/app.css">' in html
    assert 'class="site-header"' in html and 'href="/">Back to the home page</a>' in html
    for text in texts:
        assert text in html, text
    return html


def test_an_unknown_page_is_a_designed_404(browser):
    assert_designed(browser.get("/no/such/page"), 404, "Not found")


def test_a_signed_in_404_offers_the_pictures_too(logged_in):
    assert_designed(logged_in.get("/jobs/nope"), 404, 'href="/history"')


def test_a_too_large_upload_is_a_designed_413_that_leads_back_to_create(logged_in, app):
    response = logged_in.upload(b"\xff" * ((app.config["MAX_UPLOAD_MB"] + 1) * 1024 * 1024))
    assert_designed(response, 413, "That file is too large", f"up to {app.config['MAX_UPLOAD_MB']} MB",
                    'href="/create">Choose a smaller photo</a>')


def test_too_many_requests_is_a_designed_429_with_retry_after(app, app_settings, user):
    limited = create_app({**app_settings, "RATELIMIT_ENABLED": True, "RATELIMIT_STORAGE_URI": "memory://"})
    limiter.reset()
    try:
        browser = Browser(limited.test_client())
        for _ in range(20):
            browser.login(user.email, "guessing")
        response = browser.login(user.email, "guessing")
        assert_designed(response, 429, "Slow down a little")
        assert int(response.headers["Retry-After"]) > 0
    finally:
        limiter.reset()
        limiter.init_app(app)  # its settings say RATELIMIT_ENABLED=False: off again


def test_an_unexpected_error_is_a_designed_500(app_settings, app):
    broken = create_app({**app_settings, "PROPAGATE_EXCEPTIONS": False})

    @broken.route("/boom")
    def boom():
        raise RuntimeError("boom")

    with broken.app_context():
        response = broken.test_client().get("/boom")
    html = assert_designed(response, 500, "Something went wrong")
    assert "RuntimeError" not in html


def test_a_json_client_still_gets_json_errors(browser):
    response = browser.get("/no/such/page", headers={"Accept": "application/json"})
    assert response.status_code == 404 and response.get_json()["error"]["code"] == "not_found"


def test_an_upload_error_keeps_the_form_and_explains(logged_in):
    response = logged_in.upload(photos.jpeg()[:40], filename="broken.jpg")
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and 'class="error"' in html and 'aria-invalid="true"' in html
    assert 'type="file"' in html


def test_a_refused_form_returns_to_its_page_with_the_message(logged_in):
    job_url = logged_in.upload(photos.jpeg()).headers["Location"]
    response = logged_in.submit(job_url, {}, action=job_url + "/share")
    assert response.status_code == 303 and response.headers["Location"] == job_url
    assert "Only a finished picture can be shared." in logged_in.get(job_url).get_data(as_text=True)


def test_a_refused_form_sent_without_a_referer_gets_an_honest_error_page(logged_in):
    """Browsers that withhold the Referer get the refusal's status and message, in the design."""
    job_url = logged_in.upload(photos.jpeg()).headers["Location"]
    token = logged_in.csrf_token(job_url)
    response = logged_in.client.post(job_url + "/share", data={"csrf_token": token})
    html = assert_designed(response, 409, "Not ready yet")
    assert "Only a finished picture can be shared." in html


def test_a_page_script_asking_for_json_gets_the_refusal_as_json(logged_in):
    token = logged_in.csrf_token("/create")
    response = logged_in.client.post("/previews", data={"csrf_token": token, "brush": "huge"},
                                     headers={"Accept": "application/json"})
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "invalid_brush"


@pytest.mark.parametrize("referer", ["http://localhost//evil.example/x", "http://localhost/\\evil.example",
                                     "https://evil.example/jobs/1", "not a url"])
def test_a_refused_form_never_returns_off_the_site(logged_in, referer):
    """The Referer only ever names a page of this site: anything else gets the error page."""
    job_url = logged_in.upload(photos.jpeg()).headers["Location"]
    token = logged_in.csrf_token(job_url)
    response = logged_in.client.post(job_url + "/share", data={"csrf_token": token},
                                     headers={"Referer": referer})
    assert response.status_code == 409 and "Location" not in response.headers

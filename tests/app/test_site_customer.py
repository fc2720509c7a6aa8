"""The site as a paying customer sees it: errors at their form, the about and privacy
page read from the settings, the favicon, what made a picture and starting the create
page again from it, and the history's actions."""
import io

from tests.app import photos
from tests.app.steps import paint


def test_a_wrong_current_password_is_shown_at_its_field_focused_and_announced(logged_in):
    response = logged_in.submit("/account", {"current": "not it", "new": "a long new password",
                                             "confirm_new": "a long new password"}, action="/account/password")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    field = html.split('id="current"')[0].rsplit("<input", 1)[1] + html.split('id="current"')[1].split(">", 1)[0]
    assert 'aria-invalid="true"' in field and "autofocus" in field and 'aria-describedby="current-help"' in field
    assert '<p class="help" id="current-help" role="alert">' in html


def test_a_wrong_password_to_delete_the_account_is_shown_at_that_form(logged_in):
    response = logged_in.submit("/account", {"password": "not it"}, action="/account/delete")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<p class="help" id="delete-password-help" role="alert">' in html
    assert "autofocus" in html.split('id="delete-password"')[1].split(">", 1)[0] \
        or "autofocus" in html.split('id="delete-password"')[0].rsplit("<input", 1)[1]


def test_paint_it_without_a_photo_says_so_at_the_photo_field(logged_in):
    response = logged_in.submit("/create", {"style": "wave"}, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert '<span class="error" role="alert">Choose a photo to upload.</span>' in html
    photo_input = html.split('id="photo"')[0].rsplit("<input", 1)[1] + html.split('id="photo"')[1].split(">", 1)[0]
    assert "autofocus" in photo_input and 'aria-invalid="true"' in photo_input


def test_the_about_page_says_what_is_kept_for_how_long_from_the_settings(app, browser, monkeypatch):
    monkeypatch.setitem(app.config, "RESULT_RETENTION_DAYS", 30)
    monkeypatch.setitem(app.config, "PREVIEW_TTL_HOURS", 6)
    html = browser.get("/about").get_data(as_text=True)
    assert "30 days after painting" in html and "6 hours, then deleted" in html
    assert 'id="privacy"' in html and 'id="terms"' in html and 'id="contact"' in html
    assert "/account#delete-account" in html
    monkeypatch.setitem(app.config, "RESULT_RETENTION_DAYS", 0)
    monkeypatch.setitem(app.config, "CONTACT_EMAIL", "help@example.com")
    html = browser.get("/about").get_data(as_text=True)
    assert "until you delete them or your account" in html and "mailto:help@example.com" in html


def test_every_page_links_about_prices_privacy_terms_and_contact(browser):
    html = browser.get("/").get_data(as_text=True)
    footer = html.split('<footer class="site-footer">')[1]
    for href in ('href="/about"', 'href="/#pricing"', 'href="/about#privacy"', 'href="/about#terms"',
                 'href="/about#contact"'):
        assert href in footer, href


def test_the_favicon_is_served_both_ways(browser):
    html = browser.get("/").get_data(as_text=True)
    assert '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">' in html
    icon = browser.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml" and b"<svg" in icon.data


def test_the_result_page_says_what_made_the_picture_and_starts_the_create_page_from_it(logged_in):
    url = logged_in.submit("/create", {"photo": (io.BytesIO(photos.textured_jpeg(320, 240)), "p.jpg"),
                                       "style": "udnie", "strength": "0.6", "preserve_colors": "y"},
                           content_type="multipart/form-data").headers["Location"]
    from app.services import runner
    from tests.fakes import MirrorEngine

    runner.run_job(url.rsplit("/", 1)[1], MirrorEngine())
    html = logged_in.get(url).get_data(as_text=True)
    for words in ("<dt>Style</dt><dd>Udnie", "<dt>Method</dt><dd>Instant", "<dt>Strength</dt><dd>60%",
                  "<dt>Colours</dt><dd>your photo&#39;s"):
        assert words in html, words
    again = html.split(">Try another style</a>")[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    assert again.startswith("/create?") and "strength=0.6" in again and "preserve_colors=y" in again
    create = logged_in.get(again).get_data(as_text=True)
    assert 'value="0.60"' in create and 'checked id="preserve_colors"' in create


def test_the_create_page_starts_a_masterpiece_from_the_query(logged_in):
    html = logged_in.get("/create?method=optimise&size=256&style_weight=60&strength=bad").get_data(as_text=True)
    assert 'name="method" value="optimise" checked' in html and 'value="256" data-credits="2" selected' in html
    assert 'value="60"' in html


def test_history_cards_offer_download_and_a_quiet_delete(logged_in):
    job = paint(logged_in)
    html = logged_in.get("/history").get_data(as_text=True)
    assert f'href="/jobs/{job.id}/download" download' in html
    assert 'class="button quiet small" aria-label="Delete' in html and "button danger" not in html


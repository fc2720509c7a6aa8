"""The one door for uploads (app/services/uploads.py): the web reads headers and makes
display copies only within its bound; what it cannot reduce, the worker does."""
import io

import pytest
from PIL import Image

from app.extensions import db
from app.records import Job, PreviewSet, StoredImage
from app.services import jobs, previews, runner, uploads, user_styles
from app.services.errors import ServiceError
from tests.app import photos
from tests.fakes import MirrorEngine

BIG = (3000, 3000)  # 9 MP: over WEB_DECODE_MAX_PIXELS as a PNG


def test_one_door_reports_format_and_size_from_the_header_with_honest_statuses(app):
    upload = uploads.inspect_upload(photos.noisy_band_png(*BIG))
    assert (upload.format, upload.width, upload.height) == ("PNG", 3000, 3000)
    with pytest.raises(ServiceError) as not_an_image:
        uploads.inspect_upload(b"plain text")
    with pytest.raises(ServiceError) as truncated:
        uploads.inspect_upload(photos.jpeg(640, 480)[:300])
    assert (not_an_image.value.status, truncated.value.status) == (415, 422)


def test_a_big_jpeg_gets_its_copies_here_through_draft_upright(app):
    buffer = io.BytesIO()
    exif = Image.Exif()
    exif[0x0112] = 6  # a phone held upright: turned a quarter when shown
    Image.new("RGB", (6000, 4000), (30, 90, 200)).save(buffer, "JPEG", exif=exif.tobytes())
    upload = uploads.inspect_upload(buffer.getvalue())
    preview, thumb = uploads.display_copies(upload, 1024, 480)
    assert preview.shape == (1024, 683, 3) and thumb.shape == (480, 320, 3)


def test_a_big_png_job_gets_its_photo_copies_from_the_worker(user, logged_in):
    job = jobs.submit(user.id, photos.noisy_band_png(*BIG), "wave")
    assert job.photo_preview_id is None and job.photo_thumb_id is None
    page = logged_in.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "once a painter has unpacked it" in page
    assert runner.run_job(job.id, MirrorEngine()) == "done"
    db.session.expire_all()
    job = db.session.get(Job, job.id)
    preview = db.session.get(StoredImage, job.photo_preview_id)
    thumb = db.session.get(StoredImage, job.photo_thumb_id)
    assert (preview.width, thumb.width) == (1024, 480)
    assert logged_in.get(f"/jobs/{job.id}/images/photo").status_code == 200


def test_a_big_png_preview_is_reduced_by_the_worker_and_the_upload_dropped(user, logged_in):
    preview_set = previews.request_set(user.id, photos.noisy_band_png(*BIG))
    stored = db.session.get(StoredImage, preview_set.photo_id)
    assert stored.role == previews.UPLOAD_ROLE
    photo_url = f"/previews/{preview_set.id}/images/photo"
    assert logged_in.get(photo_url).status_code == 404  # the upload as sent is never served
    assert previews.render(preview_set.id, MirrorEngine()) == "done"
    db.session.expire_all()
    small = db.session.get(StoredImage, db.session.get(PreviewSet, preview_set.id).photo_id)
    # reduced to the brush's working size (medium: 1280 px), where the result is painted
    assert (small.role, small.width, small.height) == ("preview_photo", 1280, 1280)
    assert db.session.get(StoredImage, stored.id) is None
    assert logged_in.get(photo_url).status_code == 200


def test_a_big_png_as_ones_own_painting_is_refused_with_a_clear_message(user):
    with pytest.raises(ServiceError) as refused:
        user_styles.create(user.id, photos.noisy_band_png(*BIG))
    assert (refused.value.code, refused.value.status) == ("image_too_large", 422)
    assert "send a smaller picture or a JPEG" in refused.value.message


@pytest.fixture
def limited(app, app_settings):
    from app import create_app
    from app.extensions import limiter

    limited_app = create_app({**app_settings, "RATELIMIT_ENABLED": True,
                              "OWN_STYLE_RATELIMIT": "2/hour"})
    limiter.reset()
    yield limited_app
    limiter.reset()
    limiter.init_app(app)  # its settings say RATELIMIT_ENABLED=False: off again


def test_own_painting_uploads_are_rate_limited_per_user(limited, user, other_browser):
    from tests.app.conftest import Browser

    def send(browser, color):
        return browser.submit("/account", {"image": (io.BytesIO(photos.jpeg(color=color)), "p.jpg")},
                              action="/my-styles", content_type="multipart/form-data")

    ada = Browser(limited.test_client())
    ada.login(user.email)
    assert [send(ada, (i, i, i)).status_code for i in range(3)] == [303, 303, 429]
    grace = Browser(limited.test_client())
    grace.login("grace@example.com")
    assert send(grace, (9, 9, 9)).status_code == 303

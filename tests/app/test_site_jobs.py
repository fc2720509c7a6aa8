"""Results on the site: thumbnails, another style for the same photo, history and deletion."""
import io
import re

from PIL import Image

from app.extensions import db
from app.records import CreditEntry, Job, StoredImage
from app.services import credits, runner
from tests.app import photos
from tests.app.conftest import count, one
from tests.app.steps import paint
from tests.fakes import MirrorEngine


def size_of(response) -> tuple[int, int]:
    return Image.open(io.BytesIO(response.data)).size


def test_an_upload_stores_a_small_thumbnail_of_the_photo(logged_in):
    logged_in.upload(photos.textured_jpeg(1600, 1200))
    job = one(Job)
    thumb = db.session.get(StoredImage, job.photo_thumb_id)
    assert (thumb.role, thumb.width, thumb.height, thumb.content_type) == ("photo_thumb", 480, 360, "image/jpeg")
    assert size_of(logged_in.get(f"/jobs/{job.id}/images/photo_thumb")) == (480, 360)


def test_the_worker_stores_a_small_thumbnail_of_the_result(logged_in):
    job = paint(logged_in)
    thumb = db.session.get(StoredImage, job.result_thumb_id)
    assert (thumb.role, thumb.width, thumb.height) == ("result_thumb", 480, 360)
    assert size_of(logged_in.get(f"/jobs/{job.id}/images/thumb")) == (480, 360)


def test_the_history_grid_loads_thumbnails_never_the_full_image(logged_in):
    job = paint(logged_in)
    html = logged_in.get("/history").get_data(as_text=True)
    assert f'/jobs/{job.id}/images/thumb' in html
    assert 'width="480" height="360"' in html
    assert f"/jobs/{job.id}/images/preview" not in html and 'src="/jobs/' + job.id + '/download' not in html


def test_a_job_from_before_thumbnails_falls_back_to_its_preview(logged_in):
    job = paint(logged_in, photo=photos.jpeg(200, 100))
    job.photo_thumb_id = job.result_thumb_id = None
    db.session.commit()
    assert size_of(logged_in.get(f"/jobs/{job.id}/images/thumb")) == (200, 100)
    assert size_of(logged_in.get(f"/jobs/{job.id}/images/photo_thumb")) == (200, 100)


def test_the_result_page_has_a_slider_downloads_and_another_style(logged_in):
    job = paint(logged_in, style="wave")
    html = logged_in.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert 'type="range"' in html and 'for="result-range"' in html
    assert f"/jobs/{job.id}/download" in html and "format=png" in html
    assert f'action="/jobs/{job.id}/restyle"' in html
    assert 'value="wave"' not in html.split('id="restyle"')[1]  # the style it already has
    assert 'value="udnie"' in html


def test_another_style_is_a_new_job_with_its_own_copy_of_the_photo_and_costs_a_credit(logged_in, user):
    first = paint(logged_in, style="wave")
    token = logged_in.csrf_token(f"/jobs/{first.id}")
    response = logged_in.client.post(f"/jobs/{first.id}/restyle",
                                     data={"csrf_token": token, "style": "udnie"})
    assert response.status_code == 303
    second = one(Job, Job.id != first.id)
    assert response.headers["Location"] == f"/jobs/{second.id}"
    assert (second.style, second.status, second.width, second.height) == ("udnie", "queued", 1600, 1200)
    assert credits.balance(user.id) == 1
    assert one(CreditEntry, CreditEntry.job_id == second.id).delta == -1
    for field in ("photo_id", "photo_preview_id", "photo_thumb_id"):
        mine, theirs = getattr(second, field), getattr(first, field)
        assert mine != theirs
        assert db.session.get(StoredImage, mine).data == db.session.get(StoredImage, theirs).data
    # Deleting the first job never breaks the second.
    token = logged_in.csrf_token("/history")
    logged_in.client.post(f"/jobs/{first.id}/delete", data={"csrf_token": token, "confirm": "yes"})
    assert count(Job) == 1
    assert runner.run_job(second.id, MirrorEngine()) == "done"
    assert size_of(logged_in.get(f"/jobs/{second.id}/download")) == (1600, 1200)


def test_another_style_without_credits_is_refused_and_nothing_is_stored(logged_in, user):
    first = paint(logged_in)
    credits.add_entry(user.id, -credits.balance(user.id), credits.EntryKind.GRANT, "used up")
    db.session.commit()
    images = count(StoredImage)
    token = logged_in.csrf_token(f"/jobs/{first.id}")
    response = logged_in.client.post(f"/jobs/{first.id}/restyle", data={"csrf_token": token, "style": "udnie"})
    assert response.status_code == 402 and "no credits left" in response.get_data(as_text=True)
    assert count(Job) == 1 and count(StoredImage) == images


def test_another_style_of_someone_elses_job_does_not_exist(logged_in, other_browser):
    job = paint(logged_in)
    token = other_browser.csrf_token("/create")
    response = other_browser.client.post(f"/jobs/{job.id}/restyle", data={"csrf_token": token, "style": "udnie"})
    assert response.status_code == 404 and count(Job) == 1


def test_the_history_is_newest_first_and_paginated(logged_in, user):
    credits.add_entry(user.id, 20, credits.EntryKind.GRANT, "tests")
    db.session.commit()
    ids = [logged_in.upload(photos.jpeg()).headers["Location"].rsplit("/", 1)[1] for _ in range(14)]
    first = logged_in.get("/history").get_data(as_text=True)
    found = re.findall(r'class="history-link" href="/jobs/([0-9a-f]+)"', first)
    assert found == ids[::-1][:12]
    assert "Page 1 of 2" in first and 'href="/history?page=2"' in first
    second = logged_in.get("/history?page=2").get_data(as_text=True)
    assert re.findall(r'class="history-link" href="/jobs/([0-9a-f]+)"', second) == ids[::-1][12:]


def test_deleting_without_confirmation_shows_a_confirmation_page_first(logged_in):
    job = paint(logged_in)
    token = logged_in.csrf_token("/history")
    page = logged_in.client.post(f"/jobs/{job.id}/delete", data={"csrf_token": token, "next": "/history?page=1"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Delete this picture?" in html
    assert 'name="confirm" value="yes"' in html and 'name="next" value="/history?page=1"' in html
    assert count(Job) == 1
    assert "Delete this picture?" in logged_in.get(f"/jobs/{job.id}/delete").get_data(as_text=True)


def test_a_confirmed_deletion_removes_the_photo_and_the_result_for_real(logged_in):
    job_id = paint(logged_in).id
    assert count(StoredImage) == 6
    token = logged_in.csrf_token("/history")
    response = logged_in.client.post(f"/jobs/{job_id}/delete",
                                     data={"csrf_token": token, "confirm": "yes", "next": "/history?page=1"})
    assert response.status_code == 303 and response.headers["Location"] == "/history?page=1"
    assert count(Job) == 0 and count(StoredImage) == 0
    assert logged_in.get(f"/jobs/{job_id}/images/thumb").status_code == 404


def test_a_deletion_never_redirects_off_site(logged_in):
    job = paint(logged_in)
    token = logged_in.csrf_token("/history")
    response = logged_in.client.post(f"/jobs/{job.id}/delete",
                                     data={"csrf_token": token, "confirm": "yes", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/history"

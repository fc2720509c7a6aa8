"""Jobs over the JSON API: submit, list, poll, download and delete."""
import io
import re
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from PIL import Image

from app.extensions import db
from app.records import Job, StoredImage
from app.services import credits, runner
from tests.app import photos
from tests.app.conftest import count, one
from tests.app.steps import error_code, submit
from tests.fakes import MirrorEngine

JOB_FIELDS = {"id", "status", "style", "strength", "preserve_colors", "method", "cost", "brush", "settings",
              "progress", "created_at", "started_at", "finished_at", "error", "width", "height",
              "links", "mix", "estimated_seconds", "kind"}  # kind: API.md "Videos"
UTC_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|\+00:00)$")


def finish(job_id: str) -> None:
    assert runner.run_job(job_id, MirrorEngine()) == "done"


@pytest.fixture
def ada(api_client, user):
    return api_client()


@pytest.fixture
def done_job(ada) -> str:
    job_id = submit(ada).get_json()["id"]
    finish(job_id)
    return job_id


def test_submitting_a_photo_queues_a_job_and_spends_one_credit(ada, user):
    response = submit(ada, strength="0.5", preserve_colors="true")
    assert response.status_code == 202
    body = response.get_json()
    assert set(body) == {"id", "status", "style", "brush", "cost", "created_at", "links",
                         "estimated_seconds"}
    assert (body["status"], body["style"]) == ("queued", "wave")
    assert UTC_TIME.match(body["created_at"])
    assert body["links"] == {"self": f"/api/v1/jobs/{body['id']}",
                             "result": f"/api/v1/jobs/{body['id']}/result"}
    assert response.headers["Location"] == body["links"]["self"]
    job = one(Job)
    assert (job.id, job.strength, job.preserve_colors) == (body["id"], 0.5, True)
    assert credits.balance(user.id) == 2


def test_strength_and_preserve_colors_have_defaults(ada):
    job = ada.get(submit(ada).get_json()["links"]["self"]).get_json()
    assert (job["strength"], job["preserve_colors"]) == (1.0, False)


def test_an_unknown_style_is_a_400_and_costs_nothing(ada, user):
    response = submit(ada, style="picasso_blue")
    assert response.status_code == 400 and error_code(response) == "unknown_style"
    assert count(Job) == 0 and credits.balance(user.id) == 3


@pytest.mark.parametrize("fields, code", [
    ({"omit": "photo"}, "missing_photo"),
    ({"omit": "style"}, "missing_style"),
    ({"strength": "1.5"}, "invalid_strength"),
    ({"strength": "-0.1"}, "invalid_strength"),
    ({"strength": "strong"}, "invalid_strength"),
    ({"strength": "nan"}, "invalid_strength"),
    ({"preserve_colors": "yes"}, "invalid_preserve_colors"),
])
def test_a_missing_or_bad_field_is_a_422_and_costs_nothing(ada, user, fields, code):
    response = submit(ada, **fields)
    assert response.status_code == 422 and error_code(response) == code
    assert count(Job) == 0 and credits.balance(user.id) == 3


def test_an_empty_photo_is_a_422(ada):
    response = submit(ada, b"")
    assert response.status_code == 422 and error_code(response) == "missing_photo"


def test_a_text_file_is_a_415(ada, user):
    response = submit(ada, b"just some text, not a photo\n" * 100)
    assert response.status_code == 415
    assert error_code(response) == "unsupported_media_type"
    assert count(StoredImage) == 0 and credits.balance(user.id) == 3


def test_a_truncated_jpeg_is_a_422(ada, user):
    response = submit(ada, photos.textured_jpeg(64, 48)[:300])
    assert response.status_code == 422 and credits.balance(user.id) == 3


def test_an_image_over_the_pixel_limit_is_a_422_image_too_large(app, ada, user, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_IMAGE_MEGAPIXELS", 1)
    response = submit(ada, photos.jpeg(1250, 1000))
    assert response.status_code == 422 and error_code(response) == "image_too_large"
    assert count(Job) == 0 and credits.balance(user.id) == 3


def test_an_upload_over_the_size_limit_is_a_413_in_json(ada, user):
    response = submit(ada, b"\xff" * (21 * 1024 * 1024))
    assert response.status_code == 413 and error_code(response) == "file_too_large"
    assert count(Job) == 0 and credits.balance(user.id) == 3


def test_with_no_credits_left_a_job_is_a_402(ada, user):
    for _ in range(3):
        assert submit(ada).status_code == 202
    response = submit(ada)
    assert response.status_code == 402 and error_code(response) == "no_credits"
    assert count(Job) == 3


def test_a_job_reads_back_with_every_documented_field(ada):
    job_id = submit(ada, photos.jpeg(64, 48)).get_json()["id"]
    response = ada.get(f"/api/v1/jobs/{job_id}")
    assert response.status_code == 200
    job = response.get_json()
    assert set(job) == JOB_FIELDS
    assert (job["status"], job["width"], job["height"], job["error"]) == ("queued", 64, 48, None)
    assert job["started_at"] is None and job["finished_at"] is None
    assert UTC_TIME.match(job["created_at"])


def test_a_done_job_has_its_times_and_a_failed_one_says_why(ada, done_job):
    done = ada.get(f"/api/v1/jobs/{done_job}").get_json()
    assert done["status"] == "done"
    assert UTC_TIME.match(done["started_at"]) and UTC_TIME.match(done["finished_at"])
    failed_id = submit(ada).get_json()["id"]
    runner.fail(one(Job, Job.id == failed_id), "The engine could not read it.")
    failed = ada.get(f"/api/v1/jobs/{failed_id}").get_json()
    assert (failed["status"], failed["error"]) == ("failed", "The engine could not read it.")


def test_ids_are_opaque_strings_not_counters(ada):
    first, second = (submit(ada).get_json()["id"] for _ in range(2))
    assert isinstance(first, str) and not first.isdigit() and len(first) >= 16
    assert first != second


def test_the_job_list_is_newest_first_twenty_a_page_with_a_next_link(ada, user):
    credits.grant(db.session.get(type(user), user.id), 30, "tests")
    ids = [submit(ada).get_json()["id"] for _ in range(23)]
    base = datetime(2026, 1, 1)
    for minutes, job_id in enumerate(ids):  # distinct creation times, oldest first
        db.session.execute(sa.update(Job).where(Job.id == job_id)
                           .values(created_at=base + timedelta(minutes=minutes)))
    db.session.commit()
    first = ada.get("/api/v1/jobs").get_json()
    assert [j["id"] for j in first["jobs"]] == ids[::-1][:20]
    assert set(first["jobs"][0]) == JOB_FIELDS
    assert first["next"] == "/api/v1/jobs?page=2"
    second = ada.get(first["next"]).get_json()
    assert [j["id"] for j in second["jobs"]] == ids[::-1][20:]
    assert second["next"] is None


def test_the_job_list_shows_only_your_own_jobs(ada, api_client):
    submit(ada)
    grace = api_client("grace@example.com")
    assert grace.get("/api/v1/jobs").get_json() == {"jobs": [], "next": None}


@pytest.mark.parametrize("page", ["0", "-1", "two", "", "99999999999999999999"])
def test_a_bad_page_number_is_a_422(ada, page):
    response = ada.get(f"/api/v1/jobs?page={page}")
    assert response.status_code == 422 and error_code(response) == "invalid_page"


def test_another_users_job_is_a_404_everywhere(ada, api_client, done_job):
    grace = api_client("grace@example.com")
    for method, suffix in (("GET", ""), ("GET", "/result"), ("DELETE", "")):
        response = grace.open(method, f"/api/v1/jobs/{done_job}{suffix}")
        assert response.status_code == 404 and error_code(response) == "not_found"
    assert count(Job) == 1


def test_an_unknown_job_id_is_a_404(ada):
    for url in ("/api/v1/jobs/nope", "/api/v1/jobs/nope/result"):
        assert ada.get(url).status_code == 404


def test_the_result_is_a_409_until_the_job_is_done(ada):
    job_id = submit(ada).get_json()["id"]
    response = ada.get(f"/api/v1/jobs/{job_id}/result")
    assert response.status_code == 409 and error_code(response) == "not_ready"


def test_a_failed_jobs_result_is_a_409_that_says_why(ada):
    job_id = submit(ada).get_json()["id"]
    runner.fail(one(Job, Job.id == job_id), "It could not be painted.")
    response = ada.get(f"/api/v1/jobs/{job_id}/result")
    assert response.status_code == 409 and error_code(response) == "job_failed"
    assert response.get_json()["error"]["message"] == "It could not be painted."


def test_a_done_result_downloads_as_jpeg_by_default(ada, done_job):
    response = ada.get(f"/api/v1/jobs/{done_job}/result")
    assert response.status_code == 200 and response.mimetype == "image/jpeg"
    assert response.headers["Content-Disposition"] == (
        f'attachment; filename="wave-{done_job[:8]}.jpg"')
    assert Image.open(io.BytesIO(response.data)).size == (64, 48)


def test_a_done_result_downloads_as_png_when_asked(ada, done_job):
    response = ada.get(f"/api/v1/jobs/{done_job}/result?format=png")
    assert response.status_code == 200 and response.mimetype == "image/png"
    assert response.headers["Content-Disposition"].endswith('.png"')
    assert Image.open(io.BytesIO(response.data)).format == "PNG"


def test_an_unknown_result_format_is_a_422(ada, done_job):
    response = ada.get(f"/api/v1/jobs/{done_job}/result?format=tiff")
    assert response.status_code == 422 and error_code(response) == "invalid_format"


def test_a_result_carries_validators_and_answers_304_when_unchanged(ada, done_job):
    first = ada.get(f"/api/v1/jobs/{done_job}/result")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    by_etag = ada.get(f"/api/v1/jobs/{done_job}/result", headers={"If-None-Match": etag})
    assert by_etag.status_code == 304 and by_etag.data == b""
    assert by_etag.headers["ETag"] == etag
    by_date = ada.get(f"/api/v1/jobs/{done_job}/result", headers={"If-Modified-Since": modified})
    assert by_date.status_code == 304
    stale = ada.get(f"/api/v1/jobs/{done_job}/result", headers={"If-None-Match": '"other"'})
    assert stale.status_code == 200 and stale.data == first.data


def test_the_jpeg_and_png_results_have_different_etags(ada, done_job):
    jpeg = ada.get(f"/api/v1/jobs/{done_job}/result").headers["ETag"]
    png = ada.get(f"/api/v1/jobs/{done_job}/result?format=png")
    assert png.headers["ETag"] != jpeg
    again = ada.get(f"/api/v1/jobs/{done_job}/result?format=png", headers={"If-None-Match": jpeg})
    assert again.status_code == 200


def test_deleting_a_queued_job_is_a_409_and_keeps_it(ada):
    job_id = submit(ada).get_json()["id"]
    response = ada.delete(f"/api/v1/jobs/{job_id}")
    assert response.status_code == 409 and error_code(response) == "job_not_finished"
    assert count(Job) == 1


def test_deleting_a_finished_job_removes_its_images_and_returns_no_credit(ada, user, done_job):
    job = one(Job)
    image_ids = [job.photo_id, job.photo_preview_id, job.result_id, job.result_preview_id]
    assert all(image_ids) and credits.balance(user.id) == 2
    response = ada.delete(f"/api/v1/jobs/{done_job}")
    assert response.status_code == 204 and response.data == b""
    assert count(Job) == 0
    assert count(StoredImage, StoredImage.id.in_(image_ids)) == 0
    assert credits.balance(user.id) == 2
    assert ada.get(f"/api/v1/jobs/{done_job}").status_code == 404


def test_a_web_upload_shows_up_in_the_api(logged_in, ada):
    logged_in.upload(photos.jpeg(), style="udnie")
    jobs = ada.get("/api/v1/jobs").get_json()["jobs"]
    assert [j["style"] for j in jobs] == ["udnie"]


def test_an_id_no_database_could_hold_is_a_404_not_an_error(ada):
    for method, url in (("GET", "/api/v1/jobs/a%00b"), ("GET", "/api/v1/jobs/%00/result"),
                        ("DELETE", "/api/v1/jobs/%00"), ("DELETE", "/api/v1/tokens/%00")):
        assert ada.open(method, url).status_code == 404, url

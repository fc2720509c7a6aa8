"""Issue 16, item 2 and issue 15, "Honest time": a job's time is estimated from what the
workers measured, and a job that could not finish within the time limit is refused at
submission (it used to run for minutes, fail, refund, and start again for free)."""
import io
from datetime import timedelta

import pytest

from app.extensions import db
from app.records import CreditEntry, Job, StoredImage
from app.records.common import utcnow
from app.services import credits, estimates, jobs
from app.services.errors import ServiceError
from tests.app import photos
from tests.app.conftest import count


@pytest.fixture
def short_limit(app):
    """Workers allowed 20 s a job: a fast job may be estimated at 4 s (0.8 of the soft 5 s)."""
    saved = app.config["JOB_TIME_LIMIT"]
    app.config["JOB_TIME_LIMIT"] = 20
    yield estimates.limit_seconds()
    app.config["JOB_TIME_LIMIT"] = saved


def painted(user_id: str, width: int, height: int, engine_ms: int) -> None:
    """A job a worker finished, as the runner records it."""
    now = utcnow()
    photo = StoredImage(owner_id=user_id, role="photo", data=b"x", content_type="image/jpeg",
                        width=width, height=height, byte_size=1)
    db.session.add(photo)
    db.session.flush()
    db.session.add(Job(user_id=user_id, style="wave", photo_id=photo.id, width=width,
                       height=height, status="done", engine_ms=engine_ms, started_at=now,
                       finished_at=now + timedelta(milliseconds=engine_ms)))
    db.session.commit()


def test_a_job_too_long_to_finish_is_refused_at_submission_and_costs_nothing(user, short_limit):
    before = credits.balance(user.id)
    big = photos.textured_jpeg(1200, 1000)  # 1.2 MP painted whole: ~8 s at the default rate
    with pytest.raises(ServiceError) as refused:
        jobs.submit(user.id, big, "wave")
    assert (refused.value.code, refused.value.status) == ("job_too_long", 422)
    assert "nothing was charged" in refused.value.message
    assert credits.balance(user.id) == before
    assert count(Job) == 0 and count(StoredImage) == 0 and count(CreditEntry, CreditEntry.kind == "spend") == 0


def test_the_site_and_the_api_answer_a_too_long_job_with_a_clear_422(
        logged_in, api_client, short_limit):
    big = photos.textured_jpeg(1200, 1000)
    page = logged_in.upload(big, style="wave")
    assert page.status_code == 422
    assert "more than a painter may spend on one photo" in page.get_data(as_text=True)
    response = api_client("api@example.com").post(
        "/api/v1/jobs", data={"style": "wave", "photo": (io.BytesIO(big), "big.jpg")},
        content_type="multipart/form-data")
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "job_too_long"
    assert count(Job) == 0


def test_a_photo_within_the_limit_is_accepted_with_its_estimate(user, short_limit):
    job = jobs.submit(user.id, photos.textured_jpeg(400, 300), "wave")  # 0.12 MP: ~2 s
    assert 1 <= estimates.for_job(job) <= short_limit


def test_the_estimate_follows_what_the_workers_measured(app, user):
    default = estimates.seconds("fast", 2000, 1500, brush="fine")  # 3 MP, nothing measured yet
    assert default == pytest.approx(1 + 3 * 1.05 * app.config["JOB_MS_PER_MEGAPIXEL"] / 1000, abs=1)
    for _ in range(3):  # workers ten times faster than the default: 1 MP in 600 ms
        painted(user.id, 1000, 1000, engine_ms=630)
    assert estimates.rate("fast") == pytest.approx(600, rel=0.01)
    assert estimates.seconds("fast", 2000, 1500, brush="fine") == 3  # 1 s + 1.9 s, rounded up


def test_tiny_jobs_alone_do_not_set_the_rate(user, app):
    for _ in range(20):  # all overhead: 64x48 in 40 ms would be 13 s a megapixel
        painted(user.id, 64, 48, engine_ms=40)
    assert estimates.rate("fast") == app.config["JOB_MS_PER_MEGAPIXEL"]


def test_the_api_job_and_the_job_page_say_the_estimate(logged_in, api_client, user):
    job = jobs.submit(user.id, photos.textured_jpeg(400, 300), "wave")
    page = logged_in.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "a few seconds" not in page
    assert f"about {estimates.for_job(job)} second" in page
    client = api_client(user.email)
    body = client.get(f"/api/v1/jobs/{job.id}").get_json()
    assert body["estimated_seconds"] == estimates.for_job(job)

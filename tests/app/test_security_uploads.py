"""Every file may be hostile: each gets the right 4xx or a correct result, and the
worker survives every one."""
import io

import pytest
import sqlalchemy as sa
from PIL import Image

from app.extensions import db
from app.records import Job, StoredImage
from app.services import credits, jobs
from tests.app import hostile
from tests.app.conftest import count
from tests.app.workers import Worker, wait_for

REFUSED = hostile.refused()


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_hostile_upload_is_refused_on_the_site_with_a_clear_message(logged_in, user, name):
    data, status = REFUSED[name]
    response = logged_in.upload(data, filename=name)
    assert response.status_code == status
    page = response.get_data(as_text=True)
    assert "<script>alert(1)</script>" not in page and 'class="error"' in page
    assert count(Job) == 0 and count(StoredImage) == 0 and credits.balance(user.id) == 3


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_hostile_upload_is_refused_by_the_api_with_a_json_error(api_client, name):
    data, status = REFUSED[name]
    client = api_client()
    response = client.post("/api/v1/jobs", data={"photo": (io.BytesIO(data), name), "style": "wave"},
                           content_type="multipart/form-data")
    assert response.status_code == status
    assert set(response.json["error"]) == {"code", "message"}


def test_a_file_over_the_limit_is_refused_before_it_is_read(logged_in, user):
    response = logged_in.upload(b"\0" * (21 * 1024 * 1024), filename="huge.jpg")
    assert response.status_code == 413 and credits.balance(user.id) == 3


def test_a_filename_never_reaches_a_page_or_the_result(logged_in):
    evil = "<img src=x onerror=alert(1)>'; DROP TABLE jobs;--.jpg"
    response = logged_in.upload(hostile.accepted()["cmyk.jpg"][0], filename=evil)
    page = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "onerror" not in page


@pytest.mark.worker
def test_the_worker_paints_every_strange_but_valid_file_and_survives_a_corrupted_one(
        app, user, database_url, app_settings, tmp_path):
    submitted = {}
    credits.grant(user, 10, "test")
    for name, (data, size) in hostile.accepted().items():
        submitted[jobs.submit(user.id, data, "wave").id] = (name, size)
    broken = jobs.submit(user.id, hostile.accepted()["cmyk.jpg"][0], "wave")
    # The stored photo rots after the upload was validated: the worker must cope.
    db.session.execute(sa.update(StoredImage).where(StoredImage.id == broken.photo_id)
                       .values(data=b"\xff\xd8\xff garbage"))
    db.session.commit()
    worker = Worker("hostile", database_url, "filesystem://", app_settings["BROKER_DIR"], tmp_path).start()
    try:
        ids = [*submitted, broken.id]

        def finished():
            db.session.expire_all()
            return all(db.session.get(Job, i).finished for i in ids)

        wait_for(finished, timeout=120, what="the strange files")
        for job_id, (name, (width, height)) in submitted.items():
            job = db.session.get(Job, job_id)
            assert job.status == "done", (name, job.error)
            result = db.session.get(StoredImage, job.result_id)
            assert (result.width, result.height) == (width, height), name
            assert Image.open(io.BytesIO(result.data)).size == (width, height), name
        failed = db.session.get(Job, broken.id)
        assert failed.status == "failed" and "credit has been returned" in failed.error
        assert worker.process.poll() is None, "the worker died"
        assert credits.balance(user.id) == 13 - len(submitted)
    finally:
        worker.stop()


def test_a_transparent_png_keeps_its_alpha_in_the_png_download(app, user, engine):
    from app.services import runner

    job = jobs.submit(user.id, hostile.accepted()["transparent.png"][0], "udnie")
    assert runner.run_job(job.id, engine) == "done"
    db.session.expire_all()
    job = db.session.get(Job, job.id)
    from app.services import storage

    data, content_type = storage.result_as(job.result_id, "png")
    assert content_type == "image/png" and Image.open(io.BytesIO(data)).mode == "RGBA"

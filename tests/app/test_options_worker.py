"""Through a real Celery worker process: a job painted with the user's own painting,
and the six free previews of a photo in one pass."""
import io

import pytest
from PIL import Image

from app import create_app
from app.extensions import db
from app.records import Job, PreviewSet
from app.services import credits
from tests.app.conftest import Browser, one
from tests.app.workers import Worker, wait_for

pytestmark = pytest.mark.worker


def test_an_own_style_job_and_free_previews_are_done_by_a_worker(
        app, app_settings, database_url, tmp_path, chicago_jpg, shared_dir):
    site = create_app({**app_settings, "BROKER_DIR": str(tmp_path / "broker")})
    worker = Worker("options", database_url, "filesystem://", str(tmp_path / "broker"), tmp_path).start()
    try:
        with site.app_context():
            browser = Browser(site.test_client())
            browser.signup("own@example.com")
            painting = (shared_dir / "styles" / "the_scream.jpg").read_bytes()
            response = browser.submit("/create", {
                "photo": (io.BytesIO(chicago_jpg), "chicago.jpg"), "style": "own",
                "style_image": (io.BytesIO(painting), "scream.jpg"), "strength": "0.75"},
                content_type="multipart/form-data")
            assert response.status_code == 303, response.get_data(as_text=True)[:500]
            job_id = response.headers["Location"].rsplit("/", 1)[1]
            preview = browser.submit("/create", {"photo": (io.BytesIO(chicago_jpg), "p.jpg")},
                                     action="/previews", content_type="multipart/form-data",
                                     headers={"Accept": "application/json"}).get_json()

            def finished():
                db.session.expire_all()
                return db.session.get(Job, job_id).finished and \
                    db.session.get(PreviewSet, preview["id"]).status != "queued"

            wait_for(finished, timeout=150, what="the job and the previews")
            job = one(Job, Job.id == job_id)
            assert job.status == "done", worker.log()[-3000:]
            assert (job.style, job.strength) == ("own", 0.75) and job.user_style_id
            download = browser.get(f"/jobs/{job_id}/download")
            assert Image.open(io.BytesIO(download.data)).size == (712, 474)
            assert credits.balance(job.user_id) == 2  # the job's credit; the previews were free
            body = browser.get(preview["url"], headers={"Accept": "application/json"}).get_json()
            assert body["status"] == "done" and len(body["previews"]) == 6, worker.log()[-3000:]
            sizes = {Image.open(io.BytesIO(browser.get(p["image"]).data)).size for p in body["previews"]}
            assert sizes == {(256, 170)}
            print("six previews in one pass:", one(PreviewSet, PreviewSet.id == preview["id"]).engine_ms, "ms")
    finally:
        worker.stop()

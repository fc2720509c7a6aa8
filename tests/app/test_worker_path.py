"""The job path through real Celery worker processes: embedded broker and Redis."""
import io

import pytest
from PIL import Image

from app import create_app
from app.extensions import db
from app.records import Job
from app.services import credits
from tests.app.brokers import redis_or_skip
from tests.app.conftest import Browser, one
from tests.app.workers import Worker, wait_for

pytestmark = pytest.mark.worker


def journey_through_worker(app_settings, database_url, broker_url, broker_dir, tmp_path, chicago_jpg):
    site = create_app({**app_settings, "CELERY_BROKER_URL": broker_url, "BROKER_DIR": str(broker_dir)})
    worker = Worker("w1", database_url, broker_url, str(broker_dir), tmp_path).start()
    try:
        with site.app_context():
            browser = Browser(site.test_client())
            browser.signup("painter@example.com")
            job_url = browser.upload(chicago_jpg, style="udnie").headers["Location"]
            job_id = job_url.rsplit("/", 1)[1]

            def finished():
                db.session.expire_all()
                return db.session.get(Job, job_id).finished

            wait_for(finished, timeout=90, what="the job to finish")
            job = one(Job, Job.id == job_id)
            assert job.status == "done", worker.log()[-2000:]
            page = browser.get(job_url).get_data(as_text=True)
            assert "Download JPEG" in page
            download = browser.get(job_url + "/download")
            assert download.mimetype == "image/jpeg"
            assert "attachment" in download.headers["Content-Disposition"]
            assert Image.open(io.BytesIO(download.data)).size == (712, 474)
            assert credits.balance(job.user_id) == 2
            assert job.attempts == 1
            health = site.test_cli_runner().invoke(args=["jobs", "health", "--timeout", "3"])
            assert health.exit_code == 0 and "w1@" in health.output, health.output
    finally:
        worker.stop()


def test_a_photo_is_stylised_by_a_worker_on_the_embedded_broker(
        app, app_settings, database_url, tmp_path, chicago_jpg):
    journey_through_worker(app_settings, database_url, "filesystem://", tmp_path / "broker",
                           tmp_path, chicago_jpg)


@pytest.mark.production
def test_a_photo_is_stylised_by_a_worker_on_redis(
        app, app_settings, database_url, tmp_path, chicago_jpg):
    journey_through_worker(app_settings, database_url, redis_or_skip(), tmp_path / "broker",
                           tmp_path, chicago_jpg)

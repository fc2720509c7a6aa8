"""A masterpiece through a real Celery worker on Redis: it goes to the workers of
MASTERPIECE_QUEUE (instant jobs never wait behind one), and the worker leaves its
progress and result on the job row."""
import io
import secrets

import pytest
from PIL import Image

from app import create_app
from app.records import Job
from app.services import accounts, credits, jobs, storage
from tests.app.brokers import redis_or_skip
from tests.app.conftest import one
from tests.app.photos import textured_jpeg
from tests.app.workers import Worker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.production]


def test_a_masterpiece_is_painted_by_the_workers_of_its_own_queue(app, app_settings, database_url, tmp_path):
    broker = redis_or_skip()
    queues = {"CELERY_QUEUE": f"instant-{secrets.token_hex(3)}",
              "MASTERPIECE_QUEUE": f"masterpiece-{secrets.token_hex(3)}"}
    site = create_app({**app_settings, "CELERY_BROKER_URL": broker, **queues})
    painter = Worker("painter", database_url, broker, str(tmp_path / "broker"), tmp_path, extra_env=queues)
    painter.args += ["--queues", queues["MASTERPIECE_QUEUE"]]  # masterpieces only
    painter.start()
    try:
        with site.app_context():
            user = accounts.create_user("monet@example.com", "a long password")
            credits.grant(user, 10, "test")
            instant = jobs.submit(user.id, textured_jpeg(120, 80), "wave")
            slow = jobs.submit(user.id, textured_jpeg(120, 80), "the_scream", method="optimise",
                               size=96, iterations=25)
            wait_for(lambda: one(Job, Job.id == slow.id).finished, timeout=120, what="the masterpiece")
            done = one(Job, Job.id == slow.id)
            assert done.status == "done", painter.log()[-3000:]
            assert (done.progress, done.attempts, done.progress_image_id) == (25, 1, None)
            picture = Image.open(io.BytesIO(storage.load_bytes(done.result_id)))
            assert picture.size == (96, 64)
            # No worker serves the instant queue here: its job waits, untouched by the painter.
            assert one(Job, Job.id == instant.id).status == "queued"
            # Priced by what is painted: 96x64 px for 25 iterations is the smallest price.
            assert done.cost == 1
            assert credits.balance(user.id) == 13 - 1 - done.cost
    finally:
        painter.stop()

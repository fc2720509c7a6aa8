"""A video whose worker died mid-clip is finished by the next delivery, charged once, and
its half-painted progress picture does not outlive it."""
from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.records import CreditEntry, Job, StoredImage
from app.records.common import utcnow
from app.services import accounts, credits, runner, storage, videos
from tests.app.conftest import count, one
from tests.app.videos import clip_bytes


# It asks for `engine` and so is marked `paints`, but what it checks is rows (a stale heartbeat,
# one charge): `dialect` keeps it in the PostgreSQL pass.
@pytest.mark.dialect
def test_a_video_whose_worker_died_is_finished_by_the_next_charged_once(app, tmp_path, engine):
    import numpy as np

    user = accounts.create_user("reel@example.com", "a long password")
    before = credits.balance(user.id)
    job = videos.submit(user.id, clip_bytes(tmp_path, frames=12), "wave")
    # A worker claimed it, painted part of it, showed a frame, and died (no heartbeat since).
    stale = storage.store_array(user.id, "progress", np.zeros((64, 96, 3), np.uint8)).id
    db.session.execute(sa.update(Job).where(Job.id == job.id).values(
        status="running", attempts=1, progress=5, progress_image_id=stale,
        updated_at=utcnow() - timedelta(minutes=5)))
    db.session.commit()

    assert runner.run_job(job.id, engine) == "done"
    done = one(Job, Job.id == job.id)
    assert (done.status, done.attempts, done.progress, done.frames) == ("done", 2, 12, 12)
    assert done.progress_image_id is None and count(StoredImage, StoredImage.id == stale) == 0
    assert credits.balance(user.id) == before - 1
    assert count(CreditEntry, CreditEntry.job_id == job.id) == 1
    assert runner.run_job(job.id, engine) == "skipped"  # a late duplicate delivery changes nothing
    assert credits.balance(user.id) == before - 1

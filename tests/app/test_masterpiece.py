"""Masterpiece mode (optimisation, Gatys et al.) on the job path: its price and settings,
the picture forming on the job row, stopping early, the time limit and refunds.
The worker's code runs in this process, with the real loss network on small pictures."""
from __future__ import annotations

import io
import math
import threading
import time

import numpy as np
import pytest
from PIL import Image

from app.extensions import db
from app.records import CreditEntry, Job
from app.services import credits, jobs, masterpiece, masterpiece_worker, runner, storage, user_styles
from app.services.errors import ServiceError
from models import images as imaging
from tests.app.conftest import one
from tests.app.photos import textured_jpeg

SMALL = {"method": "optimise", "size": 64, "iterations": 12}


def _pixels(image_id: str) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(storage.load_bytes(image_id))).convert("RGB"))


def test_a_masterpiece_keeps_its_settings_and_is_priced_by_what_it_paints(user):
    credits.grant(user, 10, "test")
    before = credits.balance(user.id)
    job = jobs.submit(user.id, textured_jpeg(96, 64), "the_scream", method="optimise",
                      iterations=40, style_weight=80, size=128)
    assert credits.balance(user.id) == before - 1  # a tiny one: the least a masterpiece costs
    assert (job.method, job.cost, job.iterations, job.style_weight, job.size) == ("optimise", 1, 40, 80.0, 128)
    assert masterpiece.progress(job) == {"iteration": 0, "iterations": 40, "fraction": 0.0,
                                         "stop_requested": False, "has_picture": False}
    instant = jobs.submit(user.id, textured_jpeg(96, 64), "the_scream")
    assert (instant.method, instant.cost, masterpiece.progress(instant)) == ("fast", 1, None)


def test_defaults_come_from_the_settings(app, user, monkeypatch):
    monkeypatch.setitem(app.config, "MASTERPIECE_COST", 7)  # the default one, of a square photo
    credits.grant(user, 10, "test")
    job = jobs.submit(user.id, textured_jpeg(512, 512), "wave", method="optimise")
    assert (job.cost, job.iterations, job.size, job.style_weight) == (7, 500, 512, 30.0)


def test_without_enough_credits_nothing_is_stored(user):
    assert credits.balance(user.id) == 3  # the sign-up gift
    with pytest.raises(credits.NoCredits):
        jobs.submit(user.id, textured_jpeg(512, 512), "wave", method="optimise")  # 5 credits
    db.session.rollback()
    assert credits.balance(user.id) == 3 and not db.session.query(Job).count()


@pytest.mark.parametrize("settings, code", [
    ({"method": "slow"}, "invalid_method"),
    ({"method": "optimise", "iterations": 0}, "invalid_iterations"),
    ({"method": "optimise", "iterations": 100_000}, "invalid_iterations"),
    ({"method": "optimise", "size": 2048}, "invalid_size"),
    ({"method": "optimise", "size": 8}, "invalid_size"),
    ({"method": "optimise", "style_weight": 0}, "invalid_style_weight"),
    ({"method": "optimise", "style_weight": float("nan")}, "invalid_style_weight"),
    ({"method": "fast", "iterations": 10}, "invalid_settings"),
])
def test_settings_out_of_range_are_refused_by_name(user, settings, code):
    with pytest.raises(ServiceError) as refused:
        jobs.submit(user.id, textured_jpeg(96, 64), "wave", **settings)
    assert (refused.value.code, refused.value.status) == (code, 422)
    db.session.rollback()
    assert credits.balance(user.id) == 3


def test_the_settings_reach_the_optimiser(user, monkeypatch):
    from models import optimise

    seen = []
    real = optimise.Painter.__init__

    def spy(self, photo, style_picture, settings, network=None):
        seen.append(settings)
        real(self, photo, style_picture, settings, network)

    monkeypatch.setattr(optimise.Painter, "__init__", spy)
    credits.grant(user, 5, "test")
    job = jobs.submit(user.id, textured_jpeg(150, 100), "udnie", method="optimise",
                      iterations=20, style_weight=90, size=72)
    assert runner.run_job(job.id, engine=None) == "done"
    (settings,) = seen
    assert (settings.iterations, settings.style_weight, settings.size) == (20, 90.0, 72)
    job = one(Job, Job.id == job.id)
    assert (job.progress, job.progress_image_id) == (20, None)  # the result replaced the forming picture
    result = _pixels(job.result_id)
    assert result.shape == (48, 72, 3)  # the longest side is the size asked for
    photo = np.asarray(Image.open(io.BytesIO(textured_jpeg(150, 100))).resize((72, 48)).convert("RGB"))
    assert np.abs(result.astype(int) - photo).mean() > 5  # painted, not the photo back


def test_the_picture_forms_on_the_job_and_a_stopped_job_keeps_the_last_one(app, user, monkeypatch):
    monkeypatch.setitem(app.config, "MASTERPIECE_PREVIEW_SECONDS", 0)
    stored = []
    real_store = masterpiece_worker._Reporter.store

    def remember(self, iteration, picture):
        stop = real_store(self, iteration, picture)
        if self.shown and self.shown[0] == iteration:  # this picture went to the job page
            stored.append((iteration, self.finish(picture)))
        return stop

    monkeypatch.setattr(masterpiece_worker._Reporter, "store", remember)
    credits.grant(user, 5, "test")
    job_id = jobs.submit(user.id, textured_jpeg(96, 64), "la_muse", method="optimise",
                         size=64, iterations=1000).id
    outcome = {}

    def work():
        with app.app_context():
            outcome["status"] = runner.run_job(job_id, engine=None)

    worker = threading.Thread(target=work)
    worker.start()
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        forming = one(Job, Job.id == job_id)
        # Each picture replaces (deletes) the one before: read it while it is there.
        shown = forming.progress_image_id and storage.load_bytes(forming.progress_image_id)
        if forming.progress >= 3 and shown:
            break
        time.sleep(0.05)
    assert forming.status == "running" and shown
    assert np.asarray(Image.open(io.BytesIO(shown)).convert("RGB")).shape == (43, 64, 3)
    assert masterpiece.request_stop(forming) == "running"
    worker.join(120)
    job = one(Job, Job.id == job_id)
    assert outcome["status"] == "done" and job.status == "done"
    assert stored[-1][0] == job.progress < 1000  # stopped early, at the last picture shown
    last_picture = imaging.encode(stored[-1][1], fmt="jpeg")  # as the result is encoded
    assert storage.load_bytes(job.result_id) == last_picture
    assert credits.balance(user.id) == 7  # 1 credit, the least: less than one to give back


def test_a_masterpiece_stops_at_its_time_limit_with_the_picture_it_has(app, user, monkeypatch):
    monkeypatch.setitem(app.config, "MASTERPIECE_TIME_LIMIT", 0)
    credits.grant(user, 5, "test")
    job = jobs.submit(user.id, textured_jpeg(96, 64), "wave", method="optimise", size=64, iterations=500)
    assert runner.run_job(job.id, engine=None) == "done"
    job = one(Job, Job.id == job.id)
    assert job.status == "done" and 1 <= job.progress < 500 and job.result_id


def test_stopping_a_job_that_has_not_started_returns_its_credits(user):
    credits.grant(user, 5, "test")
    job = jobs.submit(user.id, textured_jpeg(512, 512), "wave", method="optimise")
    assert credits.balance(user.id) == 3
    assert masterpiece.request_stop(job) == "failed"
    assert credits.balance(user.id) == 8 and "credits have been returned" in job.error
    assert runner.run_job(job.id, engine=None) == "skipped"  # a late delivery does nothing
    with pytest.raises(ServiceError) as refused:
        masterpiece.request_stop(job)
    assert refused.value.status == 409
    with pytest.raises(ServiceError):
        masterpiece.request_stop(jobs.submit(user.id, textured_jpeg(96, 64), "wave"))


def test_a_failed_masterpiece_returns_all_its_credits(app, user, shared_dir):
    credits.grant(user, 5, "test")
    own = user_styles.create(user.id, (shared_dir / "styles" / "the_scream.jpg").read_bytes(), "Mine")
    job = jobs.submit(user.id, textured_jpeg(320, 320), "", user_style_id=own.id, method="optimise", size=320)
    assert credits.balance(user.id) == 6  # 320 px square at 500 iterations: 2 credits
    user_styles.delete(user_styles.get_own(user.id, own.id))  # the painting is gone before the worker starts
    assert runner.run_job(job.id, engine=None) == "failed"
    assert credits.balance(user.id) == 8  # all of it


@pytest.mark.parametrize("width, height, size, iterations, expected", [
    (512, 512, 512, 500, 5),    # the default masterpiece of a square photo: MASTERPIECE_COST
    (768, 512, 512, 500, 4),    # 512 x 341: a third less to paint
    (768, 512, 256, 500, 1),    # 256 x 171: within a new account's 3 credits
    (1024, 1024, 1024, 500, 20),
    (1024, 1024, 1024, 1000, 40),
    (200, 100, 1024, 500, 1),   # never enlarged: priced as the 200 x 100 it paints
])
def test_a_masterpiece_is_priced_by_its_pixels_and_iterations(app, width, height, size, iterations, expected):
    assert masterpiece.price(width, height, size, iterations) == expected


def test_a_masterpiece_stopped_early_returns_the_part_not_painted(app, user, monkeypatch):
    # Dear credits, so a small, fast picture costs many and the refund is easy to see.
    monkeypatch.setitem(app.config, "MASTERPIECE_COST", 4000)
    monkeypatch.setitem(app.config, "MASTERPIECE_TIME_LIMIT", 0)  # stops after its first steps
    credits.grant(user, 200, "test")
    job = jobs.submit(user.id, textured_jpeg(96, 64), "wave", method="optimise", size=64, iterations=1000)
    unit = 512 * 512 * 500 / 4000  # pixel-iterations per credit
    assert job.cost == math.ceil(64 * 43 * 1000 / unit) == 84
    assert credits.balance(user.id) == 203 - 84
    assert runner.run_job(job.id, engine=None) == "done"
    job = one(Job, Job.id == job.id)
    assert 1 <= job.progress < 1000
    back = 84 * (1000 - job.progress) // 1000  # the iterations not done, rounded down
    kept = 84 - back
    assert back >= 1 and credits.balance(user.id) == 203 - kept
    entry = one(CreditEntry, CreditEntry.job_id == job.id, CreditEntry.kind == "unused_refund")
    assert entry.delta == back and f"stopped at {job.progress} of 1000" in entry.reason
    with db.session.begin_nested():  # settled once, however often the worker finishes
        assert masterpiece.settle(job, job.progress) == 0
    assert credits.balance(user.id) == 203 - kept


def test_a_masterpiece_painted_to_the_end_keeps_its_price(app, user):
    credits.grant(user, 5, "test")
    job = jobs.submit(user.id, textured_jpeg(96, 64), "udnie", method="optimise", size=64, iterations=5)
    assert runner.run_job(job.id, engine=None) == "done"
    assert credits.balance(user.id) == 7 and masterpiece.returned(one(Job, Job.id == job.id)) == 0

"""Masterpiece mode on the website: the create page's mode and settings, the job page
of a masterpiece forming (iteration k of N, the picture, Stop), stopping it, and the
status JSON. The worker is not run here (tests/app/test_masterpiece.py paints): jobs
are put in the states a worker leaves them in."""
from __future__ import annotations

import io
import os

import numpy as np
import pytest
import sqlalchemy as sa

from app.extensions import db
from app.records import Job
from app.services import credits, jobs, storage
from tests.app import photos
from tests.app.conftest import count, one


def queued_messages(app) -> int:
    return len(os.listdir(os.path.join(app.config["BROKER_DIR"], "messages")))


def create(browser, **fields):
    data = {"photo": (io.BytesIO(photos.jpeg()), "photo.jpg"), "style": "the_scream", **fields}
    return browser.submit("/create", data, content_type="multipart/form-data")


def masterpiece(user, **state) -> Job:
    """A masterpiece as a worker leaves it: `state` are the job's columns."""
    job = jobs.submit(user.id, photos.jpeg(768, 768), "the_scream", method="optimise")  # 512 px square: 5 credits
    if state:
        db.session.execute(sa.update(Job).where(Job.id == job.id).values(**state))
        db.session.commit()
    return one(Job, Job.id == job.id)


def picture(user, role="progress"):
    return storage.store_array(user.id, role, np.full((48, 64, 3), 90, np.uint8)).id


def test_the_create_page_offers_both_modes_with_their_prices(logged_in):
    html = logged_in.get("/create").get_data(as_text=True)
    assert 'name="method" value="fast" checked' in html and "Instant" in html
    assert "Masterpiece (about 2 minutes)" in html
    assert ">1 credit<" in html and "up to <span data-masterpiece-price>5</span> credits" in html
    assert 'type="range" id="style_weight" name="style_weight" min="5" max="200" step="5" value="30"' in html
    assert "30, balanced" in html and ">Photo<" in html and ">Painting<" in html
    options = html.split('id="size"')[1].split("</select>")[0]
    assert [v for v in ("256", "512", "768", "1024") if f'value="{v}"' in options] == ["256", "512", "768", "1024"]
    assert 'value="256" data-credits="2">256 px, up to 2 credits' in options
    assert 'value="512" data-credits="5" selected>512 px, up to 5 credits (default)' in options
    assert "js/masterpiece.js" in html and " style=" not in html  # no inline styles (CSP)
    assert "Uses 1 of your 3 credits" in html
    assert "uses up to <span data-masterpiece-price>5</span> credits and you have 3" in html


def test_the_sizes_offered_stop_at_the_largest_allowed(app, logged_in, monkeypatch):
    monkeypatch.setitem(app.config, "MASTERPIECE_MAX_SIZE", 768)
    monkeypatch.setitem(app.config, "MASTERPIECE_COST", 4)
    monkeypatch.setitem(app.config, "MASTERPIECE_MINUTES", 6)
    html = logged_in.get("/create").get_data(as_text=True)
    assert 'value="768"' in html and 'value="1024"' not in html
    assert "Masterpiece (about 6 minutes)" in html and "data-masterpiece-price>4<" in html


def test_a_small_masterpiece_costs_one_credit_so_a_new_account_can_buy_one(app, logged_in, user):
    before = queued_messages(app)
    response = create(logged_in, method="optimise", style_weight="80", size="256",
                      photo=(io.BytesIO(photos.jpeg(768, 512)), "photo.jpg"))  # painted at 256 x 171
    assert response.status_code == 303
    job = one(Job)
    assert response.headers["Location"] == f"/jobs/{job.id}"
    assert (job.method, job.cost, job.style, job.style_weight, job.size, job.iterations) == \
        ("optimise", 1, "the_scream", 80.0, 256, 500)
    assert credits.balance(user.id) == 2 and queued_messages(app) == before + 1


def test_instant_ignores_the_masterpiece_settings(logged_in, user):
    response = create(logged_in, method="fast", style_weight="lots", size="9999")
    assert response.status_code == 303
    job = one(Job)
    assert (job.method, job.cost, job.size, job.style_weight) == ("fast", 1, None, None)
    assert credits.balance(user.id) == 2


@pytest.mark.parametrize("fields, message", [
    ({"method": "optimise", "style_weight": "lots"}, "balance of content and style must be a number from 5 to 200"),
    ({"method": "optimise", "style_weight": "1000"}, "balance of content and style must be a number from 5 to 200"),
    ({"method": "optimise", "style_weight": "nan"}, "balance of content and style must be a number from 5 to 200"),
    ({"method": "optimise", "size": "2048"}, "Choose one of the sizes offered (256, 512, 768, 1024 pixels)"),
    ({"method": "optimise", "size": "300"}, "Choose one of the sizes offered"),
    ({"method": "slow"}, "Choose Instant or Masterpiece."),
])
def test_bad_settings_show_the_form_again_with_a_message(logged_in, user, fields, message):
    credits.grant(user, 10, "test")
    response = create(logged_in, **fields)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert message in html and 'aria-invalid="true"' in html
    assert count(Job) == 0 and credits.balance(user.id) == 13


def test_not_enough_credits_for_a_masterpiece_says_so(logged_in, user):
    response = create(logged_in, method="optimise", photo=(io.BytesIO(photos.jpeg(1024, 1024)), "photo.jpg"))
    assert response.status_code == 402
    html = response.get_data(as_text=True)
    assert "A masterpiece at 512 px uses up to 5 credits and you have 3" in html
    assert "Choose a smaller size or Instant" in html
    assert 'name="method" value="optimise" checked' in html  # the choice is kept
    assert count(Job) == 0 and credits.balance(user.id) == 3


def test_a_masterpiece_in_your_own_painting_is_titled_by_its_name(logged_in, user, shared_dir):
    credits.grant(user, 10, "test")
    painting = (shared_dir / "styles" / "la_muse.jpg").read_bytes()
    response = create(logged_in, style="own", style_image=(io.BytesIO(painting), "muse.jpg"),
                      style_name="Picasso's muse", method="optimise", size="512")
    assert response.status_code == 303, response.get_data(as_text=True)[:300]
    job = one(Job)
    assert (job.style, job.method, job.size) == ("own", "optimise", 512) and job.user_style_id
    page = logged_in.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "<h1>Picasso&#39;s muse" in page and "<title>Picasso&#39;s muse" in page
    history = logged_in.get("/history").get_data(as_text=True)
    assert "Picasso&#39;s muse" in history and "badge-masterpiece" in history
    assert '<span class="history-title">own</span>' not in history
    db.session.execute(sa.update(Job).values(user_style_id=None))  # the painting deleted since
    db.session.commit()
    assert "<h1>Your painting" in logged_in.get(f"/jobs/{job.id}").get_data(as_text=True)


def test_the_page_of_a_running_masterpiece_shows_it_forming_and_a_stop_button(logged_in, user):
    credits.grant(user, 10, "test")
    job = masterpiece(user, status="running", progress=120, progress_image_id=picture(user))
    html = logged_in.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "Masterpiece · iteration 120 of 500" in html
    assert '<progress id="masterpiece-progress" max="500" value="120"' in html
    assert f'src="/jobs/{job.id}/images/progress?i=120"' in html
    assert f'action="/jobs/{job.id}/stop"' in html and "Stop and keep this picture" in html
    assert 'name="csrf_token"' in html.split(f'action="/jobs/{job.id}/stop"')[1]
    assert 'http-equiv="refresh"' in html and 'data-job-poll-ms="1500"' in html
    image = logged_in.get(f"/jobs/{job.id}/images/progress?i=120")
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    assert image.headers["Cache-Control"] == "private, no-cache"


def test_the_status_json_has_the_progress_and_the_forming_picture(logged_in, user):
    credits.grant(user, 10, "test")
    job = masterpiece(user)
    body = logged_in.get(f"/jobs/{job.id}/status").get_json()
    assert body["progress"] == {"iteration": 0, "iterations": 500, "fraction": 0.0,
                                "stop_requested": False, "has_picture": False}
    assert body["picture"] is None and body["method"] == "optimise"
    db.session.execute(sa.update(Job).values(status="running", progress=250, progress_image_id=picture(user)))
    db.session.commit()
    body = logged_in.get(f"/jobs/{job.id}/status").get_json()
    assert (body["status"], body["progress"]["fraction"], body["progress"]["has_picture"]) == ("running", 0.5, True)
    assert body["progress_text"] == "Masterpiece · iteration 250 of 500"
    assert body["picture"] == f"/jobs/{job.id}/images/progress?i=250"
    instant = jobs.submit(user.id, photos.jpeg(), "wave")
    body = logged_in.get(f"/jobs/{instant.id}/status").get_json()
    assert (body["progress"], body["picture"], body["message"]) == (None, None, "Waiting for a painter…")


def test_stopping_a_running_masterpiece_asks_its_worker_to_keep_the_picture(logged_in, user):
    credits.grant(user, 10, "test")
    job = masterpiece(user, status="running", progress=40, progress_image_id=picture(user))
    url = f"/jobs/{job.id}"
    response = logged_in.submit(url, {}, action=url + "/stop")
    assert response.status_code == 303 and response.headers["Location"] == url
    job = one(Job, Job.id == job.id)
    assert (job.status, job.stop_requested) == ("running", True)
    html = logged_in.get(url).get_data(as_text=True)
    assert "Stopping: the picture it has becomes your result" in html
    assert 'class="stop-job" data-stop-form hidden' in html
    assert credits.balance(user.id) == 8


def test_stopping_a_queued_masterpiece_returns_its_credits(logged_in, user):
    credits.grant(user, 10, "test")
    job = masterpiece(user)
    assert credits.balance(user.id) == 8
    url = f"/jobs/{job.id}"
    response = logged_in.submit(url, {}, action=url + "/stop", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Stopped before painting began. Your 5 credits have been returned." in html
    assert "You stopped this masterpiece before painting began" in html and "badge-stopped" in html
    assert one(Job, Job.id == job.id).status == "failed" and credits.balance(user.id) == 13


def test_a_finished_masterpiece_stopped_early_says_where_it_stopped(logged_in, user):
    credits.grant(user, 10, "test")
    job = masterpiece(user, status="done", progress=120, stop_requested=True, result_id=picture(user, "result"),
                      result_preview_id=picture(user, "result_preview"), engine_ms=61_000)
    html = logged_in.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "Stopped at iteration 120 of 500, as you asked." in html
    assert "64 × 48 pixels · 5 credits" in html and "120 of 500 iterations at 512 px" in html
    assert "Stop and keep" not in html and "painted again instantly" in html
    assert "Brush" not in html  # painted at its size: no brush to name
    url = f"/jobs/{job.id}"
    response = logged_in.submit(url, {}, action=url + "/stop", follow_redirects=True)
    assert "This job has already finished." in response.get_data(as_text=True)


def test_an_instant_job_cannot_be_stopped(logged_in, user):
    job = jobs.submit(user.id, photos.jpeg(), "wave")
    url = f"/jobs/{job.id}"
    response = logged_in.submit(url, {}, action=url + "/stop")
    assert response.status_code == 409 and "Only a masterpiece can be stopped early." in response.get_data(as_text=True)
    assert one(Job, Job.id == job.id).status == "queued"


def test_another_user_cannot_stop_a_masterpiece_nor_see_its_picture(logged_in, other_browser, user):
    credits.grant(user, 10, "test")
    job = masterpiece(user, status="running", progress=40, progress_image_id=picture(user))
    url = f"/jobs/{job.id}"
    assert other_browser.submit("/create", {}, action=url + "/stop").status_code == 404
    assert other_browser.get(url + "/images/progress").status_code == 404
    assert other_browser.get(url + "/status").status_code == 404
    assert one(Job, Job.id == job.id).stop_requested is False


def test_the_stop_form_needs_its_csrf_token(logged_in, user):
    credits.grant(user, 10, "test")
    job = masterpiece(user, status="running")
    assert logged_in.client.post(f"/jobs/{job.id}/stop").status_code == 400
    assert one(Job, Job.id == job.id).stop_requested is False

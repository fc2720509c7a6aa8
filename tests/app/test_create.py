"""Uploading a photo: validated, stored, paid for and queued in one step."""
import os

from app.records import CreditEntry, Job, StoredImage
from app.services import credits
from tests.app import photos
from tests.app.conftest import count, one


def queued_messages(app) -> int:
    return len(os.listdir(os.path.join(app.config["BROKER_DIR"], "messages")))


def test_uploading_a_photo_queues_a_job_and_spends_one_credit(app, logged_in, user):
    before = queued_messages(app)
    response = logged_in.upload(photos.jpeg(), style="wave")
    assert response.status_code == 303
    job = one(Job)
    assert response.headers["Location"] == f"/jobs/{job.id}"
    assert (job.status, job.style, job.width, job.height) == ("queued", "wave", 64, 48)
    assert credits.balance(user.id) == 2
    assert queued_messages(app) == before + 1
    page = logged_in.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "Queued" in page and 'http-equiv="refresh"' in page


def test_a_user_with_no_credits_is_told_how_to_get_more_and_nothing_is_queued(app, logged_in, user):
    for _ in range(3):
        logged_in.upload(photos.jpeg())
    before = queued_messages(app)
    response = logged_in.upload(photos.jpeg())
    assert response.status_code == 402
    assert "Buy a pack" in response.get_data(as_text=True)
    assert count(Job) == 3 and queued_messages(app) == before
    assert credits.balance(user.id) == 0


def test_a_big_text_file_named_photo_jpg_is_refused_with_a_message(logged_in, user):
    response = logged_in.upload(b"not a photo, just text\n" * 900_000, filename="photo.jpg")
    assert response.status_code == 415
    assert "image" in response.get_data(as_text=True).lower()
    assert count(Job) == 0 and count(StoredImage) == 0 and credits.balance(user.id) == 3


def test_a_file_over_the_upload_limit_gets_a_friendly_413(logged_in, user):
    response = logged_in.upload(b"\xff" * (21 * 1024 * 1024))
    assert response.status_code == 413
    assert "too large" in response.get_data(as_text=True)
    assert credits.balance(user.id) == 3


def test_an_unknown_style_is_a_400_with_a_message(logged_in, user):
    response = logged_in.upload(photos.jpeg(), style="picasso_blue")
    assert response.status_code == 400
    assert "no style called" in response.get_data(as_text=True)
    assert count(Job) == 0 and credits.balance(user.id) == 3


def test_a_missing_photo_is_a_422_with_a_message(logged_in):
    response = logged_in.submit("/create", {"style": "wave"})
    assert response.status_code == 422
    assert "Choose a photo" in response.get_data(as_text=True)


def test_another_users_job_does_not_exist_for_them(logged_in, other_browser):
    job_url = logged_in.upload(photos.jpeg()).headers["Location"]
    for suffix in ("", "/status", "/images/photo", "/download"):
        assert other_browser.get(job_url + suffix).status_code == 404
    token = other_browser.csrf_token("/create")
    assert other_browser.client.post(job_url + "/delete", data={"csrf_token": token}).status_code == 404
    assert count(Job) == 1


def test_an_unknown_job_id_is_a_404_page(logged_in):
    response = logged_in.get("/jobs/../../etc/passwd")
    assert response.status_code == 404
    assert "Not found" in logged_in.get("/jobs/nope").get_data(as_text=True)


def test_an_unfinished_job_cannot_be_downloaded_or_deleted(logged_in):
    job_url = logged_in.upload(photos.jpeg()).headers["Location"]
    assert logged_in.get(job_url + "/download").status_code == 409
    # What a person who confirmed the deletion sends: without confirm=yes the site
    # would only ask again, so the refusal would go untested.
    response = logged_in.submit(job_url, {"confirm": "yes"}, action=job_url + "/delete")
    assert response.status_code == 303 and response.headers["Location"].endswith(job_url)
    page = logged_in.get(job_url).get_data(as_text=True)
    assert "still being painted; delete it when it is done" in page
    assert count(Job) == 1


def test_the_ledger_records_the_spend_against_the_job(logged_in, user):
    logged_in.upload(photos.jpeg())
    job = one(Job)
    spend = one(CreditEntry, CreditEntry.job_id == job.id)
    assert (spend.kind, spend.delta, spend.user_id) == ("spend", -1, user.id)


def test_a_malformed_job_id_is_a_404_not_an_error(logged_in):
    for bad in ("a%00b", "%00", "x" * 300, "'; DROP TABLE jobs; --"):
        assert logged_in.get(f"/jobs/{bad}").status_code == 404

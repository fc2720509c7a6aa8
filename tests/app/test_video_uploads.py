"""Video uploads over the API and the website: priced by length, bad files refused with an
honest 4xx and no credit spent. (Painting them: test_video_worker.py.)"""
import io

import pytest

from app.records import Job, StoredImage
from app.services import credits
from tests.app.conftest import count
from tests.app.videos import audio_only, clip_bytes


@pytest.fixture
def ada(api_client, app):
    from app.services import accounts

    client = api_client("ada@example.com")
    credits.grant(accounts.find_by_email("ada@example.com"), 20, "test")
    return client


def send(client, data: bytes, name="clip.mp4", **fields):
    return client.post("/api/v1/jobs", data={"video": (io.BytesIO(data), name), "style": "wave", **fields},
                       content_type="multipart/form-data")


def test_a_video_is_queued_priced_by_its_length(ada, tmp_path):
    before = credits.balance(ada.user_id)
    response = send(ada, clip_bytes(tmp_path, frames=132), strength="0.8")  # 5.5 s at 24 fps
    assert response.status_code == 202, response.get_json()
    body = response.get_json()
    assert (body["kind"], body["cost"], body["status"]) == ("video", 2, "queued")
    assert credits.balance(ada.user_id) == before - 2
    job = ada.get(body["links"]["self"]).get_json()
    assert (job["kind"], job["duration"], job["fps"], job["frames"]) == ("video", 5.5, 24.0, 132)
    assert (job["width"], job["height"], job["strength"]) == (96, 64, 0.8)
    assert job["progress"] == {"frame": 0, "frames": 132, "fraction": 0.0, "seconds_left": None}
    assert ada.get(body["links"]["result"]).status_code == 409


def test_photo_jobs_read_back_as_photos(ada, chicago_jpg):
    response = ada.post("/api/v1/jobs", data={"photo": (io.BytesIO(chicago_jpg), "c.jpg"), "style": "wave"},
                        content_type="multipart/form-data")
    assert response.status_code == 202
    assert ada.get(response.get_json()["links"]["self"]).get_json()["kind"] == "photo"


@pytest.mark.parametrize("make, status, code", [
    (lambda tmp: b"GIF89a this is not a video at all", 415, "unsupported_video"),
    (lambda tmp: b"", 422, "missing_video"),
    (lambda tmp: audio_only(tmp / "sound.mp4").read_bytes(), 422, "invalid_video"),
    (lambda tmp: clip_bytes(tmp, frames=24)[:3000], 422, "invalid_video"),  # an interrupted upload
    (lambda tmp: clip_bytes(tmp, frames=24 * 31), 422, "video_too_long"),
])
def test_bad_videos_are_refused_and_cost_nothing(ada, tmp_path, make, status, code):
    before = credits.balance(ada.user_id)
    response = send(ada, make(tmp_path))
    assert response.status_code == status, response.get_json()
    assert response.get_json()["error"]["code"] == code
    assert credits.balance(ada.user_id) == before
    assert count(Job) == 0 and count(StoredImage) == 0


def test_a_video_over_the_size_limit_is_413(ada, app, tmp_path, monkeypatch):
    data = clip_bytes(tmp_path, frames=48)
    monkeypatch.setitem(app.config, "MAX_VIDEO_MB", 0)  # every clip is too big now
    response = send(ada, data)
    assert response.status_code == 413
    assert count(Job) == 0


def test_a_photo_over_the_photo_limit_is_still_413(ada, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAX_CONTENT_LENGTH", 50_000)
    response = ada.post("/api/v1/jobs", data={"photo": (io.BytesIO(b"\xff\xd8\xff" + b"0" * 80_000), "big.jpg"),
                                              "style": "wave"}, content_type="multipart/form-data")
    assert response.status_code == 413


def send_form(browser, data: bytes, name: str, **fields):
    token = browser.csrf_token("/create")
    return browser.client.post("/create/video", data={"clip-csrf_token": token, "clip-video": (io.BytesIO(data), name),
                                                      "clip-style": "udnie", **fields},
                               content_type="multipart/form-data")


def test_the_create_page_takes_a_video_and_shows_its_price_rule(logged_in, user, tmp_path):
    credits.grant(user, 5, "test")
    page = logged_in.get("/create").get_data(as_text=True)
    assert 'action="/create/video"' in page and "One credit for every started 5 seconds" in page
    response = send_form(logged_in, clip_bytes(tmp_path), "clip.mov", **{"clip-strength": "1"})
    assert response.status_code == 303
    job_page = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "Painting your video" in job_page or "Waiting for a painter" in job_page
    assert "data-video-live" in job_page


def test_the_create_page_refuses_a_bad_video_with_its_reason(logged_in, user):
    before = credits.balance(user.id)
    response = send_form(logged_in, b"not a video", "clip.mp4")
    assert response.status_code == 415
    assert "not a video we can read" in response.get_data(as_text=True)
    assert credits.balance(user.id) == before

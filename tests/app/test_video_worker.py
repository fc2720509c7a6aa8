"""A video through a real Celery worker: painted with its sound, its frames, rate, size and
length kept; progress and poster on the job row; played inline; deleted without a trace."""
import io

import pytest
from PIL import Image

from app import create_app
from app.records import Job, StoredImage
from app.services import accounts, credits
from tests.app.conftest import ApiClient, Browser, count, one
from tests.app.videos import clip_bytes, read
from tests.app.workers import Worker, wait_for

pytestmark = pytest.mark.worker


def test_a_worker_paints_a_clip_with_its_sound_and_deleting_it_leaves_nothing(
        app, app_settings, database_url, tmp_path):
    from app.services import tokens as token_service

    site = create_app({**app_settings, "BROKER_DIR": str(tmp_path / "broker")})
    worker = Worker("video", database_url, "filesystem://", str(tmp_path / "broker"), tmp_path).start()
    try:
        with site.app_context():
            user = accounts.create_user("lumiere@example.com", "a long password")
            credits.grant(user, 5, "test")
            _, secret = token_service.issue(user.id, "tests")
            client = ApiClient(site, secret, user.id)
            source = clip_bytes(tmp_path, frames=12, pan=(3, 1))
            before = credits.balance(user.id)
            body = client.post("/api/v1/jobs", data={"video": (io.BytesIO(source), "clip.mp4"), "style": "wave"},
                               content_type="multipart/form-data").get_json()
            assert body["kind"] == "video" and body["cost"] == 1
            wait_for(lambda: one(Job, Job.id == body["id"]).finished, timeout=240, what="the video job")
            job = client.get(body["links"]["self"]).get_json()
            assert job["status"] == "done", worker.log()[-3000:]
            assert job["progress"] == {"frame": 12, "frames": 12, "fraction": 1.0, "seconds_left": None}
            result = client.get(body["links"]["result"])
            assert result.status_code == 200 and result.mimetype == "video/mp4"
            (tmp_path / "painted.mp4").write_bytes(result.data)
            (tmp_path / "source.mp4").write_bytes(source)
            frames, fps, duration, has_audio = read(tmp_path / "painted.mp4")  # decodes every frame
            original, original_fps, original_duration, _ = read(tmp_path / "source.mp4")
            assert len(frames) == len(original) == 12
            assert fps == pytest.approx(original_fps) and abs(duration - original_duration) <= 1 / fps
            assert frames[0].shape == (64, 96, 3) and has_audio
            assert credits.balance(user.id) == before - 1  # charged once

            browser = Browser(site.test_client())
            browser.login("lumiere@example.com", "a long password")
            page = browser.get(f"/jobs/{body['id']}").get_data(as_text=True)
            assert "<video" in page and f"/jobs/{body['id']}/video" in page
            played = browser.get(f"/jobs/{body['id']}/video", headers={"Range": "bytes=0-99"})
            assert played.status_code == 206 and len(played.data) == 100  # seekable
            poster = browser.get(f"/jobs/{body['id']}/images/thumb")
            assert Image.open(io.BytesIO(poster.data)).size == (96, 64)
            assert "Video · 0 s" in browser.get("/history").get_data(as_text=True)  # a half-second clip

            stranger = Browser(site.test_client())
            stranger.signup("nosy@example.com")
            for url in (f"/jobs/{body['id']}", f"/jobs/{body['id']}/video", f"/jobs/{body['id']}/images/thumb"):
                assert stranger.get(url).status_code == 404, url
            nosy = ApiClient(site, token_service.issue(accounts.find_by_email("nosy@example.com").id, "t")[1])
            assert nosy.get(body["links"]["result"]).status_code == 404

            assert client.delete(body["links"]["self"]).status_code == 204
            assert count(Job, Job.id == body["id"]) == 0
            assert count(StoredImage, StoredImage.owner_id == user.id) == 0
            assert client.get(body["links"]["result"]).status_code == 404
    finally:
        worker.stop()

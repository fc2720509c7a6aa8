"""A customer's own program: it trades a password for a token, uploads a folder of
photos with `requests`, waits for them and downloads the results. Against the
site served on a real port and a real Celery worker running the real engine."""
import io
import shutil
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from PIL import Image

from app import create_app
from app.services import accounts
from tests.app import photos
from tests.app.conftest import PASSWORD
from tests.app.live import LiveServer
from tests.app.workers import Worker

pytestmark = pytest.mark.worker


def stylise_folder(site: str, email: str, password: str, folder: Path, out_dir: Path,
                   style: str = "wave", timeout: float = 180) -> dict[str, Path]:
    """What a customer would write: every photo in `folder`, painted, saved in `out_dir`."""
    session = requests.Session()
    token = session.post(f"{site}/api/v1/tokens", json={"email": email, "password": password})
    token.raise_for_status()
    session.headers["Authorization"] = f"Bearer {token.json()['token']}"

    pending = {}
    for photo in sorted(folder.iterdir()):
        with photo.open("rb") as fh:
            response = session.post(f"{site}/api/v1/jobs", data={"style": style},
                                    files={"photo": (photo.name, fh, "image/jpeg")})
        response.raise_for_status()
        pending[photo.stem] = urljoin(site, response.json()["links"]["self"])

    saved, deadline = {}, time.monotonic() + timeout
    while pending:
        if time.monotonic() > deadline:
            raise TimeoutError(f"still waiting for {sorted(pending)}")
        for stem, url in list(pending.items()):
            job = session.get(url).json()
            if job["status"] == "failed":
                raise RuntimeError(f"{stem}: {job['error']}")
            if job["status"] == "done":
                result = session.get(urljoin(site, job["links"]["result"]))
                result.raise_for_status()
                saved[stem] = out_dir / f"{stem}.jpg"
                saved[stem].write_bytes(result.content)
                del pending[stem]
        time.sleep(0.5)
    return saved


@pytest.fixture
def photo_folder(tmp_path, shared_dir) -> Path:
    folder = tmp_path / "photos"
    folder.mkdir()
    for name in ("chicago.jpg", "stata.jpg"):
        shutil.copy(shared_dir / "samples" / name, folder / name)
    (folder / "small.jpg").write_bytes(photos.textured_jpeg(160, 120))
    return folder


def test_a_script_stylises_a_folder_of_photos_through_the_api(
        app, app_settings, database_url, tmp_path, photo_folder):
    broker_dir = tmp_path / "broker"
    site = create_app({**app_settings, "BROKER_DIR": str(broker_dir)})
    with site.app_context():
        accounts.create_user("script@example.com", PASSWORD)
    worker = Worker("api", database_url, "filesystem://", str(broker_dir), tmp_path).start()
    out_dir = tmp_path / "painted"
    out_dir.mkdir()
    try:
        with LiveServer(site) as live:
            saved = stylise_folder(live.url, "script@example.com", PASSWORD, photo_folder,
                                   out_dir)
            assert sorted(saved) == ["chicago", "small", "stata"]
            for stem, path in saved.items():
                original = Image.open(photo_folder / f"{stem}.jpg")
                painted = Image.open(io.BytesIO(path.read_bytes()))
                assert (painted.format, painted.size) == ("JPEG", original.size)

            session = requests.Session()
            token = session.post(f"{live.url}/api/v1/tokens", json={
                "email": "script@example.com", "password": PASSWORD}).json()["token"]
            session.headers["Authorization"] = f"Bearer {token}"
            assert session.get(f"{live.url}/api/v1/me").json()["credits"] == 0
            listed = session.get(f"{live.url}/api/v1/jobs").json()
            assert [j["status"] for j in listed["jobs"]] == ["done"] * 3
            result_url = urljoin(live.url, listed["jobs"][0]["links"]["result"])
            etag = session.get(result_url).headers["ETag"]
            assert session.get(result_url, headers={"If-None-Match": etag}).status_code == 304
    finally:
        worker.stop()

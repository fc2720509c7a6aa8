"""What a person or a program does, in one call: submit a job over the API, read its
error code, upload and have it painted on the site, create with an own painting."""
import io

from app.records import Job
from app.services import runner
from tests.app import photos
from tests.app.conftest import one
from tests.fakes import MirrorEngine


def submit(client, photo: bytes | None = None, omit: str = "", **fields):
    """POST a job as a program would; `omit` names a field to leave out."""
    data = {"style": "wave", "photo": (io.BytesIO(photos.jpeg() if photo is None else photo),
                                       "photo.jpg"), **fields}
    data.pop(omit, None)
    return client.post("/api/v1/jobs", data=data, content_type="multipart/form-data")


def error_code(response) -> str:
    body = response.get_json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    return body["error"]["code"]


def paint(browser, style="wave", photo=None) -> Job:
    """Upload through the form and let a stand-in engine finish the job."""
    url = browser.upload(photo or photos.textured_jpeg(1600, 1200), style=style).headers["Location"]
    job_id = url.rsplit("/", 1)[1]
    assert runner.run_job(job_id, MirrorEngine()) == "done"
    return one(Job, Job.id == job_id)


def painting(seed: int = 1) -> bytes:
    return photos.textured_jpeg(120, 90, seed=seed)


def create_with_own(browser, style_image: bytes | None = None, **fields):
    data = {"photo": (io.BytesIO(photos.jpeg()), "p.jpg"), "style": "own", **fields}
    if style_image is not None:
        data["style_image"] = (io.BytesIO(style_image), "painting.jpg")
    return browser.submit("/create", data, content_type="multipart/form-data")

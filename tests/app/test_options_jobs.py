"""Strength and "keep my photo's colours" reach the job and the worker, from the API and
from the create page, and change the result as promised (real engine, no worker process)."""
import io

import numpy as np

from app.records import Job
from app.services import runner, storage
from models import adjust, images
from tests.app import photos
from tests.app.conftest import one

CHROMA_TOLERANCE = 2.0  # CIELAB units, mean a* and b*, after the result's JPEG encoding


def api_job(client, photo: bytes, **fields):
    data = {"style": "the_scream", "photo": (io.BytesIO(photo), "photo.jpg"), **fields}
    response = client.post("/api/v1/jobs", data=data, content_type="multipart/form-data")
    assert response.status_code == 202, response.get_json()
    return response.get_json()["id"]


def painted(job_id: str, engine):
    assert runner.run_job(job_id, engine) == "done"
    job = one(Job, Job.id == job_id)
    return job, images.decode(storage.load_bytes(job.result_id)).rgb


def test_strength_zero_gives_back_the_photo_within_jpeg_noise(api_client, engine, chicago_jpg):
    job, result = painted(api_job(api_client(), chicago_jpg, strength="0"), engine)
    assert job.strength == 0.0
    assert adjust.psnr(result, images.decode(chicago_jpg).rgb) >= 35


def test_half_strength_lies_between_the_photo_and_the_full_style(api_client, engine, chicago_jpg):
    client = api_client()
    photo = images.decode(chicago_jpg).rgb
    _, half = painted(api_job(client, chicago_jpg, strength="0.5"), engine)
    _, full = painted(api_job(client, chicago_jpg), engine)

    def distance(a, b):
        return float(np.abs(a.astype(int) - b).mean())
    assert 0.3 < distance(half, photo) / distance(full, photo) < 0.7


def test_keeping_colours_keeps_the_photos_mean_colour(api_client, engine, chicago_jpg):
    client = api_client()
    job, kept = painted(api_job(client, chicago_jpg, preserve_colors="true"), engine)
    _, styled = painted(api_job(client, chicago_jpg), engine)
    assert job.preserve_colors is True
    lab = {name: adjust.rgb_to_lab(x) for name, x in
           (("photo", images.decode(chicago_jpg).rgb), ("kept", kept), ("styled", styled))}
    mean_ab = {k: v[..., 1:].mean(axis=(0, 1)) for k, v in lab.items()}
    assert np.abs(mean_ab["kept"] - mean_ab["photo"]).max() <= CHROMA_TOLERANCE
    assert np.abs(mean_ab["styled"] - mean_ab["photo"]).max() > 5  # the Scream's colours are not
    # the light and texture are the painting's
    corr = np.corrcoef(lab["kept"][..., 0].ravel(), lab["styled"][..., 0].ravel())[0, 1]
    assert corr > 0.9


def test_the_create_page_sends_strength_and_colours_to_the_job(logged_in):
    response = logged_in.submit("/create", {"photo": (io.BytesIO(photos.jpeg()), "p.jpg"),
                                            "style": "wave", "strength": "0.35",
                                            "preserve_colors": "y"},
                                content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    job = one(Job, Job.id == response.headers["Location"].rsplit("/", 1)[1])
    assert (job.style, job.strength, job.preserve_colors, job.user_style_id) == ("wave", 0.35, True, None)


def test_the_create_page_shows_the_controls(logged_in):
    html = logged_in.get("/create").get_data(as_text=True)
    assert 'type="range" id="strength" name="strength" min="0" max="1"' in html
    assert '<label for="strength">Strength of the style</label>' in html
    assert 'id="preserve_colors"' in html and "Keep my photo&#39;s colours" in html
    assert 'name="style" value="own"' in html and 'name="style_image"' in html
    assert "data-previews" in html and "js/previews.js" in html and "css/options.css" in html
    assert " style=" not in html and "<script>" not in html  # the CSP allows neither


def test_an_out_of_range_strength_is_refused_on_the_page(logged_in):
    response = logged_in.submit("/create", {"photo": (io.BytesIO(photos.jpeg()), "p.jpg"),
                                            "style": "wave", "strength": "1.5"},
                                content_type="multipart/form-data")
    assert response.status_code == 422
    assert "Strength must be between 0 and 100%." in response.get_data(as_text=True)

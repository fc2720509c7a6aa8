"""The brush reaches the job from the create page and the API, the worker paints with
it (real engine, no worker process) and the result always has the photo's size; fine
costs more on large photos; previews paint with the chosen brush; phone formats and
transparency come through the whole path."""
import io

import numpy as np
import pytest
from PIL import Image

from app.records import Job, PreviewSet
from app.services import credits, previews, runner, storage
from models import brush, images
from tests.app import photos
from tests.app.conftest import one

LARGE = (1700, 1200)  # over medium's working size (1280): each brush paints another size


def api_job(client, photo: bytes, **fields):
    data = {"style": "wave", "photo": (io.BytesIO(photo), "photo.jpg"), **fields}
    return client.post("/api/v1/jobs", data=data, content_type="multipart/form-data")


@pytest.mark.parametrize("name", brush.BRUSHES)
def test_each_brush_through_the_api_gives_a_result_of_the_photos_size(api_client, engine, name):
    client = api_client()
    response = api_job(client, photos.textured_jpeg(*LARGE), brush=name)
    assert response.status_code == 202, response.get_json()
    body = response.get_json()
    assert body["brush"] == name and body["cost"] == brush.cost(*LARGE, name)
    assert runner.run_job(body["id"], engine) == "done"
    job = client.get(f"/api/v1/jobs/{body['id']}").get_json()
    assert (job["brush"], job["status"], job["width"], job["height"]) == (name, "done", *LARGE)
    result = Image.open(io.BytesIO(client.get(job["links"]["result"]).data))
    assert result.size == LARGE


def test_the_api_refuses_another_brush_with_422(api_client):
    response = api_job(api_client(), photos.jpeg(), brush="huge")
    assert response.status_code == 422
    assert response.get_json()["error"]["code"] == "invalid_brush"


def test_a_job_sent_without_a_brush_is_medium(api_client):
    assert api_job(api_client(), photos.jpeg()).get_json()["brush"] == "medium"


def test_fine_on_a_large_photo_costs_its_price(api_client, app):
    client = api_client()
    body = api_job(client, photos.textured_jpeg(*LARGE), brush="fine").get_json()
    job = one(Job, Job.id == body["id"])
    assert job.cost == brush.FINE_COST and credits.balance(job.user_id) == 3 - brush.FINE_COST


@pytest.mark.parametrize("name", brush.BRUSHES)
def test_each_brush_through_the_create_page(logged_in, engine, name):
    response = logged_in.submit("/create", {"photo": (io.BytesIO(photos.textured_jpeg(*LARGE)), "p.jpg"),
                                            "style": "udnie", "brush": name},
                                content_type="multipart/form-data")
    assert response.status_code == 303, response.get_data(as_text=True)[:500]
    job = one(Job, Job.id == response.headers["Location"].rsplit("/", 1)[1])
    assert job.brush == name
    assert runner.run_job(job.id, engine) == "done"
    job = one(Job, Job.id == job.id)
    assert images.image_size(storage.load_bytes(job.result_id)) == LARGE


def test_the_create_page_offers_three_brushes_medium_chosen(logged_in):
    html = logged_in.get("/create").get_data(as_text=True)
    for name in brush.BRUSHES:
        assert f'name="brush" value="{name}"' in html
    assert 'value="medium" checked' in html


def test_previews_are_painted_at_the_chosen_brushs_working_size(logged_in, engine):
    sets = {}
    for name in ("broad", "medium"):
        response = logged_in.submit("/create", {"photo": (io.BytesIO(photos.textured_jpeg(2400, 1600)), "p.jpg"),
                                                "brush": name}, action="/previews",
                                    content_type="multipart/form-data", headers={"Accept": "application/json"})
        assert response.status_code == 202
        sets[name] = one(PreviewSet, PreviewSet.id == response.get_json()["id"])
    assert sets["broad"].id != sets["medium"].id  # one set per photo and brush
    assert images.image_size(storage.load_bytes(sets["broad"].photo_id)) == (800, 533)
    assert images.image_size(storage.load_bytes(sets["medium"].photo_id)) == (1280, 853)
    assert previews.render(sets["broad"].id, engine) == "done"
    shown = one(PreviewSet, PreviewSet.id == sets["broad"].id).results
    assert images.image_size(storage.load_bytes(shown["wave"])) == (256, 171)


def transparent_png() -> bytes:
    """A red square with a circle cut out: only the circle shows."""
    rgb = np.zeros((90, 120, 3), np.uint8)
    rgb[...] = (255, 0, 0)
    y, x = np.mgrid[:90, :120]
    inside = (y - 45) ** 2 + (x - 60) ** 2 < 30 ** 2
    rgb[inside] = (30, 60, 200)
    return images.encode(rgb, np.where(inside, 255, 0).astype(np.uint8), fmt="png")


def test_a_transparent_photo_downloaded_as_jpeg_never_shows_its_hidden_pixels(api_client, engine):
    client = api_client()
    body = api_job(client, transparent_png()).get_json()
    assert runner.run_job(body["id"], engine) == "done"
    png = images.decode(client.get(body["links"]["result"] + "?format=png").data)
    assert png.alpha is not None and png.alpha[0, 0] == 0 and png.alpha[45, 60] == 255
    jpeg = images.decode(client.get(body["links"]["result"] + "?format=jpeg").data).rgb
    assert jpeg[:10, :10].min() >= 240  # the corners were hidden: white, not painted red


def heic_photo() -> bytes:
    exif = Image.Exif()
    exif[0x0112] = 6
    exif.get_ifd(0x8825)[2] = (51.0, 30.0, 12.0)
    buffer = io.BytesIO()
    Image.open(io.BytesIO(photos.textured_jpeg(160, 100))).save(buffer, "HEIF", exif=exif.tobytes())
    return buffer.getvalue()


def test_an_iphone_heic_photo_is_painted_upright_without_its_gps(api_client, engine):
    client = api_client()
    response = api_job(client, heic_photo())
    assert response.status_code == 202, response.get_json()
    assert runner.run_job(response.get_json()["id"], engine) == "done"
    result = Image.open(io.BytesIO(client.get(response.get_json()["links"]["result"]).data))
    assert result.size == (100, 160) and not result.getexif()

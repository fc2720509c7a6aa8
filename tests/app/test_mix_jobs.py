"""Mixes of paintings (issue 20) through the API and the site: jobs with a mix, named by
their proportions, bad mixes refused before a credit is spent, the mix painted by the
worker's one render path, and the free preview of a mix."""
import io

import numpy as np
import pytest
from PIL import Image

from app.extensions import db
from app.records import Job, PreviewSet, UserStyle
from app.services import credits, mix_previews, runner, storage, user_styles
from models import images
from tests.app import photos
from tests.app.conftest import Browser, count, one
from tests.app.steps import create_with_own, error_code, painting
from tests.fakes import MirrorEngine

JSON = {"Accept": "application/json"}
TITLE = "60% The Great Wave off Kanagawa, 40% The Scream"


def send_mix(client, mix: str, **fields):
    return client.post("/api/v1/jobs", data={"mix": mix, "photo": (io.BytesIO(photos.jpeg()), "p.jpg"),
                                             **fields}, content_type="multipart/form-data")


def mix_fields(first="wave", second="the_scream", third="", weights=("60", "40", "0")):
    return {"style": "mix", "mix_style_1": first, "mix_style_2": second, "mix_style_3": third,
            "mix_weight_1": weights[0], "mix_weight_2": weights[1], "mix_weight_3": weights[2]}


def create_mix(browser, **fields):
    return browser.submit("/create", {"photo": (io.BytesIO(photos.jpeg()), "p.jpg"), **mix_fields(**fields)},
                          content_type="multipart/form-data")


@pytest.fixture
def ada(api_client, user):
    return api_client()


def test_a_mix_over_the_api_is_one_job_of_one_credit_that_reads_back_its_mix(ada, user):
    response = send_mix(ada, "wave=3,the_scream=1")
    assert response.status_code == 202, response.get_json()
    body = response.get_json()
    assert body["style"] == "mix"
    assert credits.balance(user.id) == 2
    job = ada.get(body["links"]["self"]).get_json()
    assert job["mix"] == [{"style": "wave", "weight": 0.75}, {"style": "the_scream", "weight": 0.25}]
    assert job["cost"] == 1
    single = ada.post("/api/v1/jobs", data={"style": "wave", "photo": (io.BytesIO(photos.jpeg()), "p.jpg")},
                      content_type="multipart/form-data").get_json()
    assert ada.get(single["links"]["self"]).get_json()["mix"] is None


@pytest.mark.parametrize("mix, message", [
    ("wave=1", "two or three"), ("wave=1,udnie=1,la_muse=1,the_scream=1", "two or three"),
    ("wave=-1,the_scream=2", "negative"), ("wave=much,the_scream=1", "number"),
    ("wave=nan,the_scream=1", "finite"), ("wave=inf,the_scream=1", "finite"),
    ("wave=0,the_scream=0", "zero"), ("", "two or three")])
def test_a_bad_mix_over_the_api_is_a_422_that_says_why_and_costs_nothing(ada, user, mix, message):
    response = send_mix(ada, mix)
    assert response.status_code == 422 and error_code(response) == "invalid_mix"
    assert message in response.get_json()["error"]["message"]
    assert credits.balance(user.id) == 3 and count(Job) == 0


def test_an_unknown_painting_in_a_mix_is_a_400_and_someone_elses_painting_is_unknown(ada, api_client):
    response = send_mix(ada, "wave=1,starry_night=1")
    assert response.status_code == 400 and error_code(response) == "unknown_style"
    assert "starry_night" in response.get_json()["error"]["message"]
    grace = api_client("grace@example.com")
    theirs = grace.post("/api/v1/jobs", data={"style_image": (io.BytesIO(painting()), "s.jpg"),
                                              "photo": (io.BytesIO(photos.jpeg()), "p.jpg")},
                        content_type="multipart/form-data")
    assert theirs.status_code == 202
    style_id = one(UserStyle).id
    assert send_mix(ada, f"wave=1,{style_id}=1").status_code == 400
    assert send_mix(grace, f"wave=1,{style_id}=1").status_code == 202


def test_a_mix_with_a_style_as_well_is_a_422(ada):
    response = send_mix(ada, "wave=1,udnie=1", style="wave")
    assert response.status_code == 422 and error_code(response) == "invalid_mix"


def test_a_mix_is_painted_instantly_never_as_a_masterpiece(ada, user):
    response = send_mix(ada, "wave=1,udnie=1", method="optimise")
    assert response.status_code == 422 and "Instant" in response.get_json()["error"]["message"]
    assert credits.balance(user.id) == 3


def test_a_mix_on_the_site_is_a_job_named_by_its_proportions(logged_in, user):
    response = create_mix(logged_in)
    assert response.status_code == 303, response.get_data(as_text=True)[:800]
    job = one(Job, Job.user_id == user.id)
    assert job.style == "mix" and credits.balance(user.id) == 2
    assert TITLE in logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert TITLE in logged_in.get("/history").get_data(as_text=True)


def test_a_painted_mix_lists_its_proportions_in_words_not_as_stored(logged_in, user):
    job_url = create_mix(logged_in).headers["Location"]
    job = one(Job, Job.user_id == user.id)
    painted = storage.store_array(user.id, "result", np.full((48, 64, 3), 90, np.uint8))
    job.status, job.result_id, job.result_preview_id = "done", painted.id, painted.id
    db.session.commit()
    page = logged_in.get(job_url).get_data(as_text=True)
    assert f"<dt>Style</dt><dd>{TITLE}</dd>" in page and "weight" not in page  # no stored JSON


def test_an_own_painting_is_named_in_a_mix_by_its_name(logged_in, user):
    create_with_own(logged_in, painting(), style_name="Grandma")
    style = one(UserStyle, UserStyle.user_id == user.id)
    response = create_mix(logged_in, first=style.id, second="udnie", third="wave", weights=("1", "1", "2"))
    assert response.status_code == 303
    page = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert "25% Grandma, 25% Udnie (Young American Girl, The Dance), 50% The Great Wave off Kanagawa" in page


@pytest.mark.parametrize("fields, status, message", [
    ({"second": ""}, 422, "two or three"), ({"weights": ("-5", "40", "0")}, 422, "negative"),
    ({"weights": ("lots", "40", "0")}, 422, "number"), ({"weights": ("nan", "40", "0")}, 422, "finite"),
    ({"weights": ("0", "0", "0")}, 422, "zero"), ({"second": "starry_night"}, 400, "starry_night")])
def test_a_bad_mix_on_the_site_is_refused_in_its_section_and_costs_nothing(logged_in, user, fields, status,
                                                                          message):
    response = create_mix(logged_in, **fields)
    assert response.status_code == status
    page = response.get_data(as_text=True).replace("&#39;", "'")
    assert 'id="mix-error"' in page and message in page
    assert count(Job) == 0 and credits.balance(user.id) == 3


def test_the_runner_paints_a_mix_with_the_arbitrary_model(logged_in, user, app):
    create_with_own(logged_in, painting())
    own = one(UserStyle, UserStyle.user_id == user.id)
    create_mix(logged_in, first="wave", second=own.id)
    job = one(Job, Job.style == "mix")
    photo = images.decode(_bytes(job.photo_id)).rgb
    assert runner.run_job(job.id, MirrorEngine()) == "done"  # the networks are not used for a mix
    result = images.decode(_bytes(one(Job, Job.id == job.id).result_id)).rgb
    assert result.shape == photo.shape
    assert not np.array_equal(result, photo) and not np.array_equal(result, photo[:, ::-1])


def test_a_mix_whose_own_painting_was_deleted_fails_and_returns_the_credit(logged_in, user):
    create_with_own(logged_in, painting())
    own = one(UserStyle, UserStyle.user_id == user.id)
    create_mix(logged_in, first="wave", second=own.id)
    job = one(Job, Job.style == "mix")
    user_styles.delete(db.session.get(UserStyle, own.id))
    before = credits.balance(user.id)
    assert runner.run_job(job.id, MirrorEngine()) == "failed"
    assert "deleted" in one(Job, Job.id == job.id).error and credits.balance(user.id) == before + 1


def _bytes(image_id):
    from app.services import storage

    return storage.load_bytes(image_id)


def ask_preview(browser, photo: bytes | None = None, base: str | None = None, **fields):
    data = {key: value for key, value in mix_fields(**fields).items() if key != "style"}
    data.update({"base": base} if base else {"photo": (io.BytesIO(photo or photos.jpeg()), "p.jpg")})
    return browser.submit("/create", data, action="/mix-previews", content_type="multipart/form-data",
                          headers=JSON)


def test_the_free_preview_of_a_mix_is_painted_small_cached_and_costs_nothing(logged_in, user, app,
                                                                            chicago_jpg):
    response = ask_preview(logged_in, chicago_jpg)
    assert response.status_code == 202
    body = response.get_json()
    assert (body["status"], body["title"], body["image"]) == ("queued", TITLE, None)
    assert mix_previews.render(body["id"], MirrorEngine()) == "done"
    done = logged_in.get(body["url"], headers=JSON).get_json()
    picture = Image.open(io.BytesIO(logged_in.get(done["image"]).data))
    assert picture.size == (256, 170)
    again = ask_preview(logged_in, base=body["base"]).get_json()
    assert again["id"] == body["id"] and again["image"] == done["image"]
    other = ask_preview(logged_in, base=body["base"], weights=("50", "50", "0")).get_json()
    assert other["id"] != body["id"] and other["status"] == "queued"
    assert credits.balance(user.id) == 3 and count(Job) == 0
    assert count(PreviewSet) == 3  # the photo's six previews, and two mixes


def test_a_mix_preview_is_private_and_a_bad_mix_gets_none(logged_in, other_browser):
    body = ask_preview(logged_in).get_json()
    assert other_browser.get(body["url"], headers=JSON).status_code == 404
    assert ask_preview(other_browser, base=body["base"]).status_code == 404
    bad = ask_preview(logged_in, weights=("-1", "1", "0"))
    assert bad.status_code == 422 and "negative" in bad.get_json()["error"]["message"]


def test_without_javascript_a_mix_preview_is_a_page(logged_in):
    response = logged_in.submit("/create", {key: value for key, value in mix_fields().items()
                                            if key != "style"} | {"photo": (io.BytesIO(photos.jpeg()), "p.jpg")},
                                action="/mix-previews", content_type="multipart/form-data")
    assert response.status_code == 303
    page = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert TITLE in page and "reloads by itself" in page


def test_mix_previews_are_rate_limited_per_user(app, app_settings, user):
    from app import create_app
    from app.extensions import limiter

    limited = create_app({**app_settings, "RATELIMIT_ENABLED": True, "PREVIEW_RATELIMIT": "2/hour"})
    limiter.reset()
    try:
        ada = Browser(limited.test_client())
        ada.login(user.email)
        statuses = [ask_preview(ada, weights=(w, "50", "0")).status_code for w in ("10", "20", "30")]
        assert statuses == [202, 202, 429]
    finally:
        limiter.reset()
        limiter.init_app(app)


@pytest.mark.worker
def test_a_worker_paints_a_mix_job_and_its_free_preview(app, app_settings, database_url, tmp_path, chicago_jpg):
    from app import create_app
    from tests.app.workers import Worker, wait_for

    site = create_app({**app_settings, "BROKER_DIR": str(tmp_path / "broker")})
    worker = Worker("mixes", database_url, "filesystem://", str(tmp_path / "broker"), tmp_path).start()
    try:
        with site.app_context():
            browser = Browser(site.test_client())
            browser.signup("mixer@example.com")
            response = browser.submit("/create", {"photo": (io.BytesIO(chicago_jpg), "c.jpg"), **mix_fields()},
                                      content_type="multipart/form-data")
            assert response.status_code == 303, response.get_data(as_text=True)[:500]
            job_id = response.headers["Location"].rsplit("/", 1)[1]
            preview = ask_preview(browser, chicago_jpg).get_json()

            def finished():
                db.session.expire_all()
                return db.session.get(Job, job_id).finished and \
                    db.session.get(PreviewSet, preview["id"]).status != "queued"

            wait_for(finished, timeout=150, what="the mix job and its preview")
            assert one(Job, Job.id == job_id).status == "done", worker.log()[-3000:]
            result = Image.open(io.BytesIO(browser.get(f"/jobs/{job_id}/download").data))
            assert result.size == (712, 474)
            assert TITLE in browser.get(f"/jobs/{job_id}").get_data(as_text=True)
            body = browser.get(preview["url"], headers=JSON).get_json()
            assert body["status"] == "done" and body["image"], worker.log()[-3000:]
            assert Image.open(io.BytesIO(browser.get(body["image"]).data)).size == (256, 170)
    finally:
        worker.stop()

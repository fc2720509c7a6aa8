"""Your own paintings: uploaded on the create page, the account page or through the API,
private to their owner (404 for anyone else), deletable; jobs painted with them."""
import io

import pytest
from werkzeug.exceptions import NotFound

from app.records import Job, StoredImage, UserStyle
from app.services import credits, runner, storage
from models import images
from tests.app import photos
from tests.app.conftest import count, one
from tests.app.steps import create_with_own, painting


def upload_on_account(browser, image: bytes, name: str = "Sunflowers"):
    return browser.submit("/account", {"image": (io.BytesIO(image), "s.jpg"), "name": name},
                          action="/my-styles", content_type="multipart/form-data")


def test_a_painting_uploaded_on_the_create_page_becomes_the_jobs_style(logged_in, user):
    response = create_with_own(logged_in, painting(), style_name="Grandma's painting")
    assert response.status_code == 303, response.get_data(as_text=True)[:800]
    job = one(Job, Job.user_id == user.id)
    style = one(UserStyle, UserStyle.user_id == user.id)
    assert (job.style, job.user_style_id, style.name) == ("own", style.id, "Grandma's painting")
    assert credits.balance(user.id) == 2  # same credit as any job
    # it is now one of the user's paintings, on the create and account pages
    assert style.name in logged_in.get("/create").get_data(as_text=True).replace("&#39;", "'")
    assert style.name in logged_in.get("/account").get_data(as_text=True).replace("&#39;", "'")


def test_a_saved_painting_can_be_chosen_again_and_the_same_picture_is_one_style(logged_in, user):
    create_with_own(logged_in, painting())
    style = one(UserStyle, UserStyle.user_id == user.id)
    assert create_with_own(logged_in, user_style=style.id).status_code == 303
    assert create_with_own(logged_in, painting()).status_code == 303
    assert count(UserStyle) == 1 and count(Job, Job.user_style_id == style.id) == 3


def test_own_without_a_painting_and_a_broken_painting_are_refused_at_the_field(logged_in, user):
    response = create_with_own(logged_in)
    assert response.status_code == 422
    assert "Upload a painting, or choose one of yours." in response.get_data(as_text=True)
    response = create_with_own(logged_in, b"\xff\xd8\xff not really a jpeg")
    assert response.status_code == 422
    assert 'id="style-image-error">Your painting:' in response.get_data(as_text=True)
    assert count(Job) == 0 and credits.balance(user.id) == 3


def test_a_job_refused_on_the_create_page_keeps_no_new_painting(logged_in, user):
    """One door: the job service stores the new painting in the job's transaction."""
    response = create_with_own(logged_in, painting(),
                               photo=(io.BytesIO(b"not a photo"), "p.jpg"))
    assert response.status_code == 415
    html = response.get_data(as_text=True)
    assert 'has-error" data-dropzone' in html and 'id="style-image-error"' not in html
    assert count(UserStyle) == 0 and count(Job) == 0 and credits.balance(user.id) == 3


def test_another_user_can_neither_see_nor_use_someones_painting(logged_in, user, other_browser):
    upload_on_account(logged_in, painting())
    style = one(UserStyle, UserStyle.user_id == user.id)
    assert other_browser.get(f"/my-styles/{style.id}/image").status_code == 404
    assert create_with_own(other_browser, user_style=style.id).status_code == 404
    assert other_browser.submit("/account", {}, action=f"/my-styles/{style.id}/delete").status_code == 404
    assert "Sunflowers" not in other_browser.get("/account").get_data(as_text=True)
    assert count(UserStyle) == 1 and count(Job) == 0
    assert logged_in.get(f"/my-styles/{style.id}/image").mimetype == "image/jpeg"


def test_another_users_painting_is_a_404_in_the_api_too(api_client, user):
    from app.services import jobs
    from tests.app.steps import submit

    ada = api_client("ada@example.com")
    assert submit(ada, style_image=(io.BytesIO(painting()), "s.jpg"), omit="style").status_code == 202
    style = one(UserStyle, UserStyle.user_id == user.id)
    grace = api_client("grace@example.com")
    with pytest.raises(NotFound):  # the service refuses before anything is stored
        jobs.submit(grace.user_id, photos.jpeg(), "", user_style_id=style.id)
    assert count(Job) == 1 and credits.balance(grace.user_id) == 3


def test_deleting_a_painting_removes_it_and_its_pictures_and_keeps_finished_jobs(logged_in, user):
    from tests.fakes import MirrorEngine

    create_with_own(logged_in, painting())
    style = one(UserStyle, UserStyle.user_id == user.id)
    job = one(Job, Job.user_id == user.id)
    style_id, image_ids = style.id, (style.image_id, style.thumb_id)
    response = logged_in.submit("/account", {}, action=f"/my-styles/{style_id}/delete")
    assert response.status_code == 303 and response.headers["Location"].endswith("/account#my-styles")
    assert count(UserStyle) == 0
    assert count(StoredImage, StoredImage.id.in_(image_ids)) == 0
    assert one(Job, Job.id == job.id).user_style_id is None
    assert logged_in.get(f"/my-styles/{style_id}/image").status_code == 404
    # the queued job painted with it fails and gives its credit back
    assert runner.run_job(job.id, MirrorEngine()) == "failed"
    assert "deleted" in one(Job, Job.id == job.id).error and credits.balance(user.id) == 3


def test_the_api_takes_a_style_image_instead_of_a_style(api_client, user):
    from tests.app.steps import submit

    client = api_client()
    response = submit(client, style_image=(io.BytesIO(painting()), "s.jpg"), omit="style",
                      strength="0.5")
    assert response.status_code == 202, response.get_json()
    body = client.get(response.headers["Location"]).get_json()
    assert (body["style"], body["strength"]) == ("own", 0.5)
    assert one(UserStyle, UserStyle.user_id == user.id).name == "Sent through the API"
    missing = submit(client, omit="style")
    assert missing.status_code == 422 and missing.get_json()["error"]["code"] == "missing_style"
    bad = submit(client, style_image=(io.BytesIO(b"plain text"), "s.txt"), omit="style")
    assert bad.status_code == 415 and count(UserStyle) == 1


def test_a_refused_api_job_keeps_no_style(api_client, user):
    from tests.app.steps import submit

    response = submit(api_client(), photo=b"not a photo",
                      style_image=(io.BytesIO(painting()), "s.jpg"))
    assert response.status_code == 415 and count(UserStyle) == 0


def test_an_own_style_job_is_painted_with_the_arbitrary_model(logged_in, user, app, engine):
    create_with_own(logged_in, painting(3), strength="0.8", preserve_colors="y")
    job = one(Job, Job.user_id == user.id)
    assert runner.run_job(job.id, engine) == "done"
    result = images.decode(storage.load_bytes(one(Job, Job.id == job.id).result_id)).rgb
    assert result.shape[:2] == (48, 64)

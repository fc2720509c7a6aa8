"""Free previews: six small pictures of the chosen photo, one worker pass, cached per
photo, rate limited per user, never a job and never a credit; they expire."""
import io
from datetime import timedelta

import pytest
from PIL import Image

from app import create_app
from app.extensions import db, limiter
from app.records import CreditEntry, Job, PreviewSet, StoredImage
from app.services import credits, previews
from tests.app import photos
from tests.app.conftest import Browser, count, one
from tests.fakes import MirrorEngine

JSON = {"Accept": "application/json"}


def ask(browser, photo: bytes, headers=JSON):
    return browser.submit("/create", {"photo": (io.BytesIO(photo), "photo.jpg")},
                          action="/previews", content_type="multipart/form-data", headers=headers)


def test_a_preview_set_has_six_pictures_of_longest_side_256(logged_in, user, app, engine, chicago_jpg):
    response = ask(logged_in, chicago_jpg)
    assert response.status_code == 202
    body = response.get_json()
    assert body["status"] == "queued" and body["previews"] == []
    assert previews.render(body["id"], engine) == "done"
    body = logged_in.get(body["url"], headers=JSON).get_json()
    assert body["status"] == "done" and len(body["previews"]) == 6
    for p in body["previews"]:
        image = Image.open(io.BytesIO(logged_in.get(p["image"]).data))
        assert image.size == (256, 170)  # chicago.jpg is 712x474
    # free: no credit spent, no job, nothing in the history
    assert credits.balance(user.id) == 3 and count(Job) == 0
    assert count(CreditEntry, CreditEntry.kind == "spend") == 0
    assert "The Scream" not in logged_in.get("/history").get_data(as_text=True)


def test_the_same_photo_again_reuses_its_previews(logged_in):
    first = ask(logged_in, photos.jpeg()).get_json()
    previews.render(first["id"], MirrorEngine())
    again = ask(logged_in, photos.jpeg()).get_json()
    assert again["id"] == first["id"] and again["status"] == "done"
    assert count(PreviewSet) == 1
    assert ask(logged_in, photos.jpeg(color=(1, 2, 3))).get_json()["id"] != first["id"]


def test_previews_of_an_account_deleted_while_they_are_painted_are_simply_dropped(logged_in, user):
    import sqlalchemy as sa

    from app.records import User

    body = ask(logged_in, photos.jpeg()).get_json()

    class LeavingMidway(MirrorEngine):
        """The owner deletes their account (another process) while the worker paints."""

        def stylize(self, rgb, style, *, exact=False):
            with db.engine.begin() as other:
                other.execute(sa.delete(User).where(User.id == user.id))
            return super().stylize(rgb, style, exact=exact)

    assert previews.render(body["id"], LeavingMidway()) == "gone"
    assert count(PreviewSet) == 0 and count(StoredImage) == 0


def test_previews_are_private(logged_in, other_browser):
    body = ask(logged_in, photos.jpeg()).get_json()
    previews.render(body["id"], MirrorEngine())
    assert other_browser.get(body["url"], headers=JSON).status_code == 404
    for which in ("wave", "photo"):
        assert other_browser.get(f"{body['url']}/images/{which}").status_code == 404
        assert logged_in.get(f"{body['url']}/images/{which}").mimetype == "image/jpeg"


def test_without_javascript_the_button_leads_to_a_page_of_previews(logged_in):
    response = ask(logged_in, photos.jpeg(), headers={})
    assert response.status_code == 303
    page = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert 'http-equiv="refresh"' in page  # reloads itself until painted
    set_id = response.headers["Location"].rsplit("/", 1)[1]
    previews.render(set_id, MirrorEngine())
    page = logged_in.get(response.headers["Location"]).get_data(as_text=True)
    assert page.count("Your photo in the style of") == 6 and "/create?style=wave" in page
    create = logged_in.get("/create").get_data(as_text=True)
    assert 'formaction="/previews"' in create


def test_a_file_that_is_not_a_photo_gets_no_previews(logged_in):
    response = ask(logged_in, b"plain text")
    assert response.status_code == 415 and response.get_json()["error"]["code"] == "unsupported_media_type"
    assert count(PreviewSet) == 0


def test_previews_expire_with_their_pictures(logged_in, app):
    from app.records.common import utcnow

    body = ask(logged_in, photos.jpeg()).get_json()
    previews.render(body["id"], MirrorEngine())
    preview_set = one(PreviewSet, PreviewSet.id == body["id"])
    image_ids = [preview_set.photo_id, *preview_set.results.values()]
    assert previews.purge_expired() == 0
    preview_set.created_at = utcnow() - timedelta(hours=app.config["PREVIEW_TTL_HOURS"] + 1)
    db.session.commit()
    assert previews.purge_expired() == 1
    assert count(PreviewSet) == 0 and count(StoredImage, StoredImage.id.in_(image_ids)) == 0


def test_a_lost_message_is_sent_again_when_the_page_polls(logged_in, app):
    from app.queue import PREVIEWS_TASK
    from app.records.common import utcnow
    from tests.app.queued import discard, queued

    discard(app, PREVIEWS_TASK)
    body = ask(logged_in, photos.jpeg()).get_json()
    assert queued(app, PREVIEWS_TASK) == [[body["id"]]]  # on the broker, by its one name
    logged_in.get(body["url"], headers=JSON)
    assert len(queued(app, PREVIEWS_TASK)) == 1
    preview_set = one(PreviewSet, PreviewSet.id == body["id"])
    preview_set.updated_at = utcnow() - timedelta(seconds=previews.RESEND_AFTER + 1)
    db.session.commit()
    logged_in.get(body["url"], headers=JSON)
    assert queued(app, PREVIEWS_TASK) == [[body["id"]], [body["id"]]]


@pytest.fixture
def limited(app, app_settings):
    limited_app = create_app({**app_settings, "RATELIMIT_ENABLED": True,
                              "PREVIEW_RATELIMIT": "2/hour"})
    limiter.reset()
    yield limited_app
    limiter.reset()
    limiter.init_app(app)  # its settings say RATELIMIT_ENABLED=False: off again


def test_previews_are_rate_limited_per_user(limited, user, other_browser):
    ada = Browser(limited.test_client())
    ada.login(user.email)
    for color in ((1, 1, 1), (2, 2, 2)):
        assert ask(ada, photos.jpeg(color=color)).status_code == 202
    assert ask(ada, photos.jpeg(color=(3, 3, 3))).status_code == 429
    grace = Browser(limited.test_client())
    grace.login("grace@example.com")
    assert ask(grace, photos.jpeg()).status_code == 202

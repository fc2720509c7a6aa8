"""Sharing one picture by a public link: opt-in, unguessable, revocable, owner-only to
make or revoke, and the public page shows no account data but has Open Graph tags."""
import re

from app.records import ShareLink
from tests.app import photos
from tests.app.conftest import count, one
from tests.app.steps import paint


def share(browser, job_id: str):
    url = f"/jobs/{job_id}"
    return browser.submit(url, {}, action=url + "/share")


def public_url(browser, job_id: str) -> str:
    html = browser.get(f"/jobs/{job_id}").get_data(as_text=True)
    return re.search(r'id="share-link" type="text" readonly value="http://[^/]+(/s/[^"]+)"', html).group(1)


def test_a_picture_is_private_until_its_owner_shares_it(logged_in):
    job = paint(logged_in)
    html = logged_in.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "Make a public link" in html and "/s/" not in html and count(ShareLink) == 0


def test_a_shared_picture_opens_signed_out_with_open_graph_tags_and_no_account_data(app, logged_in, browser):
    job = paint(logged_in)
    response = share(logged_in, job.id)
    assert response.status_code == 303 and response.headers["Location"] == f"/jobs/{job.id}#share"
    link = one(ShareLink)
    assert len(link.token) >= 43  # 256 random bits
    path = public_url(logged_in, job.id)
    assert path == f"/s/{link.token}"
    stranger = app.test_client()  # never logged in
    page = stranger.get(path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="A photo painted in the style of The Great Wave off Kanagawa">' in html
    assert f'<meta property="og:image" content="http://localhost/s/{link.token}/image">' in html
    assert "ada@example.com" not in html and job.id not in html and "Log out" not in html
    image = stranger.get(path + "/image")
    assert image.status_code == 200 and image.mimetype == "image/jpeg"
    assert stranger.get(f"/jobs/{job.id}/images/preview").status_code == 302  # the rest stays private


def test_stopping_sharing_makes_the_link_404(app, logged_in):
    job = paint(logged_in)
    share(logged_in, job.id)
    path = public_url(logged_in, job.id)
    url = f"/jobs/{job.id}"
    assert logged_in.submit(url, {}, action=url + "/unshare").status_code == 303
    stranger = app.test_client()
    assert stranger.get(path).status_code == 404 and stranger.get(path + "/image").status_code == 404
    share(logged_in, job.id)  # shared again: a new address, the old one stays dead
    assert public_url(logged_in, job.id) != path and stranger.get(path).status_code == 404


def test_deleting_a_shared_picture_ends_its_link(app, logged_in):
    job = paint(logged_in)
    share(logged_in, job.id)
    path = public_url(logged_in, job.id)
    url = f"/jobs/{job.id}"
    logged_in.submit(url, {"confirm": "yes"}, action=url + "/delete")
    assert app.test_client().get(path).status_code == 404 and count(ShareLink) == 0


def test_made_up_links_are_404(app):
    client = app.test_client()
    for token in ("x", "a" * 43, "../../etc/passwd", "a" * 200):
        assert client.get(f"/s/{token}").status_code == 404


def test_sharing_needs_the_csrf_token_and_only_the_owner_can(logged_in, other_browser):
    job = paint(logged_in)
    assert logged_in.client.post(f"/jobs/{job.id}/share").status_code == 400
    assert share(other_browser, job.id).status_code == 404
    assert count(ShareLink) == 0


def test_an_unfinished_picture_cannot_be_shared(logged_in):
    job_id = logged_in.upload(photos.jpeg()).headers["Location"].rsplit("/", 1)[1]
    response = share(logged_in, job_id)
    assert response.status_code == 303 and count(ShareLink) == 0

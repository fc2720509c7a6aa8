"""The authorisation matrix: every route and API endpoint that takes an id, called
as the owner, as another user and logged out. Only the owner succeeds; others
get 404 (or a login redirect / 401 when logged out)."""
from __future__ import annotations


import pytest

from app.extensions import db
from app.services import (accounts, jobs, mix_previews, mixes, payments, previews, runner, tokens,
                          user_styles)
from tests.app import photos
from tests.app.conftest import PASSWORD, ApiClient, Browser

# (method, url template, owner's expected status). Templates name the ids below.
WEB = [
    ("GET", "/jobs/{job}", 200),
    ("GET", "/jobs/{job}/status", 200),
    ("GET", "/jobs/{job}/images/photo", 200),
    ("GET", "/jobs/{job}/images/preview", 200),
    ("GET", "/jobs/{job}/download", 200),
    ("GET", "/jobs/{job}/video", 404),  # a photo job has no video (a video's: test_video_worker.py)
    ("GET", "/jobs/{job}/delete", 200),
    ("POST", "/jobs/{job}/restyle", 303),
    ("POST", "/jobs/{job}/stop", 409),  # the owner's job is an instant one: nothing to stop
    ("POST", "/jobs/{job}/share", 303),
    ("POST", "/jobs/{job}/unshare", 303),
    ("POST", "/account/tokens/{token}/revoke", 303),
    ("GET", "/checkout/demo/{session}", 200),
    ("POST", "/checkout/demo/{session}", 303),
    ("GET", "/previews/{preview}", 200),
    ("GET", "/previews/{preview}/images/photo", 200),
    ("GET", "/mix-previews/{mix}", 200),
    ("GET", "/mix-previews/{mix}/image", 200),
    ("GET", "/my-styles/{style}/image", 200),
    ("POST", "/my-styles/{style}/delete", 303),  # deletes the style
    ("POST", "/jobs/{job}/delete", 303),  # last: it deletes the job
]
API = [
    ("GET", "/api/v1/jobs/{job}", 200),
    ("GET", "/api/v1/jobs/{job}/result", 200),
    ("POST", "/api/v1/jobs/{job}/stop", 409),  # an instant job: nothing to stop
    ("DELETE", "/api/v1/tokens/{token}", 204),
    ("DELETE", "/api/v1/jobs/{job}", 204),  # last: it deletes the job
]


@pytest.fixture
def owned(app, user, engine):
    """One of everything that has an id, owned by `user`, the job finished."""
    job = jobs.submit(user.id, photos.jpeg(), "wave")
    runner.run_job(job.id, engine)
    token, _ = tokens.issue(user.id, "matrix")
    with app.test_request_context():
        url = payments.create_checkout(user, payments.packs()[0].id, "http://localhost/s",
                                       "http://localhost/c")
    preview = previews.request_set(user.id, photos.jpeg())
    style = user_styles.create(user.id, photos.jpeg(color=(9, 9, 9)))
    mix = mix_previews.request(user.id, preview, mixes.checked(user.id, "wave=0.5,udnie=0.5"))
    db.session.commit()
    mix_previews.render(mix.id, None)  # a mix is painted by the arbitrary model alone
    return {"job": job.id, "token": token.id, "session": url.rstrip("/").rsplit("/", 1)[1],
            "preview": preview.id, "style": style.id, "mix": mix.id}


def call(client, method: str, url: str, csrf: str):
    data = {"csrf_token": csrf, "style": "udnie", "confirm": "yes"} if method == "POST" else None
    return client.open(url, method=method, data=data)


def test_every_route_that_takes_an_id_is_in_the_matrix(app):
    covered = {(m, u.replace("{job}", "<job_id>").replace("{token}", "<token_id>")
                .replace("{session}", "<session_id>").replace("{preview}", "<set_id>").replace("{mix}", "<set_id>")
                .replace("{style}", "<style_id>")) for m, u, _ in WEB + API}
    for rule in app.url_map.iter_rules():
        # A reset link's token is a secret capability, not the id of something owned.
        if rule.arguments - {"filename", "which", "token"}:
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                path = rule.rule.replace("<which>", "photo")
                assert (method, path) in covered or (method, rule.rule.replace(
                    "<which>", "preview")) in covered, f"{method} {rule.rule} is not in the matrix"


def test_only_the_owner_reaches_their_things_on_the_site(app, owned):
    owner, stranger, visitor = (Browser(app.test_client()) for _ in range(3))
    owner.login("ada@example.com")
    accounts.create_user("mallory@example.com", PASSWORD)
    stranger.login("mallory@example.com")
    for method, template, expected in WEB:
        url = template.format(**owned)
        got = call(stranger.client, method, url, stranger.csrf_token("/create"))
        assert got.status_code == 404, f"stranger {method} {url}: {got.status_code}"
        got = call(visitor.client, method, url, visitor.csrf_token("/login"))
        assert got.status_code in (302, 401) and "/login" in got.headers.get("Location", "/login"), \
            f"visitor {method} {url}: {got.status_code}"
        got = call(owner.client, method, url, owner.csrf_token("/create"))
        assert got.status_code == expected, f"owner {method} {url}: {got.status_code}"


def test_only_the_owner_reaches_their_things_through_the_api(app, owned, user):
    _, own_secret = tokens.issue(user.id, "owner")
    mallory = accounts.create_user("mallory@example.com", PASSWORD)
    _, other_secret = tokens.issue(mallory.id, "mallory")
    owner, stranger, visitor = ApiClient(app, own_secret), ApiClient(app, other_secret), ApiClient(app)
    for method, template, expected in API:
        url = template.format(**owned)
        assert stranger.open(method, url).status_code == 404, url
        assert visitor.open(method, url).status_code == 401, url
        assert owner.open(method, url).status_code == expected, url

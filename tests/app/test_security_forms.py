"""CSRF on every state-changing form, and hostile text shown harmlessly."""
import sqlalchemy as sa

from app.services import tokens as token_service
from app.extensions import db
from app.records import Job
from app.services import accounts, credits, jobs
from tests.app import photos
from tests.app.conftest import PASSWORD, count

# Signed by Stripe or carrying a bearer token instead of a cookie: no CSRF there.
EXEMPT = {"payments.stripe_webhook"}
HOSTILE = "<script>alert('x')</script>\"'; DROP TABLE users; --"


def test_every_state_changing_form_is_refused_without_its_csrf_token(app, logged_in, user):
    job = jobs.submit(user.id, photos.jpeg(), "wave")
    before = (count(Job), credits.balance(user.id))
    checked = set()
    for rule in app.url_map.iter_rules():
        unsafe = rule.methods & {"POST", "PUT", "PATCH", "DELETE"}
        if not unsafe or rule.endpoint in EXEMPT or rule.endpoint.startswith("api."):
            continue
        url = rule.rule.replace("<job_id>", job.id).replace("<token_id>", "x" * 32) \
            .replace("<session_id>", "demo_cs_x")
        for method in unsafe:
            response = logged_in.client.open(url, method=method,
                                             data={"style": "udnie", "confirm": "yes"})
            assert response.status_code == 400, f"{method} {rule.rule}: {response.status_code}"
            checked.add(rule.endpoint)
    assert len(checked) >= 8 and {"jobs.stop", "jobs.restyle", "jobs.delete", "main.create"} <= checked
    assert (count(Job), credits.balance(user.id)) == before
    assert logged_in.get("/account").status_code == 200  # still logged in: logout needs a token too


def test_hostile_text_in_emails_job_errors_and_token_names_is_shown_harmlessly(app, browser):
    email = "o'brien+<b>x</b>@example.com"
    user = accounts.create_user(email, PASSWORD)
    browser.login(email)
    job = jobs.submit(user.id, photos.jpeg(), "wave")
    db.session.execute(sa.update(Job).where(Job.id == job.id).values(status="failed", error=HOSTILE))
    db.session.commit()
    token_service.issue(user.id, HOSTILE)
    for page in (f"/jobs/{job.id}", "/account", "/history"):
        html = browser.get(page).get_data(as_text=True)
        assert "<script>alert" not in html and "<b>x</b>" not in html, page
    assert "&lt;script&gt;alert" in browser.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert accounts.find_by_email(email) is not None  # the SQL fragment was just text


def test_an_unknown_style_full_of_html_is_escaped_in_the_message(logged_in):
    html = logged_in.upload(photos.jpeg(), style=HOSTILE).get_data(as_text=True)
    assert "<script>alert" not in html and "no style called" in html

"""The account page: changing the password and deleting the account."""
from app.services import tokens as token_service
from app.extensions import db
from app.records import ApiToken, CreditEntry, Job, Payment, StoredImage, User
from app.services import accounts
from tests.app import photos
from tests.app.conftest import PASSWORD, Browser, count

NEW_PASSWORD = "a brand new passphrase"


def change_password(browser, current=PASSWORD, new=NEW_PASSWORD, confirm=None):
    return browser.submit("/account", {"current": current, "new": new,
                                       "confirm_new": new if confirm is None else confirm},
                          action="/account/password")


def delete_account(browser, password=PASSWORD):
    return browser.submit("/account", {"password": password}, action="/account/delete")


def test_the_account_page_shows_balance_packs_payments_password_and_deletion(logged_in):
    html = logged_in.get("/account").get_data(as_text=True)
    for part in ('id="credits"', 'id="buy"', 'id="payments"', 'id="ledger"', 'id="change-password"',
                 'id="api-tokens"', 'id="delete-account"', "Welcome credits"):
        assert part in html, part


def test_changing_the_password_needs_the_current_one(logged_in, user):
    response = change_password(logged_in, current="not my password")
    assert response.status_code == 422
    assert "not your current password" in response.get_data(as_text=True)
    assert accounts.authenticate(user.email, PASSWORD) is not None


def test_a_new_password_must_be_long_enough_and_typed_twice(logged_in, user):
    assert change_password(logged_in, new="short").status_code == 422
    response = change_password(logged_in, confirm="something else entirely")
    assert response.status_code == 422 and "differ" in response.get_data(as_text=True)
    assert accounts.authenticate(user.email, PASSWORD) is not None


def test_changing_the_password_logs_out_every_other_session_and_keeps_this_one(app, logged_in, user):
    elsewhere = Browser(app.test_client())
    elsewhere.login(user.email)
    assert elsewhere.get("/account").status_code == 200
    response = change_password(logged_in)
    assert response.status_code == 303 and response.headers["Location"] == "/account"
    assert "Other devices have been logged out" in logged_in.get("/account").get_data(as_text=True)
    assert logged_in.get("/history").status_code == 200
    assert elsewhere.get("/account").status_code == 302  # back to the log-in page
    db.session.expire_all()
    assert accounts.authenticate(user.email, NEW_PASSWORD) is not None
    assert accounts.authenticate(user.email, PASSWORD) is None


def test_deleting_the_account_needs_the_password(logged_in, user):
    response = delete_account(logged_in, password="wrong one")
    assert response.status_code == 422 and "not your password" in response.get_data(as_text=True)
    assert count(User) == 1


def test_deleting_an_account_that_never_paid_removes_everything(logged_in, user):
    from app.services import runner
    from tests.fakes import MirrorEngine

    job_url = logged_in.upload(photos.jpeg()).headers["Location"]
    runner.run_job(job_url.rsplit("/", 1)[1], MirrorEngine())
    logged_in.upload(photos.jpeg())  # one still queued
    token_service.issue(user.id, "script")
    response = delete_account(logged_in)
    assert response.status_code == 303 and response.headers["Location"] == "/"
    for model in (User, Job, StoredImage, ApiToken, CreditEntry):
        assert count(model) == 0, model
    assert logged_in.get("/account").status_code == 302
    assert accounts.authenticate("ada@example.com", PASSWORD) is None
    assert logged_in.signup("ada@example.com").status_code == 302  # the email is free again


def test_deleting_an_account_that_paid_keeps_its_payments_without_the_email(logged_in, user):
    user_id = user.id
    db.session.add(Payment(user_id=user_id, pack="small", credits=10, amount=500, currency="usd",
                           checkout_session_id="cs_test_1", status="paid"))
    db.session.commit()
    logged_in.upload(photos.jpeg())
    token_service.issue(user_id, "script")
    assert delete_account(logged_in).status_code == 303
    db.session.expire_all()
    for model in (Job, StoredImage, ApiToken):
        assert count(model) == 0, model
    assert count(Payment, Payment.user_id == user_id) == 1
    tombstone = db.session.get(User, user_id)
    assert tombstone.email.endswith("@deleted.invalid") and "ada" not in tombstone.email
    assert accounts.authenticate(tombstone.email, PASSWORD) is None
    assert accounts.find_by_email("ada@example.com") is None
    assert logged_in.get("/account").status_code == 302


def test_another_session_is_logged_out_when_the_account_is_deleted(app, logged_in, user):
    elsewhere = Browser(app.test_client())
    elsewhere.login(user.email)
    delete_account(logged_in)
    assert elsewhere.get("/account").status_code == 302

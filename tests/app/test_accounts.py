from app.records import User
from app.services import credits
from app.services.accounts import find_by_email
from tests.app.conftest import PASSWORD, Browser, count


def test_signing_up_logs_in_and_gives_three_free_credits(browser):
    response = browser.signup("  New.Person@Example.COM ")
    assert response.status_code == 302 and response.headers["Location"].endswith("/create")
    user = find_by_email("new.person@example.com")
    assert credits.balance(user.id) == 3
    assert "3 credits" in browser.get("/create").get_data(as_text=True)


def test_passwords_are_stored_hashed_with_the_configured_algorithm(browser, app):
    browser.signup("hash@example.com")
    stored = find_by_email("hash@example.com").password_hash
    assert PASSWORD not in stored and stored.startswith(app.config["PASSWORD_HASH_METHOD"] + "$")


def test_every_site_but_the_test_suite_hashes_with_scrypt():
    from app import config

    production = {"APP_ENV": "production", "SECRET_KEY": "s" * 40, "DATABASE_URL": "postgresql://db/x",
                  "PUBLIC_URL": "https://art.example.com", "RATELIMIT_STORAGE_URI": "redis://r:6379/1",
                  "PAYMENTS_ENABLED": "false", "PASSWORD_HASH_METHOD": "plain"}  # not a setting: ignored
    assert config.load({})["PASSWORD_HASH_METHOD"] == "scrypt"
    assert config.load(production)["PASSWORD_HASH_METHOD"] == "scrypt"


def test_a_taken_email_is_refused_clearly(browser, user):
    response = browser.signup("ADA@example.com")
    assert response.status_code == 422
    assert "already exists" in response.get_data(as_text=True)
    assert count(User) == 1


def test_empty_signup_fields_get_a_message_not_an_error(browser):
    response = browser.submit("/signup", {"email": "", "password": "", "confirm": ""})
    assert response.status_code == 422
    assert "This field is required." in response.get_data(as_text=True)


def test_a_short_password_is_refused(browser):
    response = browser.signup("short@example.com", "abc")
    assert response.status_code == 422 and count(User) == 0


def test_a_wrong_password_does_not_say_which_part_was_wrong(browser, user):
    wrong_password = browser.login(user.email, "not the password").get_data(as_text=True)
    unknown_email = browser.login("nobody@example.com").get_data(as_text=True)
    message = "That email and password do not match an account."
    assert message in wrong_password and message in unknown_email


def test_login_follows_a_local_next_path_only(app, user):
    def login_with_next(target):
        browser = Browser(app.test_client())
        response = browser.submit(f"/login?next={target}", {"email": user.email, "password": PASSWORD})
        return response.headers["Location"]

    assert login_with_next("/history") == "/history"
    for evil in ("https://evil.example/", "//evil.example/x", "/\\evil.example"):
        assert "evil" not in login_with_next(evil)


def test_logging_out_ends_the_session(logged_in):
    response = logged_in.submit("/create", {}, action="/logout")
    assert response.status_code == 302
    assert logged_in.get("/history").headers["Location"].startswith("/login")


def test_pages_for_members_send_visitors_to_log_in(browser):
    for path in ("/create", "/history", "/account"):
        response = browser.get(path)
        assert response.status_code == 302 and "/login?next=" in response.headers["Location"]

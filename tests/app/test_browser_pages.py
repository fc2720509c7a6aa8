"""Every page in headless Chromium at a desktop and a phone width: axe-core finds
no serious or critical accessibility problem, keyboard-only use works, pages stay
light. No worker here (see test_journey_browser.py): finished jobs are painted by a
stand-in engine in this process. Screenshots land in tests/screenshots/."""
from __future__ import annotations

import pytest

from tests.app import photos
from tests.app.browser import (PAGE_BUDGET, Weigher, assert_accessible, focus_ring, focused, page,  # noqa: F401
                               paint_done_jobs, shot, sign_up, site)
from tests.app.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_the_public_pages_are_accessible_light_and_look_right(site, page):
    weigher = Weigher(page)
    weights = {}
    for name, path in (("landing", "/"), ("styles", "/styles"), ("signup", "/signup"),
                       ("login", "/login"), ("about", "/about"), ("404", "/no/such/page")):
        weigher.sizes.clear()
        page.goto(site.url + path)
        page.wait_for_load_state("load")
        assert_accessible(page, name)
        weights[name] = weigher.total()
        shot(page, f"{name}-{page.width_name}")
    print("page weights before images (bytes):", weights)
    assert all(w < PAGE_BUDGET for w in weights.values()), weights


def test_every_asset_comes_from_the_site_itself(site, page):
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(site.url) else None)
    for path in ("/", "/styles", "/signup", "/login", "/about"):
        page.goto(site.url + path)
        page.wait_for_load_state("load")
    assert outside == []


def test_the_landing_page_slider_works_with_the_keyboard(site, page):
    page.goto(site.url + "/")
    slider = page.get_by_label("How much of the original photo to show")
    if not slider.count():
        pytest.skip("no examples made (scripts/make_examples.py)")
    frame = page.locator(".hero .compare-frame")
    slider.focus()
    # The input is see-through over the pictures: the frame shows the focus.
    assert page.evaluate("getComputedStyle(document.querySelector('.hero .compare-frame')).outlineStyle") == "solid"
    page.keyboard.press("End")
    assert frame.evaluate("f => f.style.getPropertyValue('--pos')") == "100%"
    page.keyboard.press("Home")
    page.keyboard.press("ArrowRight")
    assert frame.evaluate("f => f.style.getPropertyValue('--pos')") == "1%"
    assert slider.get_attribute("aria-valuetext") == "1% original, 99% painted"


def test_sign_up_and_log_in_work_with_the_keyboard_alone(site, page):
    page.goto(site.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    assert focus_ring(page) != "none"
    page.goto(site.url + "/signup")
    page.get_by_label("Email").focus()
    page.keyboard.type("keys@example.com")
    page.keyboard.press("Tab")
    assert focus_ring(page) != "none"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/create")
    # Choosing a style with the arrow keys, as radio buttons do.
    page.get_by_label("La Muse").focus()
    page.keyboard.press("ArrowRight")
    assert page.get_by_label("Rain Princess").is_checked()
    page.get_by_role("button", name="Log out").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(site.url + "/")
    page.goto(site.url + "/login")
    page.get_by_label("Email").fill("keys@example.com")
    page.get_by_label("Password").fill("wrong password")
    page.keyboard.press("Enter")
    page.get_by_text("do not match an account").wait_for()
    assert_accessible(page, "login with an error")
    shot(page, f"login-error-{page.width_name}")


def test_a_too_large_photo_is_caught_in_the_browser_before_uploading(site, page, tmp_path):
    sign_up(page, site.url, f"big-{page.width_name}@example.com")
    big = tmp_path / "big.jpg"
    big.write_bytes(photos.jpeg() + b"\0" * (21 * 1024 * 1024))
    uploads = []
    page.on("request", lambda r: uploads.append(r.url) if r.method == "POST" else None)
    page.get_by_label("Your photo").set_input_files(str(big))
    page.get_by_text("the limit is 20 MB").wait_for()
    page.get_by_role("button", name="Paint it").click()
    assert uploads == []
    assert focused(page, "input[type=file]")
    assert_accessible(page, "create with a too-large photo")
    shot(page, f"create-too-large-{page.width_name}")


def test_the_create_page_previews_the_chosen_photo(site, page, shared_dir):
    sign_up(page, site.url, f"preview-{page.width_name}@example.com")
    assert_accessible(page, "create")
    page.get_by_label("Your photo").set_input_files(str(shared_dir / "samples" / "chicago.jpg"))
    preview = page.get_by_alt_text("Preview of the photo you chose")
    preview.wait_for()
    assert page.get_by_text("chicago.jpg").is_visible()
    page.get_by_text("The Great Wave off Kanagawa").click()
    assert page.get_by_label("The Great Wave off Kanagawa").is_checked()
    shot(page, f"create-{page.width_name}")


def test_history_account_and_a_failed_job_are_accessible(site, page):
    email = f"pages-{page.width_name}@example.com"
    sign_up(page, site.url, email)
    ids = paint_done_jobs(site, email, 2)
    from app.services import accounts, credits, jobs, runner

    with site.app.app_context():
        user = accounts.find_by_email(email)
        credits.add_entry(user.id, 5, credits.EntryKind.GRANT, "Support: thank you for the report")
        failed = jobs.submit(user.id, photos.jpeg(640, 480), "udnie")
        runner.fail(failed, "The painter stopped halfway. Your credit has been returned.")
        failed_id = failed.id
    page.goto(site.url + "/history")
    assert page.locator(".history-card").count() == 3
    thumbs = page.locator(".history-card img")
    for i in range(thumbs.count()):  # lazy images load once scrolled to
        thumbs.nth(i).scroll_into_view_if_needed()
    page.wait_for_function("() => [...document.querySelectorAll('.history-card img')]"
                           ".every(i => i.complete && i.naturalWidth > 0)", timeout=10_000)
    sizes = page.eval_on_selector_all(".history-card img", "imgs => imgs.map(i => Math.max(i.naturalWidth, i.naturalHeight))")
    assert sizes and all(0 < s <= 480 for s in sizes), sizes
    assert_accessible(page, "history")
    shot(page, f"history-{page.width_name}")
    page.goto(f"{site.url}/jobs/{failed_id}")
    page.get_by_text("The painter stopped halfway.").wait_for()
    assert_accessible(page, "failed job")
    shot(page, f"job-failed-{page.width_name}")
    page.goto(f"{site.url}/jobs/{ids[0]}/delete")
    assert_accessible(page, "delete confirmation")
    shot(page, f"confirm-delete-{page.width_name}")
    page.goto(site.url + "/account")
    assert_accessible(page, "account")
    shot(page, f"account-{page.width_name}")


def test_changing_the_password_logs_other_browsers_out(site, page, chromium):
    email = f"password-{page.width_name}@example.com"
    sign_up(page, site.url, email)
    other = chromium.new_context()
    elsewhere = other.new_page()
    elsewhere.goto(site.url + "/login")
    elsewhere.get_by_label("Email").fill(email)
    elsewhere.get_by_label("Password").fill(PASSWORD)
    elsewhere.get_by_role("button", name="Log in").click()
    elsewhere.wait_for_url("**/create")
    page.goto(site.url + "/account#change-password")
    page.get_by_label("Current password").fill(PASSWORD)
    page.get_by_label("New password", exact=True).fill("another long passphrase")
    page.get_by_label("Repeat new password").fill("another long passphrase")
    page.get_by_role("button", name="Change password").click()
    page.get_by_text("Other devices have been logged out").wait_for()
    page.goto(site.url + "/history")
    assert page.url.endswith("/history")
    elsewhere.goto(site.url + "/history")
    assert "/login" in elsewhere.url
    other.close()


def test_deleting_the_account_asks_for_the_password_and_then_everything_is_gone(site, page):
    email = f"leaving-{page.width_name}@example.com"
    sign_up(page, site.url, email)
    paint_done_jobs(site, email, 1)
    page.goto(site.url + "/account#delete-account")
    page.get_by_label("Your password").fill("not the password")
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Delete my account").click()
    page.get_by_text("That is not your password.").wait_for()
    assert_accessible(page, "account with an error")
    page.get_by_label("Your password").fill(PASSWORD)
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_url(site.url + "/")
    page.get_by_text("Your account, your photos and your pictures have been deleted").wait_for()
    from app.records import Job, User
    from tests.app.conftest import count

    with site.app.app_context():
        assert count(User, User.email == email) == 0 and count(Job) == 0

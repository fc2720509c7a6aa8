"""The site as a paying customer sees it, in headless Chromium at a desktop and a phone
width: errors in view and focused at their form, an empty "Paint it", a masterpiece
stopped early (its refund, its picture never blown up), phone details (a long style name,
the sticky header over #buy, three-digit balances) and a shared link opened signed out.
axe-core on every page; screenshots land in tests/screenshots/."""
from __future__ import annotations

import sqlalchemy as sa
import pytest

from app.extensions import db
from app.records import Job
from app.services import accounts, credits, jobs, masterpiece, storage
from tests.app import photos
from tests.app.browser import (SHOTS, assert_accessible, focused, new_context, page,  # noqa: F401
                               paint_done_jobs, shot, sign_up, site)

pytestmark = pytest.mark.browser

IN_VIEW = """sel => { const e = document.querySelector(sel); if (!e) return 'missing';
    const r = e.getBoundingClientRect(), header = document.querySelector('.site-header').getBoundingClientRect();
    return r.top >= header.bottom - 1 && r.bottom <= window.innerHeight + 1 ? 'in view'
        : `top ${r.top}, bottom ${r.bottom}, header ${header.bottom}, window ${window.innerHeight}`; }"""


def view_shot(page, name: str) -> None:
    """What the eye sees: the window as it is, not scrolled to the top."""
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def grant(site, email: str, n: int) -> None:
    with site.app.app_context():
        credits.grant(accounts.find_by_email(email), n, "test")


def test_a_wrong_password_on_the_account_page_is_shown_in_view_and_focused(site, page):
    sign_up(page, site.url, f"wrong-{page.width_name}@example.com")
    page.goto(site.url + "/account")
    page.get_by_label("Current password").fill("not my password")
    page.get_by_label("New password", exact=True).fill("another long passphrase")
    page.get_by_label("Repeat new password").fill("another long passphrase")
    page.get_by_role("button", name="Change password").click()
    page.wait_for_url("**/account/password")
    page.get_by_text("That is not your current password.").wait_for()
    assert focused(page, "#current")
    assert page.evaluate(IN_VIEW, "#current-help") == "in view"
    assert page.get_attribute("#current", "aria-invalid") == "true"
    assert page.locator("#current-help[role=alert]").count() == 1
    view_shot(page, f"account-password-error-view-{page.width_name}")
    assert_accessible(page, "account, wrong current password")

    page.get_by_label("Your password").fill("not the password")
    page.once("dialog", lambda d: d.accept())
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_url("**/account/delete")
    assert focused(page, "#delete-password")
    assert page.evaluate(IN_VIEW, "#delete-password-help") == "in view"


def test_without_javascript_the_error_is_in_view_and_focused_too(site, chromium):
    context = new_context(chromium, "phone", java_script_enabled=False)
    page = context.new_page()
    sign_up(page, site.url, "nojs-wrong@example.com")
    page.goto(site.url + "/account")
    page.get_by_label("Your password").fill("not the password")
    page.get_by_role("button", name="Delete my account").click()
    page.wait_for_url("**/account/delete")
    assert focused(page, "#delete-password")
    assert page.evaluate(IN_VIEW, "#delete-password-help") == "in view"
    context.close()


def test_paint_it_without_a_photo_says_so_at_the_photo_field(site, page):
    sign_up(page, site.url, f"nophoto-{page.width_name}@example.com")
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.get_by_role("button", name="Paint it").click()
    page.get_by_text("Choose a photo first").wait_for()
    assert posts == []
    assert focused(page, "input[type=file]")
    assert page.evaluate(IN_VIEW, "#photo-help") == "in view"
    assert page.get_attribute("#photo", "aria-invalid") == "true"
    view_shot(page, f"create-no-photo-view-{page.width_name}")
    assert_accessible(page, "create, no photo")


def test_paint_it_without_a_photo_and_without_javascript_shows_the_servers_message(site, chromium):
    context = new_context(chromium, "desktop", java_script_enabled=False)
    page = context.new_page()
    sign_up(page, site.url, "nojs-nophoto@example.com")
    page.get_by_role("button", name="Paint it").click()
    page.get_by_text("Choose a photo to upload.").wait_for()
    assert focused(page, "input[type=file]")
    assert page.evaluate(IN_VIEW, "#photo-help") == "in view"
    context.close()


def test_a_masterpiece_stopped_early_shows_its_refund_and_is_never_blown_up(site, page):
    email = f"stopped-{page.width_name}@example.com"
    sign_up(page, site.url, email)
    grant(site, email, 10)
    with site.app.app_context():
        user = accounts.find_by_email(email)
        job = jobs.submit(user.id, photos.textured_jpeg(768, 512, seed=3), "the_scream", method="optimise")
        painted = storage.store_array(user.id, "result", photos_array(512, 341))
        preview = storage.store_array(user.id, "result_preview", photos_array(512, 341))
        db.session.execute(sa.update(Job).where(Job.id == job.id).values(
            status="done", progress=121, stop_requested=True, result_id=painted.id, result_preview_id=preview.id))
        masterpiece.settle(db.session.get(Job, job.id), 121)
        db.session.commit()
        job_id, balance = job.id, credits.balance(user.id)
    assert balance == 13 - 1  # 4 credits for 512 x 341 at 500 iterations; 379 not done: 3 back
    page.goto(f"{site.url}/jobs/{job_id}")
    page.get_by_text("3 credits of the 4 it cost were returned for the part not painted.").wait_for()
    page.wait_for_function("[...document.querySelectorAll('.compare img')].every(i => i.complete)")
    sizes = page.eval_on_selector_all(".compare img", "imgs => imgs.map(i => [i.getBoundingClientRect().width, i.naturalWidth])")
    assert all(shown <= 512 + 0.5 for shown, _ in sizes), sizes  # at most as painted
    page.goto(site.url + "/account#ledger")
    page.get_by_text("Masterpiece stopped at 121 of 500: unused credits returned").wait_for()
    assert_accessible(page, "account after a refund")
    page.goto(f"{site.url}/jobs/{job_id}")
    assert_accessible(page, "masterpiece stopped early")
    shot(page, f"masterpiece-refund-{page.width_name}")


def photos_array(width: int, height: int):
    import io

    import numpy as np
    from PIL import Image

    return np.asarray(Image.open(io.BytesIO(photos.textured_jpeg(width, height, seed=9))).convert("RGB"))


def test_phone_details_long_names_the_header_and_big_balances(site, page):
    email = f"phone-{page.width_name}@example.com"
    sign_up(page, site.url, email)
    grant(site, email, 120)  # a three-digit balance
    (job_id,) = paint_done_jobs(site, email, 1, style="udnie")  # the longest title
    page.goto(f"{site.url}/jobs/{job_id}")
    tag = page.locator(".compare-after .compare-tag")
    assert tag.inner_text() == "Udnie (Young American Girl, The Dance)"
    inside = page.evaluate("""() => { const t = document.querySelector('.compare-after .compare-tag').getBoundingClientRect(),
        f = document.querySelector('.compare-frame').getBoundingClientRect();
        return t.left >= f.left - 0.5 && t.right <= f.right + 0.5; }""")
    assert inside, "the style's name runs off the picture"
    logout = page.get_by_role("button", name="Log out").bounding_box()
    pill = page.locator(".credits-pill").bounding_box()
    assert logout["height"] < 48, f"'Log out' wraps: {logout}"
    assert abs((logout["y"] + logout["height"] / 2) - (pill["y"] + pill["height"] / 2)) < 8, \
        f"'Log out' is on a row of its own: {logout}, {pill}"
    assert page.locator(".nav-links").get_by_text("Pictures", exact=True).is_visible() \
        or page.locator(".nav-links").get_by_text("My pictures", exact=True).is_visible()
    assert_accessible(page, "result with a long style name")
    shot(page, f"result-long-name-{page.width_name}")
    page.goto(site.url + "/account#buy")
    assert page.evaluate(IN_VIEW, "#buy h2") == "in view"


def test_a_shared_link_opens_signed_out_with_open_graph_tags_and_revoked_is_404(site, page, chromium):
    email = f"share-{page.width_name}@example.com"
    sign_up(page, site.url, email)
    (job_id,) = paint_done_jobs(site, email, 1)
    page.goto(f"{site.url}/jobs/{job_id}")
    page.get_by_role("button", name="Make a public link").click()
    link = page.get_by_label("Public link to this picture")
    link.wait_for()
    url = link.input_value()
    assert url.startswith(site.url + "/s/")
    assert_accessible(page, "result, shared")

    stranger = new_context(chromium, page.width_name)
    public = stranger.new_page()
    response = public.goto(url)
    assert response.status == 200
    og = public.evaluate("""() => Object.fromEntries([...document.querySelectorAll('meta[property^="og:"]')]
        .map(m => [m.getAttribute('property'), m.content]))""")
    assert og["og:type"] == "article" and og["og:title"].startswith("A photo painted in the style of")
    assert og["og:image"] == url + "/image"
    public.wait_for_function("document.querySelector('.shared-picture img').naturalWidth > 0")
    assert email not in public.content() and public.get_by_role("button", name="Log out").count() == 0
    assert_accessible(public, "shared picture")
    shot(public, f"shared-{page.width_name}")

    page.get_by_role("button", name="Stop sharing").click()
    page.get_by_role("button", name="Make a public link").wait_for()
    assert public.goto(url).status == 404
    assert public.goto(url + "/image").status == 404
    stranger.close()


def test_the_about_page_is_accessible_and_its_anchors_clear_the_header(site, page):
    for path in ("/about", "/about#privacy", "/about#contact"):
        page.goto(site.url + path)
        page.wait_for_load_state("load")
        if "#" in path:
            assert page.evaluate(IN_VIEW, "#" + path.split("#")[1] + " h2") == "in view"
    assert_accessible(page, "about")
    assert page.goto(site.url + "/favicon.ico").status == 200
    page.goto(site.url + "/about")
    shot(page, f"about-{page.width_name}")


def test_an_empty_history_centres_its_text_over_its_button(site, page):
    sign_up(page, site.url, f"empty-{page.width_name}@example.com")
    page.goto(site.url + "/history")
    centres = page.evaluate("""() => [...document.querySelectorAll('.empty .lead, .empty .button')].map(e => {
        const r = e.getBoundingClientRect(); return Math.round(r.left + r.width / 2); })""")
    assert len(centres) == 2 and abs(centres[0] - centres[1]) <= 2, centres
    assert_accessible(page, "empty history")
    shot(page, f"history-empty-{page.width_name}")


def test_the_history_cards_offer_download_and_a_quiet_delete(site, page):
    email = f"cards-{page.width_name}@example.com"
    sign_up(page, site.url, email)
    paint_done_jobs(site, email, 2)
    page.goto(site.url + "/history")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download").first.click()
    assert download.value.suggested_filename.endswith(".jpg")
    delete = page.get_by_role("button", name="Delete").first
    colour = delete.evaluate("b => getComputedStyle(b).backgroundColor")
    assert colour in ("rgba(0, 0, 0, 0)", "transparent"), colour  # quiet: no red block
    # Every button whole inside its card (two columns on a phone clipped "Delete" once).
    clipped = page.eval_on_selector_all(".history-actions .button", """buttons => buttons.filter(b => {
        const r = b.getBoundingClientRect(), card = b.closest('.history-card').getBoundingClientRect();
        return r.left < card.left || r.right > card.right; }).map(b => b.textContent.trim())""")
    assert clipped == []
    assert_accessible(page, "history with actions")
    shot(page, f"history-actions-{page.width_name}")


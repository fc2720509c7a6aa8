"""Free previews on the create page: upload a photo, see it in every style, then pay
for the one you like. JSON for the page's script; an HTML page without JavaScript."""
from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.errors.handlers import wants_json
from app.extensions import configured_limit, limiter
from app.services import previews
from app.stored_media import stored_image
from models.catalogue import load_catalogue

bp = Blueprint("previews", __name__, url_prefix="/previews")


def _per_user() -> str:
    return f"previews:{current_user.id}"


def _body(preview_set) -> dict:
    results = preview_set.results or {}
    return {"id": preview_set.id, "status": preview_set.status,
            "url": url_for("previews.show", set_id=preview_set.id),
            "previews": [{"slug": s.slug, "title": s.title,
                          "image": url_for("previews.image", set_id=preview_set.id, which=s.slug)}
                         for s in load_catalogue() if s.slug in results]}


@bp.post("")
@login_required
@limiter.limit(configured_limit("PREVIEW_RATELIMIT"), key_func=_per_user)
def create():
    photo = request.files.get("photo")
    preview_set = previews.request_set(current_user.id, photo.read() if photo else b"",
                                       brush=request.form.get("brush"))
    if wants_json():
        return jsonify(_body(preview_set)), 202
    return redirect(url_for("previews.show", set_id=preview_set.id), code=303)


@bp.get("/<set_id>")
@login_required
def show(set_id):
    preview_set = previews.get_own(current_user.id, set_id)
    previews.resend_if_stale(preview_set)
    if wants_json():
        return jsonify(_body(preview_set))
    return render_template("main/previews.html", preview_set=preview_set, body=_body(preview_set))


@bp.get("/<set_id>/images/<which>")
@login_required
def image(set_id, which):
    """`which`: "photo" (the small photo) or a style's slug (its preview, once painted)."""
    preview_set = previews.get_own(current_user.id, set_id)
    image_id = previews.photo_image_id(preview_set) if which == "photo" \
        else (preview_set.results or {}).get(which)
    return stored_image(image_id)

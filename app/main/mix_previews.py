"""The free preview of a mix of paintings on the create page: the chosen photo in the
chosen proportions, painted small before a credit is spent. JSON for static/js/mix.js
(it asks again, debounced, as the sliders move); an HTML page without JavaScript."""
from __future__ import annotations

from flask import Blueprint, abort, jsonify, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.errors.handlers import wants_json
from app.extensions import configured_limit, limiter
from app.main.mix_fields import mix_text
from app.services import mix_previews, mixes, previews
from app.stored_media import stored_image
from models.mix import parse_mix

bp = Blueprint("mix_previews", __name__, url_prefix="/mix-previews")


def _per_user() -> str:
    return f"mix-previews:{current_user.id}"


def _body(row, base_id: str | None = None) -> dict:
    parts = [{"style": n, "weight": w} for n, w in parse_mix(row.results["mix_of"])]
    done = row.status == "done" and (row.results or {}).get("mix")
    return {"id": row.id, "base": base_id, "status": row.status, "title": mixes.title(parts),
            "url": url_for("mix_previews.show", set_id=row.id),
            "image": url_for("mix_previews.image", set_id=row.id) if done else None}


def _own_mix(set_id: str):
    row = previews.get_own(current_user.id, set_id)
    if not mix_previews.is_mix(row):
        abort(404)
    return row


@bp.post("")
@login_required
@limiter.limit(configured_limit("PREVIEW_RATELIMIT"), key_func=_per_user)
def create():
    """The photo's preview set (`base`, or the photo sent again) painted in the form's mix."""
    if request.form.get("base"):
        base = previews.get_own(current_user.id, request.form["base"])
    else:
        photo = request.files.get("photo")
        base = previews.request_set(current_user.id, photo.read() if photo else b"")
    parts = mixes.checked(current_user.id, mix_text(request.form))
    row = mix_previews.request(current_user.id, base, parts)
    if wants_json():
        return jsonify(_body(row, base.id)), 202
    return redirect(url_for("mix_previews.show", set_id=row.id), code=303)


@bp.get("/<set_id>")
@login_required
def show(set_id):
    row = _own_mix(set_id)
    mix_previews.resend_if_stale(row)
    if wants_json():
        return jsonify(_body(row))
    return render_template("main/mix_preview.html", row=row, body=_body(row))


@bp.get("/<set_id>/image")
@login_required
def image(set_id):
    return stored_image((_own_mix(set_id).results or {}).get("mix"))

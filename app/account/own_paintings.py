"""A user's own paintings: upload from the account page, see, delete. Private: another
user's painting is a 404 everywhere."""
from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user, login_required

from app.account import bp
from app.account.forms import DeleteStyleForm, UploadStyleForm
from app.extensions import configured_limit, db, limiter
from app.services import user_styles
from app.services.errors import ServiceError
from app.stored_media import stored_image


def _per_user() -> str:
    return f"own-styles:{current_user.id}"


def _back():
    return redirect(url_for("account.show", _anchor="my-styles"), code=303)


@bp.post("/my-styles")
@login_required
@limiter.limit(configured_limit("OWN_STYLE_RATELIMIT"), key_func=_per_user)
def upload_style():
    form = UploadStyleForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "warning")
        return _back()
    try:
        style = user_styles.create(current_user.id, form.image.data.read(), form.name.data)
    except ServiceError as exc:
        flash(exc.message, "warning")
        return _back()
    db.session.commit()
    flash(f"“{style.name}” is ready: choose it under “Your own painting” when you paint a photo.",
          "success")
    return _back()


@bp.get("/my-styles/<style_id>/image")
@login_required
def style_image(style_id):
    style = user_styles.get_own(current_user.id, style_id)
    return stored_image(style.thumb_id)


@bp.post("/my-styles/<style_id>/delete")
@login_required
def delete_style(style_id):
    style = user_styles.get_own(current_user.id, style_id)
    if DeleteStyleForm().validate_on_submit():
        name = style.name
        user_styles.delete(style)
        flash(f"“{name}” was deleted.", "success")
    return _back()

"""A user's own paintings: upload from the account page, see, delete. Private: another
user's style is a 404 everywhere."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, flash, redirect, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import StringField, SubmitField
from wtforms.validators import Length, Optional

from app.extensions import db, limiter
from app.services import storage, user_styles

bp = Blueprint("own_styles", __name__, url_prefix="/my-styles")


class UploadStyleForm(FlaskForm):
    image = FileField("A painting or picture", validators=[FileRequired("Choose a picture.")])
    name = StringField("Its name", validators=[Optional(), Length(max=user_styles.NAME_MAX)])
    submit = SubmitField("Add painting")


class DeleteStyleForm(FlaskForm):
    submit = SubmitField("Delete")


@bp.app_template_global()
def own_styles_forms() -> dict:
    """The account page's include (templates/account/_styles.html) asks for these itself."""
    return {"styles": user_styles.list_for(current_user.id),
            "upload": UploadStyleForm(formdata=None), "delete": DeleteStyleForm(formdata=None)}


def _limit() -> str:
    return current_app.config["OWN_STYLE_RATELIMIT"]


def _per_user() -> str:
    return f"own-styles:{current_user.id}"


@bp.post("")
@login_required
@limiter.limit(_limit, key_func=_per_user)
def upload():
    form = UploadStyleForm()
    back = url_for("main.account") + "#my-styles"
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(error, "warning")
        return redirect(back, code=303)
    try:
        style = user_styles.create(current_user.id, form.image.data.read(), form.name.data)
    except user_styles.StyleError as exc:
        flash(exc.message, "warning")
        return redirect(back, code=303)
    db.session.commit()
    flash(f"“{style.name}” is ready: choose it under “Your own painting” when you paint a photo.",
          "success")
    return redirect(back, code=303)


@bp.get("/<style_id>/image")
@login_required
def image(style_id):
    style = user_styles.get_own(current_user.id, style_id)
    response = Response(storage.load_bytes(style.thumb_id), mimetype="image/jpeg")
    response.headers["Cache-Control"] = "private, max-age=86400"
    return response


@bp.post("/<style_id>/delete")
@login_required
def delete(style_id):
    style = user_styles.get_own(current_user.id, style_id)
    if DeleteStyleForm().validate_on_submit():
        name = style.name
        user_styles.delete(style)
        flash(f"“{name}” was deleted.", "success")
    return redirect(url_for("main.account") + "#my-styles", code=303)

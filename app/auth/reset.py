"""Forgotten passwords: ask for a link, then set a new password with it."""
from flask import current_app, flash, redirect, render_template, session, url_for

from app.auth.forms import ResetPasswordForm, ResetRequestForm
from app.auth.routes import bp, login_key
from app.extensions import configured_limit, limiter
from app.services import accounts, password_reset

SENT = ("If an account exists for that email, we have sent it a link to choose a new password. "
        "The link works once, for {minutes} minutes.")


@bp.route("/reset", methods=["GET", "POST"])
@limiter.limit(configured_limit("RESET_RATELIMIT"), methods=["POST"])
@limiter.limit(configured_limit("RESET_EMAIL_RATELIMIT"), methods=["POST"], key_func=login_key)
def request_reset():
    form = ResetRequestForm()
    if form.validate_on_submit():
        password_reset.request_reset(form.email.data)
        # The same answer whether or not the email exists.
        flash(SENT.format(minutes=current_app.config["RESET_TOKEN_MAX_AGE"] // 60), "info")
        return redirect(url_for("auth.login"), code=303)
    return render_template("auth/reset_request.html", form=form), 422 if form.errors else 200


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit(configured_limit("RESET_PASSWORD_RATELIMIT"), methods=["POST"])
def reset_password(token):
    if password_reset.user_for(token) is None:
        return render_template("auth/reset_invalid.html"), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        try:
            password_reset.reset(token, form.password.data)
        except accounts.AccountError as exc:
            form.password.errors.append(str(exc))
        else:
            session.clear()
            flash("Your password has been changed and every session logged out. Log in with it now.",
                  "success")
            return redirect(url_for("auth.login"), code=303)
    return render_template("auth/reset_password.html", form=form), 422 if form.errors else 200

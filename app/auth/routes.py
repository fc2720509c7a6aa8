from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user

from app.auth.forms import LoginForm, LogoutForm, SignupForm
from app.auth.limits import password_attempts
from app.extensions import configured_limit, limiter
from app.services import accounts

bp = Blueprint("auth", __name__)


def login_key() -> str:
    """Rate-limit key per account (the submitted email), so guessing one
    account's password from many addresses is limited too."""
    return "account:" + accounts.normalise_email(request.form.get("email", ""))


def start_session(user) -> None:
    """A fresh session at login: nothing from the anonymous one survives
    (no session fixation), then flask-login's user."""
    session.clear()
    accounts.open_session(user)
    login_user(user)


def safe_next(target: str | None) -> str:
    """Only local paths: an off-site `next` would make us an open redirect."""
    if target and target.startswith("/") and not target.startswith("//") \
            and not urlsplit(target).netloc and "\\" not in target:
        return target
    return url_for("main.create")


@bp.route("/signup", methods=["GET", "POST"])
@limiter.limit(configured_limit("SIGNUP_RATELIMIT"), methods=["POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("main.create"))
    form = SignupForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_user(form.email.data, form.password.data)
        except accounts.AccountError as exc:
            form.email.errors.append(str(exc))
        else:
            start_session(user)
            n = current_app.config["SIGNUP_CREDITS"]
            flash(f"Welcome! Choose a photo to see it in every style, free; your {n} free "
                  f"credit{'' if n == 1 else 's'} then paint{'s' if n == 1 else ''} the ones you like.", "success")
            return redirect(url_for("main.create"))
    return render_template("auth/signup.html", form=form), 422 if form.errors else 200


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(configured_limit("LOGIN_RATELIMIT"), methods=["POST"])
@password_attempts
def login():
    if current_user.is_authenticated:
        return redirect(url_for("main.create"))
    form = LoginForm()
    if form.validate_on_submit():
        user = accounts.authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append("That email and password do not match an account.")
        else:
            start_session(user)
            return redirect(safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), 422 if form.errors else 200


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    if LogoutForm().validate_on_submit():
        accounts.close_session(current_user)  # a copy of the cookie stops working too
        logout_user()
        session.clear()
        flash("You have been logged out.", "info")
    return redirect(url_for("main.index"))

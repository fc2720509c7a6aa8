"""What needs the account's password: changing it, and deleting the account. Both
count against the per-account password limit (app/auth/limits.py)."""
from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user, login_required, logout_user

from app.account import bp, page
from app.account.forms import ChangePasswordForm, DeleteAccountForm
from app.auth.limits import password_attempts
from app.extensions import configured_limit, limiter
from app.services import accounts


@bp.post("/account/password")
@login_required
@limiter.limit(configured_limit("ACCOUNT_PASSWORD_RATELIMIT"))
@password_attempts
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.change_password(current_user, form.current.data, form.new.data)
        except accounts.AccountError as exc:
            form.current.errors.append(str(exc))
        else:
            flash("Your password has been changed. Other devices have been logged out.", "success")
            return redirect(url_for("account.show"), code=303)
    return page.render(password_form=form, status=422)


@bp.post("/account/delete")
@login_required
@limiter.limit(configured_limit("ACCOUNT_PASSWORD_RATELIMIT"))
@password_attempts
def delete():
    form = DeleteAccountForm()
    if form.validate_on_submit():
        try:
            accounts.delete_account(current_user, form.password.data)
        except accounts.AccountError as exc:
            form.password.errors.append(str(exc))
        else:
            logout_user()
            flash("Your account, your photos and your pictures have been deleted. Goodbye!", "info")
            return redirect(url_for("main.index"), code=303)
    return page.render(delete_account_form=form, status=422)

"""API tokens on the account page: create one (shown once) and revoke one.

CSRF-protected, unlike the `api` blueprint, which trusts bearer tokens only and
never the session cookie."""
from __future__ import annotations

from flask import abort, flash, redirect, url_for
from flask_login import current_user, login_required

from app.account import bp, page
from app.account.forms import CreateTokenForm, RevokeTokenForm
from app.services import tokens


@bp.post("/account/tokens")
@login_required
def create_token():
    form = CreateTokenForm()
    if not form.validate_on_submit():
        message = next(iter(form.name.errors), "That form expired; please try again.")
        flash(f"No token was created: {message}", "warning")
        return redirect(url_for("account.show", _anchor="api-tokens"), code=303)
    token, secret = tokens.issue(current_user.id, form.name.data)
    # Rendered right here, never stored: the secret exists only in this response.
    body, _ = page.render(new_token={"name": token.name, "secret": secret})
    return body, 201, {"Cache-Control": "no-store"}


@bp.post("/account/tokens/<token_id>/revoke")
@login_required
def revoke_token(token_id):
    token = tokens.get_own(current_user.id, token_id)
    if not RevokeTokenForm().validate_on_submit():
        abort(400)
    tokens.revoke(token)
    flash(f"The token “{token.name}” was revoked; programs using it can no longer sign in.",
          "success")
    return redirect(url_for("account.show", _anchor="api-tokens"), code=303)

"""API tokens on the account page: create one (shown once) and revoke one.

An ordinary, CSRF-protected blueprint: the `api` blueprint is exempt from
CSRF because it only trusts bearer tokens, never the session cookie."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, g, redirect, url_for
from flask_login import current_user, login_required

from app.api import auth
from app.api.forms import CreateTokenForm, RevokeTokenForm

bp = Blueprint("api_tokens", __name__, url_prefix="/account/tokens")


@bp.app_template_global("api_token_forms")
def forms() -> dict:
    """Called by the account page's token section only."""
    return {"create": CreateTokenForm(formdata=None), "revoke": RevokeTokenForm(formdata=None)}


@bp.post("")
@login_required
def create():
    form = CreateTokenForm()
    if not form.validate_on_submit():
        message = next(iter(form.name.errors), "That form expired; please try again.")
        flash(f"No token was created: {message}", "warning")
        return redirect(url_for("main.account", _anchor="api-tokens"), code=303)
    token, secret = auth.issue(current_user.id, form.name.data)
    # Rendered right here, never stored: the secret exists only in this response.
    g.new_api_token = {"name": token.name, "secret": secret}
    response = current_app.make_response(current_app.view_functions["main.account"]())
    response.status_code = 201
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/<token_id>/revoke")
@login_required
def revoke(token_id):
    token = auth.get_own(current_user.id, token_id)
    if not RevokeTokenForm().validate_on_submit():
        abort(400)
    auth.revoke(token)
    flash(f"The token “{token.name}” was revoked; programs using it can no longer sign in.",
          "success")
    return redirect(url_for("main.account", _anchor="api-tokens"), code=303)

"""The account page itself. Every part's data is read here and passed to the template;
a form sent with errors comes back in place of its empty one, with its status."""
from __future__ import annotations

from flask import render_template
from flask_login import current_user, login_required

from app.account import bp
from app.account.forms import (ChangePasswordForm, CreateTokenForm, DeleteAccountForm,
                               DeleteStyleForm, RevokeTokenForm, UploadStyleForm)
from app.services import credits, payments, tokens, user_styles


def render(status: int = 200, new_token: dict | None = None, **sent_forms):
    """The page; `sent_forms` holds any of password_form or delete_account_form as
    sent, `new_token` the token just made (its secret exists only in this response)."""
    user_id = current_user.id
    forms = {"password_form": ChangePasswordForm(formdata=None),
             "delete_account_form": DeleteAccountForm(formdata=None),
             "token_forms": {"create": CreateTokenForm(formdata=None), "revoke": RevokeTokenForm(formdata=None)},
             "own": {"styles": user_styles.list_for(user_id), "upload": UploadStyleForm(formdata=None),
                     "delete": DeleteStyleForm(formdata=None)}}
    forms.update(sent_forms)
    return render_template(
        "account/page.html", balance=credits.balance(user_id), entries=credits.history(user_id),
        packs=payments.packs(), payment_mode=payments.mode(), payments=payments.history(user_id),
        api_tokens=tokens.tokens_for(user_id), new_api_token=new_token, **forms), status


@bp.get("/account")
@login_required
def show():
    return render()

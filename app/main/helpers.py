"""Template globals and filters."""
from flask import Flask
from flask_login import current_user

from app.auth.forms import LogoutForm


def register(app: Flask) -> None:
    @app.context_processor
    def _globals():
        balance = None
        if current_user.is_authenticated:
            from app.services.credits import balance as _balance

            balance = _balance(current_user.id)
        # formdata=None: rendering an error page must not read the (maybe refused) body.
        return {"logout_form": LogoutForm(formdata=None), "nav_balance": balance,
                "max_upload_mb": app.config["MAX_UPLOAD_MB"]}

    @app.template_filter("when")
    def _when(value):
        return value.strftime("%d %b %Y, %H:%M UTC") if value else ""

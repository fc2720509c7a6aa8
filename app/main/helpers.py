"""Template globals and filters."""
from flask import Flask
from flask_login import current_user
from sqlalchemy.exc import SQLAlchemyError

from app.auth.forms import LogoutForm
from app.extensions import db
from app.services import storage

# The styles README (../shared/styles/README.md): these two paintings are still
# under copyright, so the site shows them only as small, attributed thumbnails.
IN_COPYRIGHT = {"la_muse": "© Estate of Pablo Picasso", "rain_princess": "© Leonid Afremov"}


def style_rights(slug: str) -> str:
    """The attribution line under a painting's thumbnail."""
    if slug in IN_COPYRIGHT:
        return f"{IN_COPYRIGHT[slug]}. Under copyright: shown as a small thumbnail for identification."
    return "Public domain."


def register(app: Flask) -> None:
    @app.context_processor
    def _globals():
        balance, signed_in = None, False
        try:
            signed_in = current_user.is_authenticated
            if signed_in:
                from app.services.credits import balance as _balance

                balance = _balance(current_user.id)
        except SQLAlchemyError:  # the 500 page still renders when the database is down
            db.session.rollback()
        # formdata=None: rendering an error page must not read the (maybe refused) body.
        return {"logout_form": LogoutForm(formdata=None), "nav_balance": balance, "signed_in": signed_in,
                "max_upload_mb": app.config["MAX_UPLOAD_MB"]}

    @app.template_global("fit")
    def _fit(width: int, height: int, kind: str = "preview") -> tuple[int, int]:
        """The size a job's preview or thumbnail has, for width/height attributes."""
        longest = storage.THUMB_LONGEST if kind == "thumb" else storage.DISPLAY_LONGEST
        return storage.fitted_size(width, height, longest)

    app.add_template_global(style_rights, "style_rights")

    @app.template_filter("when")
    def _when(value):
        return value.strftime("%d %b %Y, %H:%M UTC") if value else ""

    @app.template_filter("plural")
    def _plural(n: int, word: str) -> str:
        return f"{n} {word}{'' if n == 1 else 's'}"

"""The account page and everything on it: credits and payments (shown), the password
change, deleting the account, API tokens and the user's own paintings.

One blueprint; each part's routes live in a module of their own, all at the URLs
they always had (/account, /account/password, /account/delete, /account/tokens,
/my-styles)."""
from flask import Blueprint

bp = Blueprint("account", __name__)

from app.account import own_paintings, page, password, tokens  # noqa: E402,F401  (routes)

"""The account over the API: who am I, how many credits, and buying more."""
from __future__ import annotations

from app.api import bp, schemas
from app.api.auth import current_user, token_required
from app.api.common import parse_body
from app.links import public_url
from app.services import credits, payments
from app.services.errors import ServiceError


@bp.get("/me")
@token_required
def me():
    user = current_user()
    return schemas.Me(email=user.email, credits=credits.balance(user.id)).dump()


@bp.post("/checkout")
@token_required
def checkout():
    pack = parse_body(schemas.CheckoutRequest).pack
    # The buyer comes back to the site's own pages, as from the Buy button.
    success = public_url("payments.success") + "?session_id={CHECKOUT_SESSION_ID}"
    try:
        url = payments.create_checkout(current_user(), pack, success_url=success,
                                       cancel_url=public_url("payments.cancel"))
    except payments.UnknownPack:
        raise ServiceError("unknown_pack", f"There is no credit pack called {pack[:40]!r} "
                                                "(see GET /api/v1/packs).", 400) from None
    except payments.PaymentsUnavailable:
        raise ServiceError("payments_unavailable",
                           "Buying credits is switched off on this server.", 503) from None
    except payments.CheckoutFailed as exc:
        raise ServiceError("checkout_failed", f"{exc} Please try again in a moment.", 502,
                           {"Retry-After": "30"}) from None
    return schemas.Checkout(url=url).dump(), 201

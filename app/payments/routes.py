"""Buying credits: Buy, the return from Checkout, the demo checkout, and Stripe's webhook.

Only a verified Stripe event (or, in development without keys, the demo
checkout) credits anyone; the pages a buyer comes back to only read."""
from __future__ import annotations

import stripe
from flask import (Blueprint, abort, current_app, flash, jsonify, redirect, render_template,
                   request, url_for)
from flask_login import current_user, login_required

from app.extensions import csrf
from app.links import public_url
from app.payments.forms import BuyForm, DemoPayForm
from app.services import credits, fulfilment, payments

bp = Blueprint("payments", __name__)


@bp.app_template_filter("money")
def _money(amount: int, currency: str) -> str:
    return payments.format_amount(amount, currency)


@bp.post("/checkout")
@login_required
def checkout():
    form = BuyForm()
    if payments.mode() == "off":
        abort(404)
    if not form.validate_on_submit():
        abort(400)
    success = public_url("payments.success") + "?session_id={CHECKOUT_SESSION_ID}"
    try:
        url = payments.create_checkout(current_user, form.pack.data, success_url=success,
                                       cancel_url=public_url("payments.cancel"))
    except payments.UnknownPack:
        abort(400)
    except payments.CheckoutFailed as exc:
        flash(f"{exc} Please try again in a moment.", "warning")
        return redirect(url_for("account.show"), code=303)
    return redirect(url, code=303)


@bp.route("/checkout/success")
@login_required
def success():
    session_id = request.args.get("session_id", "")
    payment = payments.get_own(current_user.id, session_id) if session_id else None
    return render_template("payments/success.html", payment=payment,
                           balance=credits.balance(current_user.id))


@bp.route("/checkout/status")
@login_required
def status():
    payment = payments.get_own(current_user.id, request.args.get("session_id", ""))
    return jsonify(status=payment.status, credits=payment.credits,
                   balance=credits.balance(current_user.id))


@bp.route("/checkout/cancel")
@login_required
def cancel():
    return render_template("payments/cancel.html")


@bp.route("/checkout/demo/<session_id>", methods=["GET", "POST"])
@login_required
def demo(session_id):
    """Development without Stripe keys only: a stand-in for Stripe's page."""
    if payments.mode() != "demo":
        abort(404)
    payment = payments.get_own(current_user.id, session_id)
    form = DemoPayForm()
    if form.validate_on_submit():
        payments.demo_checkout(current_user, session_id)
        return redirect(url_for("payments.success", session_id=session_id), code=303)
    return render_template("payments/demo.html", payment=payment, form=form)


@bp.post("/webhooks/stripe")
@csrf.exempt
def stripe_webhook():
    """Stripe's events. Unverifiable or malformed: 400 and nothing changes.
    Verified: applied at most once, and answered 200 even when ignored."""
    try:
        event = stripe.Webhook.construct_event(
            request.get_data(), request.headers.get("Stripe-Signature"),
            current_app.config["STRIPE_WEBHOOK_SECRET"]).to_dict()
    except stripe.SignatureVerificationError:
        return jsonify(error={"code": "bad_signature",
                              "message": "The Stripe-Signature header does not verify."}), 400
    except (ValueError, TypeError, AttributeError, KeyError):
        return _not_an_event()
    data = event.get("data")
    if not (isinstance(event.get("id"), str) and isinstance(event.get("type"), str)
            and isinstance(data, dict) and isinstance(data.get("object"), dict)
            and fulfilment.well_formed(event)):
        return _not_an_event()
    outcome = fulfilment.fulfil_event(event)
    return jsonify(received=True, outcome=outcome)


def _not_an_event():
    return jsonify(error={"code": "not_an_event", "message": "The body is not a Stripe event."}), 400

"""Verified Stripe events credit only what the server itself sold, at the price
paid; malformed ones are a 400, odd ones are answered and ignored, never a 500
(issue 16, items 7 and 9). Signed with Stripe's own signing code."""
import logging

import pytest

from app.records import Payment, StripeEvent
from app.services import payments
from tests.app.conftest import count, one
from tests.app.stripe_events import (balance, client, deliver, payment,  # noqa: F401
                                     session_event, status, stripe_on)


def forged_session(user, credits="100000", amount=50, session_id="cs_never_created"):
    """A paid session the site never created, with the buyer's own metadata."""
    made_up = Payment(user_id=user.id, pack="large", credits=0, amount=amount, currency="usd",
                      checkout_session_id=session_id)
    event = session_event(made_up, intent=f"pi_{session_id}")
    event["data"]["object"]["metadata"] = {"user_id": user.id, "pack": "large", "credits": credits,
                                           "payment_id": "made_up"}
    return event


class Remembered(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())


def test_a_session_the_site_never_created_credits_nothing_and_is_recorded_for_review(client, user):
    log, remembered = logging.getLogger("app.services.fulfilment"), Remembered()
    # The test session's migrations (Alembic's fileConfig) disable the loggers that existed then.
    log.addHandler(remembered)
    was_disabled, log.disabled = log.disabled, False
    event = forged_session(user)
    try:
        response = deliver(client, event)
    finally:
        log.removeHandler(remembered)
        log.disabled = was_disabled
    assert response.status_code == 200
    assert balance(user) == 3
    recorded = one(StripeEvent, StripeEvent.id == event["id"])
    assert recorded.object_id == "cs_never_created" and "review" in recorded.outcome
    assert any("cs_never_created" in line and "review" in line for line in remembered.lines)
    assert count(Payment) == 0


def test_a_session_whose_row_was_lost_credits_the_pack_table_not_the_metadata(client, user):
    lost = Payment(id="lostpayment1", user_id=user.id, pack="small", credits=10, amount=500,
                   currency="usd", checkout_session_id="cs_lost_again")
    event = session_event(lost)
    event["data"]["object"]["metadata"] = {**payments.session_metadata(user.id, "small", "lostpayment1"),
                                           "credits": "100000"}
    deliver(client, event)
    assert balance(user) == 13


def test_a_signed_metadata_for_a_cheap_pack_paid_less_than_its_price_credits_nothing(client, user):
    lost = Payment(id="lostpayment2", user_id=user.id, pack="large", credits=100, amount=50,
                   currency="usd", checkout_session_id="cs_cheap")
    event = session_event(lost)
    event["data"]["object"]["metadata"] = payments.session_metadata(user.id, "large", "lostpayment2")
    assert deliver(client, event).status_code == 200
    assert balance(user) == 3


@pytest.mark.parametrize("bad_id", [{"id": "cs_x"}, ["cs_x"], 12, None, "x" * 300])
def test_a_verified_session_event_with_a_malformed_id_is_a_400(client, user, payment, bad_id):
    event = session_event(payment)
    event["data"]["object"]["id"] = bad_id
    assert deliver(client, event).status_code == 400
    assert balance(user) == 3


def test_a_thirty_digit_credit_count_is_answered_not_a_server_error(client, user):
    response = deliver(client, forged_session(user, credits="9" * 30, session_id="cs_huge"))
    assert response.status_code == 200
    assert balance(user) == 3


def test_two_sessions_sharing_one_payment_intent_credit_once(client, user, payment):
    second = Payment(user_id=user.id, pack="medium", credits=30, amount=1200, currency="usd",
                     checkout_session_id="cs_second")
    from app.extensions import db
    db.session.add(second)
    db.session.commit()
    first_answer = deliver(client, session_event(payment, intent="pi_shared"))
    second_answer = deliver(client, session_event(second, intent="pi_shared"))
    assert (first_answer.status_code, second_answer.status_code) == (200, 200)
    assert balance(user) == 33
    assert status(second) == "review"

"""Stripe's events, signed with the real signing code, through the real endpoint."""
from __future__ import annotations

import itertools
import threading
import time

import pytest

from app.extensions import db
from app.records import CreditEntry, EntryKind, Payment, StripeEvent
from app.records.common import new_id
from app.services import credits, payments
from tests.app.conftest import count, one
from tests.app.stripe_events import (balance, client, deliver, payment,  # noqa: F401
                                     refund_event, session_event, status, stripe_on)

def test_a_paid_checkout_credits_the_buyer(client, user, payment):
    response = deliver(client, session_event(payment))
    assert response.status_code == 200
    assert response.get_json()["outcome"] == "credited 30"
    assert balance(user) == 3 + 30
    assert status(payment) == "paid"
    entry = one(CreditEntry, CreditEntry.payment_id == payment.id)
    assert (entry.kind, entry.delta) == (EntryKind.PURCHASE.value, 30)
    assert one(Payment, Payment.id == payment.id).payment_intent_id == "pi_test_1"


def test_an_unpaid_checkout_credits_nothing_until_its_payment_succeeds(client, user, payment):
    assert deliver(client, session_event(payment, payment_status="unpaid")).status_code == 200
    assert balance(user) == 3
    assert status(payment) == "processing"
    deliver(client, session_event(payment, "checkout.session.async_payment_succeeded"))
    assert balance(user) == 33
    assert status(payment) == "paid"


def test_a_failed_asynchronous_payment_credits_nothing(client, user, payment):
    deliver(client, session_event(payment, payment_status="unpaid"))
    assert deliver(client, session_event(payment, "checkout.session.async_payment_failed",
                                         payment_status="unpaid")).status_code == 200
    assert balance(user) == 3
    assert status(payment) == "failed"


def test_a_redelivered_event_is_applied_once(client, user, payment):
    event = session_event(payment)
    answers = [deliver(client, event).get_json()["outcome"] for _ in range(3)]
    assert answers == ["credited 30", "already applied", "already applied"]
    assert balance(user) == 33
    assert count(StripeEvent, StripeEvent.id == event["id"]) == 1


def test_a_new_event_for_an_already_credited_session_credits_nothing(client, user, payment):
    deliver(client, session_event(payment))
    again = deliver(client, session_event(payment))  # a fresh event id, the same session
    late = deliver(client, session_event(payment, "checkout.session.async_payment_succeeded"))
    assert again.status_code == late.status_code == 200
    assert balance(user) == 33
    assert count(CreditEntry, CreditEntry.payment_id == payment.id) == 1


@pytest.mark.parametrize("order", list(itertools.permutations(["unpaid", "paid", "async"])))
def test_events_in_any_order_credit_the_session_once(client, user, payment, order):
    events = {"unpaid": session_event(payment, payment_status="unpaid"),
              "paid": session_event(payment),
              "async": session_event(payment, "checkout.session.async_payment_succeeded")}
    for name in order:
        assert deliver(client, events[name]).status_code == 200
    assert balance(user) == 33
    assert status(payment) == "paid"


def test_a_refund_takes_the_credits_back(client, user, payment):
    deliver(client, session_event(payment))
    response = deliver(client, refund_event())
    assert response.status_code == 200
    assert balance(user) == 3
    refunded = one(Payment, Payment.id == payment.id)
    assert (refunded.status, refunded.refunded_credits, refunded.refund_shortfall) == ("refunded", 30, 0)


def test_a_refund_after_the_credits_were_spent_takes_back_what_is_left(client, user, payment):
    deliver(client, session_event(payment))
    for n in range(25):
        credits.spend(user.id, 1, job_id=f"job{n}")
    db.session.commit()
    deliver(client, refund_event())
    assert balance(user) == 0  # never below zero: the 25 spent stay spent
    refunded = one(Payment, Payment.id == payment.id)
    assert (refunded.refunded_credits, refunded.refund_shortfall) == (8, 22)


def test_a_refund_delivered_twice_or_announced_twice_takes_back_once(client, user, payment):
    deliver(client, session_event(payment))
    event = refund_event()
    deliver(client, event)
    deliver(client, event)
    deliver(client, refund_event())
    assert balance(user) == 3
    assert count(CreditEntry, CreditEntry.payment_id == payment.id,
                 CreditEntry.kind == EntryKind.PAYMENT_REFUND.value) == 1


def test_a_refund_that_arrives_before_its_payment_means_no_credits(client, user, payment):
    assert deliver(client, refund_event()).status_code == 200
    assert deliver(client, session_event(payment)).get_json()["outcome"] == "already refunded: no credits"
    assert balance(user) == 3
    assert status(payment) == "refunded"


def test_a_partial_refund_leaves_the_credits_alone(client, user, payment):
    deliver(client, session_event(payment))
    assert deliver(client, refund_event(refunded=False, amount_refunded=500)).status_code == 200
    assert balance(user) == 33
    assert status(payment) == "paid"


def test_a_wrong_secret_is_refused_and_changes_nothing(client, user, payment):
    response = deliver(client, session_event(payment), secret="whsec_someone_else")
    assert response.status_code == 400
    assert balance(user) == 3
    assert count(StripeEvent) == 0


def test_an_expired_timestamp_is_refused(client, user, payment):
    response = deliver(client, session_event(payment), timestamp=int(time.time()) - 3600)
    assert response.status_code == 400
    assert balance(user) == 3


def test_a_missing_signature_is_refused(client, user, payment):
    response = client.post("/webhooks/stripe", json=session_event(payment))
    assert response.status_code == 400
    assert balance(user) == 3


@pytest.mark.parametrize("body", [b"\xff\xfe not even text", "not json", "[1, 2]", '{"id": "evt_1"}',
                                  '{"object": "event", "id": "evt_1", "type": "x", "data": 5}'])
def test_a_signed_body_that_is_not_an_event_is_refused(client, body):
    if isinstance(body, bytes):  # can't be signed as text: still a 400, not a 500
        response = client.post("/webhooks/stripe", data=body, headers={"Stripe-Signature": "t=1,v1=00"})
    else:
        response = deliver(client, body)
    assert response.status_code == 400
    assert count(StripeEvent) == 0


def test_a_signature_is_refused_when_no_webhook_secret_is_set(app, user, payment):
    # Development without keys: nothing that claims to be Stripe is believed.
    response = deliver(app.test_client(), session_event(payment), secret="")
    assert response.status_code == 400
    assert balance(user) == 3


def test_events_we_do_not_handle_are_answered_and_recorded(client):
    event = {"id": "evt_other", "object": "event", "type": "customer.created",
             "data": {"object": {"id": "cus_1", "object": "customer"}}}
    response = deliver(client, event)
    assert response.status_code == 200 and response.get_json()["outcome"] == "ignored"
    assert deliver(client, event).get_json()["outcome"] == "already applied"


def test_a_session_that_is_not_ours_is_answered_and_ignored(client, user):
    stranger = Payment(user_id=user.id, pack="x", credits=5, amount=100, currency="usd",
                       checkout_session_id="cs_someone_elses")
    event = session_event(stranger)
    event["data"]["object"]["metadata"] = {}
    response = deliver(client, event)
    assert response.status_code == 200 and response.get_json()["outcome"].startswith("ignored")
    assert balance(user) == 3


def test_a_paid_session_whose_payment_row_was_lost_is_rebuilt_from_its_metadata(client, user):
    lost = Payment(id=new_id(), user_id=user.id, pack="small", credits=10, amount=500, currency="usd",
                   checkout_session_id="cs_lost_commit")
    event = session_event(lost)
    # Only metadata this server signed can rebuild a payment (issue 16, item 9).
    event["data"]["object"]["metadata"] = payments.session_metadata(user.id, "small", lost.id)
    deliver(client, event)
    assert balance(user) == 13
    assert one(Payment, Payment.checkout_session_id == "cs_lost_commit").status == "paid"


def test_a_payment_of_another_amount_than_the_pack_is_held_for_review(client, user, payment):
    response = deliver(client, session_event(payment, amount=1))
    assert response.status_code == 200
    assert balance(user) == 3
    assert status(payment) == "review"


def test_the_same_event_delivered_twice_at_once_credits_once(stripe_on, user, payment):
    event = session_event(payment)
    barrier, answers = threading.Barrier(2), []

    def deliver_at_once():
        client = stripe_on.test_client()
        barrier.wait()
        response = deliver(client, event)
        answers.append((response.status_code, response.get_json()["outcome"]))

    threads = [threading.Thread(target=deliver_at_once) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(answers) == [(200, "already applied"), (200, "credited 30")]
    assert balance(user) == 33
    assert count(CreditEntry, CreditEntry.payment_id == payment.id) == 1


def test_two_events_for_one_session_at_once_credit_once(stripe_on, user, payment):
    events = [session_event(payment), session_event(payment, "checkout.session.async_payment_succeeded")]
    barrier, answers = threading.Barrier(2), []

    def deliver_at_once(event):
        client = stripe_on.test_client()
        barrier.wait()
        response = deliver(client, event)
        answers.append((response.status_code, response.get_json()["outcome"]))

    threads = [threading.Thread(target=deliver_at_once, args=(e,)) for e in events]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(answers) == [(200, "credited 30"), (200, "ignored: payment already paid")]
    assert balance(user) == 33
    assert count(StripeEvent) == 2

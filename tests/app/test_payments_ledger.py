"""The ledger with money in it: a property test over any mix of purchases,
spends, failed jobs and refunds, and two jobs racing for one credit."""
from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db
from app.records import CreditEntry, Job, Payment, User
from app.records.common import new_id
from app.services import accounts, credits, fulfilment, jobs, storage
from tests.app import photos
from tests.app.conftest import PASSWORD, count

OPERATIONS = st.lists(st.one_of(
    st.tuples(st.just("buy"), st.sampled_from([10, 30, 100])),
    st.tuples(st.just("spend"), st.integers(1, 40)),
    st.tuples(st.just("fail"), st.integers(0, 99)),    # a spent job fails: its credits come back
    st.tuples(st.just("refund"), st.integers(0, 99)),  # a purchase is refunded on Stripe
), max_size=25)


def _paid(payment: Payment) -> dict:
    return {"id": f"evt_{new_id()}", "object": "event", "type": "checkout.session.completed",
            "data": {"object": {"id": payment.checkout_session_id, "payment_status": "paid",
                                "amount_total": payment.amount, "currency": payment.currency,
                                "payment_intent": f"pi_{payment.id}", "metadata": {}}}}


def _refunded(payment: Payment) -> dict:
    return {"id": f"evt_{new_id()}", "object": "event", "type": "charge.refunded",
            "data": {"object": {"id": f"ch_{new_id()}", "refunded": True, "amount_refunded": payment.amount,
                                "payment_intent": f"pi_{payment.id}"}}}


def _entries_sum(user_id: str) -> int:
    return sum(db.session.scalars(sa.select(CreditEntry.delta).where(CreditEntry.user_id == user_id)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=OPERATIONS)
def test_any_mix_of_purchases_spends_failures_and_refunds_keeps_an_exact_non_negative_balance(
        app, operations):
    user = User(email=f"{new_id()}@example.com", password_hash="-")
    db.session.add(user)
    db.session.commit()
    expected, bought, spent = 0, [], []  # the model: what the balance must be
    for op, n in operations:
        if op == "buy":
            payment = Payment(user_id=user.id, pack="p", credits=n, amount=n * 50, currency="usd",
                              checkout_session_id=f"cs_{new_id()}")
            db.session.add(payment)
            db.session.commit()
            fulfilment.fulfil_event(_paid(payment))
            bought.append([payment, False])
            expected += n
        elif op == "spend":
            job_id = new_id()
            try:
                credits.spend(user.id, n, job_id)
                db.session.commit()
            except credits.NoCredits:
                db.session.rollback()
                assert expected < n  # refused only when there was not enough
            else:
                assert expected >= n  # accepted only when there was enough
                expected -= n
                spent.append([job_id, n, False])
        elif op == "fail" and spent:
            job = spent[n % len(spent)]
            assert credits.refund_job(user.id, job[0]) is not job[2]
            db.session.commit()
            expected += 0 if job[2] else job[1]
            job[2] = True
        elif op == "refund" and bought:
            purchase = bought[n % len(bought)]
            fulfilment.fulfil_event(_refunded(purchase[0]))
            expected -= 0 if purchase[1] else min(purchase[0].credits, expected)
            purchase[1] = True
        db.session.expire_all()
        balance = credits.balance(user.id)
        assert balance == expected == _entries_sum(user.id)
        assert balance >= 0


@pytest.fixture
def one_credit_user(app):
    return accounts.create_user("solo@example.com", PASSWORD, free_credits=1).id


def test_two_jobs_submitted_at_the_same_moment_with_one_credit_give_exactly_one_job(
        app, one_credit_user, monkeypatch):
    # Widen the window: whoever spends first keeps its transaction open a while.
    store = storage.store
    monkeypatch.setattr(storage, "store", lambda *a, **kw: (time.sleep(0.3), store(*a, **kw))[1])
    barrier, results = threading.Barrier(2), []

    def submit():
        with app.app_context():  # its own session, so its own database connection
            barrier.wait()
            try:
                jobs.submit(one_credit_user, photos.jpeg(), "the_scream")
                results.append("accepted")
            except credits.NoCredits:
                db.session.rollback()
                results.append("no credits")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert sorted(results) == ["accepted", "no credits"]
    assert count(Job, Job.user_id == one_credit_user) == 1
    assert credits.balance(one_credit_user) == 0

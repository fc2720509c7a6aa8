"""The fair claim itself (app/services/runner.py), without a worker process: whatever
job a message names, the painter claims the fairest queued one."""
from app.extensions import db
from app.records import Job, User
from app.services import accounts, credits, jobs, runner
from tests.app import photos
from tests.fakes import MirrorEngine


def status(job_id: str) -> str:
    db.session.expire_all()
    return db.session.get(Job, job_id).status


def test_a_message_for_a_bulk_users_job_paints_the_other_users_job_first(app):
    bulk = accounts.create_user("bulk@example.com", "a long enough password")
    credits.grant(db.session.get(User, bulk.id), 5, "test")
    other = accounts.create_user("other@example.com", "a long enough password")
    many = [jobs.submit(bulk.id, photos.jpeg(color=(i, 0, 0)), "wave").id for i in range(4)]
    assert runner.run_job(many[0], MirrorEngine()) == "done"  # the bulk user was served
    mine = jobs.submit(other.id, photos.jpeg(), "wave").id
    runner.run_job(many[1], MirrorEngine())  # its message, but the other user is fairer
    assert status(mine) == "done" and status(many[1]) == "queued"
    for job_id in (many[2], many[3], mine, many[1]):  # every message still paints one job
        runner.run_job(job_id, MirrorEngine())
    assert [status(j) for j in many] == ["done"] * 4
    assert runner.run_job(many[1], MirrorEngine()) == "skipped"  # a duplicate: nothing left


def test_a_message_prefers_its_own_job_among_equals(app, user):
    first, second = (jobs.submit(user.id, photos.jpeg(), "wave").id for _ in range(2))
    runner.run_job(second, MirrorEngine())
    assert (status(first), status(second)) == ("queued", "done")

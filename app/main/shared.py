"""Sharing one picture: its owner makes or revokes a public link (CSRF-checked POSTs,
own_or_404), and anyone with the link sees it signed out: no account data, with Open
Graph tags so the picture shows when the link is sent in a message."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from app.main import job_view
from app.main.forms import ShareForm
from app.services import jobs, sharing
from app.stored_media import stored_image

bp = Blueprint("shared", __name__)


def _own_job_from_form(job_id):
    job = jobs.get_own(current_user.id, job_id)
    if not ShareForm().validate_on_submit():
        abort(400)
    return job


@bp.route("/jobs/<job_id>/share", methods=["POST"])
@login_required
def create(job_id):
    """Make (or keep) the public link to this picture; the result page shows it."""
    job = _own_job_from_form(job_id)
    sharing.share(job)  # one not done: a ServiceError, shown on the job's page
    flash("Anyone with the link below can now see this picture (and only this picture).", "success")
    return redirect(url_for("jobs.show", job_id=job.id, _anchor="share"), code=303)


@bp.route("/jobs/<job_id>/unshare", methods=["POST"])
@login_required
def revoke(job_id):
    job = _own_job_from_form(job_id)
    sharing.unshare(job)
    flash("The link no longer works: this picture is private again.", "success")
    return redirect(url_for("jobs.show", job_id=job.id, _anchor="share"), code=303)


@bp.route("/s/<token>")
def show(token):
    job = sharing.shared_job(token)
    return render_template("main/shared.html", job=job, style_title=job_view.style_title(job),
                           image_url=url_for("shared.image", token=token, _external=True),
                           page_url=url_for("shared.show", token=token, _external=True),
                           size=job_view.result_size(job))


@bp.route("/s/<token>/image")
def image(token):
    """The result's preview (longest side 1024), metadata-free like every served picture."""
    job = sharing.shared_job(token)
    if not job.result_preview_id:
        abort(404)
    # Public but revocable: caches check back each time, so a revoked link stops showing it.
    return stored_image(job.result_preview_id, cache="public, no-cache")

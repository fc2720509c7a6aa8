"""A shared picture, as anyone with its link sees it: signed out, no account data,
with Open Graph tags so the picture shows when the link is sent in a message."""
from flask import Blueprint, abort, render_template, url_for

from app.main import job_view
from app.main.jobs import _image_response
from app.services import sharing

bp = Blueprint("shared", __name__, url_prefix="/s")


@bp.route("/<token>")
def show(token):
    job = sharing.shared_job(token)
    width, height = job_view.result_size(job)
    return render_template("main/shared.html", job=job, token=token, style_title=job_view.style_title(job),
                           image_url=url_for("shared.image", token=token, _external=True),
                           page_url=url_for("shared.show", token=token, _external=True),
                           size=(width, height))


@bp.route("/<token>/image")
def image(token):
    """The result's preview (longest side 1024), metadata-free like every served picture."""
    job = sharing.shared_job(token)
    if not job.result_preview_id:
        abort(404)
    # Public, but revocable: caches must check back, so a revoked link stops showing it.
    return _image_response(job.result_preview_id, cache="public, no-cache")

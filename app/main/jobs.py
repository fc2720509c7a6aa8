"""One job: its page, its live status, its images and its deletion."""
from flask import (Blueprint, Response, abort, flash, jsonify, redirect, render_template,
                   request, url_for)
from flask_login import current_user, login_required

from app.main.forms import DeleteForm
from app.services import jobs, storage
from models.catalogue import load_catalogue

bp = Blueprint("jobs", __name__, url_prefix="/jobs")
IMAGES = {"photo": "photo_preview_id", "preview": "result_preview_id"}


def _style_title(slug: str) -> str:
    return next((s.title for s in load_catalogue() if s.slug == slug), slug)


@bp.route("/<job_id>")
@login_required
def show(job_id):
    job = jobs.get_own(current_user.id, job_id)
    return render_template("main/job.html", job=job, style_title=_style_title(job.style),
                           delete_form=DeleteForm())


@bp.route("/<job_id>/status")
@login_required
def status(job_id):
    job = jobs.get_own(current_user.id, job_id)
    return jsonify(id=job.id, status=job.status, error=job.error,
                   url=url_for("jobs.show", job_id=job.id))


def _image_response(image_id, filename=None):
    image = storage.get(image_id) if image_id else None
    if image is None:
        abort(404)
    response = Response(storage.load_bytes(image.id), mimetype=image.content_type)
    response.headers["Cache-Control"] = "private, max-age=86400"
    if filename:
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.route("/<job_id>/images/<which>")
@login_required
def image(job_id, which):
    job = jobs.get_own(current_user.id, job_id)
    if which not in IMAGES:
        abort(404)
    return _image_response(getattr(job, IMAGES[which]))


@bp.route("/<job_id>/download")
@login_required
def download(job_id):
    job = jobs.get_own(current_user.id, job_id)
    if job.status != "done":
        abort(409)
    fmt = request.args.get("format", "jpeg")
    if fmt not in ("jpeg", "png"):
        abort(400)
    data, content_type = storage.result_as(job.result_id, fmt)
    ext = "png" if fmt == "png" else "jpg"
    return Response(data, mimetype=content_type, headers={
        "Content-Disposition": f'attachment; filename="{job.style}-{job.id[:8]}.{ext}"'})


@bp.route("/<job_id>/delete", methods=["POST"])
@login_required
def delete(job_id):
    job = jobs.get_own(current_user.id, job_id)
    if not DeleteForm().validate_on_submit():
        abort(400)
    try:
        jobs.delete(job)
    except jobs.JobError as exc:
        flash(exc.message, "warning")
        return redirect(url_for("jobs.show", job_id=job.id))
    flash("The photo and its result have been deleted.", "success")
    return redirect(url_for("main.history"))

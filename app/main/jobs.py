"""One job: its page, its live status, its images, another style, and its deletion."""
from flask import (Blueprint, Response, abort, flash, jsonify, redirect, render_template,
                   request, url_for)
from flask_login import current_user, login_required

from app.main.forms import DeleteForm, RestyleForm
from app.services import credits, jobs, storage
from models.catalogue import load_catalogue

bp = Blueprint("jobs", __name__, url_prefix="/jobs")
# Which image each URL serves: the photo and result previews (longest side 1024)
# and their thumbnails (480); jobs from before thumbnails get the preview.
IMAGES = {"photo": ("photo_preview_id",), "preview": ("result_preview_id",),
          "photo_thumb": ("photo_thumb_id", "photo_preview_id"),
          "thumb": ("result_thumb_id", "result_preview_id")}
STATUS_MESSAGES = {"queued": "Waiting for a painter…", "running": "Painting your photo…",
                   "done": "Done!", "failed": "This photo could not be painted."}


def _style_title(slug: str) -> str:
    return next((s.title for s in load_catalogue() if s.slug == slug), slug)


def _job_page(job, restyle_form=None, status: int = 200):
    return render_template("main/job.html", job=job, style_title=_style_title(job.style),
                           status_message=STATUS_MESSAGES.get(job.status, ""),
                           styles=load_catalogue(), balance=credits.balance(current_user.id),
                           delete_form=DeleteForm(formdata=None),
                           restyle_form=restyle_form or _restyle_form(job)), status


def _restyle_form(job) -> RestyleForm:
    """Another style for a done job; the same one preselected to retry a failed one."""
    if job.status == "failed":
        return RestyleForm(formdata=None, data={"style": job.style})
    return RestyleForm(formdata=None, exclude=job.style)


@bp.route("/<job_id>")
@login_required
def show(job_id):
    return _job_page(jobs.get_own(current_user.id, job_id))


@bp.route("/<job_id>/status")
@login_required
def status(job_id):
    job = jobs.get_own(current_user.id, job_id)
    return jsonify(id=job.id, status=job.status, error=job.error,
                   message=STATUS_MESSAGES.get(job.status, ""),
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
    return _image_response(next(filter(None, (getattr(job, f) for f in IMAGES[which])), None))


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


@bp.route("/<job_id>/restyle", methods=["POST"])
@login_required
def restyle(job_id):
    job = jobs.get_own(current_user.id, job_id)
    form = RestyleForm(exclude=job.style)
    if not form.validate_on_submit():
        abort(400)
    try:
        new = jobs.restyle(current_user.id, job, form.style.data)
    except credits.NoCredits:
        flash("You have no credits left. Buy a pack on your account page to paint more photos.",
              "warning")
        return _job_page(job, restyle_form=form, status=402)
    except jobs.JobError as exc:
        form.style.errors.append(exc.message)
        return _job_page(job, restyle_form=form, status=exc.status)
    return redirect(url_for("jobs.show", job_id=new.id), code=303)


@bp.route("/<job_id>/delete", methods=["GET", "POST"])
@login_required
def delete(job_id):
    """GET or an unconfirmed POST: the confirmation page (what works without
    JavaScript). A POST with confirm=yes deletes."""
    job = jobs.get_own(current_user.id, job_id)
    form = DeleteForm()
    if request.method == "POST" and not form.validate_on_submit():
        abort(400)
    if request.method == "GET" or form.confirm.data != "yes":
        return render_template("main/confirm_delete.html", job=job,
                               style_title=_style_title(job.style), back=_back())
    try:
        jobs.delete(job)
    except jobs.JobError as exc:
        flash(exc.message, "warning")
        return redirect(url_for("jobs.show", job_id=job.id), code=303)
    flash("The photo and its result have been deleted.", "success")
    return redirect(_back() or url_for("main.history"), code=303)


def _back() -> str | None:
    """The history page the deletion started from (local paths only)."""
    back = request.values.get("next", "")
    return back if back.startswith("/history") else None

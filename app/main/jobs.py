"""One job: its page, its live status, its images, another style, stopping a
masterpiece early, and its deletion."""
from flask import (Blueprint, Response, abort, flash, jsonify, redirect, render_template,
                   request, url_for)
from flask_login import current_user, login_required

from app.main import job_view
from app.main.forms import DeleteForm, RestyleForm, StopForm
from app.services import credits, estimates, jobs, masterpiece, sharing, storage
from app.services.errors import ServiceError
from app.stored_media import stored_image
from models.catalogue import load_catalogue

bp = Blueprint("jobs", __name__, url_prefix="/jobs")
# Which image each URL serves: the photo and result previews (longest side 1024)
# and their thumbnails (480); jobs from before thumbnails get the preview. A
# masterpiece's forming picture changes while it paints, and becomes its result.
IMAGES = {"photo": ("photo_preview_id",), "preview": ("result_preview_id",),
          "photo_thumb": ("photo_thumb_id", "photo_preview_id"),
          "thumb": ("result_thumb_id", "result_preview_id"),
          "progress": ("progress_image_id", "result_preview_id")}


def _job_page(job, restyle_form=None, status: int = 200):
    estimate = None if job.finished else estimates.for_job(job)
    return render_template("main/job.html", job=job, style_title=job_view.style_title(job),
                           status_message=job_view.status_message(job),
                           progress=masterpiece.progress(job), picture=job_view.picture_url(job),
                           stopped_early=job_view.stopped_early(job),
                           result_size=job_view.result_size(job),
                           estimate=estimate, elapsed=estimates.elapsed(job),
                           estimate_text=estimate and estimates.describe(estimate),
                           long_job=(estimate or 0) >= estimates.LONG_JOB_SECONDS,
                           painted_size=job_view.painted_size(job), returned=masterpiece.returned(job),
                           made_with=job_view.made_with(job, job_view.style_title(job)),
                           same_settings=job_view.same_settings(job), share=sharing.link_for(job),
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
    return jsonify(job_view.status_json(job))


@bp.route("/<job_id>/images/<which>")
@login_required
def image(job_id, which):
    job = jobs.get_own(current_user.id, job_id)
    if which not in IMAGES:
        abort(404)
    image_id = next(filter(None, (getattr(job, f) for f in IMAGES[which])), None)
    if which == "progress":  # replaced every few seconds while a masterpiece paints
        return stored_image(image_id, cache="private, no-cache")
    return stored_image(image_id)


@bp.route("/<job_id>/download")
@login_required
def download(job_id):
    job = jobs.get_own(current_user.id, job_id)
    if job.status != "done":
        abort(409)
    if job.is_video:  # an MP4 as it was made (app/main/videos.py)
        return redirect(url_for("videos.play", job_id=job.id, download=1), code=303)
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
    except ServiceError as exc:
        form.style.errors.append(exc.message)
        return _job_page(job, restyle_form=form, status=exc.status)
    return redirect(url_for("jobs.show", job_id=new.id), code=303)


@bp.route("/<job_id>/stop", methods=["POST"])
@login_required
def stop(job_id):
    """Stop a masterpiece and keep the picture it has (one not yet started: its credits back)."""
    job = jobs.get_own(current_user.id, job_id)
    if not StopForm().validate_on_submit():
        abort(400)
    try:
        status = masterpiece.request_stop(job)
    except ServiceError as exc:
        flash(exc.message, "warning")
        if exc.code == "not_stoppable":  # an instant job: nothing to stop, ever
            return _job_page(job, status=409)
        return redirect(url_for("jobs.show", job_id=job.id), code=303)  # it finished meanwhile
    flash(f"Stopped before painting began. Your {job.cost} credits have been returned." if status == "failed"
          else "Stopping: the picture it has becomes your result in a moment.", "success")
    return redirect(url_for("jobs.show", job_id=job.id), code=303)


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
                               style_title=job_view.style_title(job), back=_back())
    jobs.delete(job)  # one not finished: a ServiceError, shown on the job's page
    flash("The photo and its result have been deleted.", "success")
    return redirect(_back() or url_for("main.history"), code=303)


def _back() -> str | None:
    """The history page the deletion started from (local paths only)."""
    back = request.values.get("next", "")
    return back if back.startswith("/history") else None

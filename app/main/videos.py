"""Videos on the website: the create page's video form, and a painted clip played inline
or downloaded (with byte ranges, so browsers can seek)."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, FloatField, SelectField, SubmitField
from wtforms.validators import NumberRange, Optional

from app.services import credits, jobs, user_styles, videos
from app.services.errors import ServiceError
from app.stored_media import stored_video
from models.brush import BRUSHES, DEFAULT_BRUSH
from models.catalogue import load_catalogue

bp = Blueprint("videos", __name__)
ACCEPT = "video/mp4,video/quicktime,video/webm,.mp4,.mov,.webm"
OWN_PREFIX = "own:"  # a style choice naming one of the person's own paintings


class VideoForm(FlaskForm):
    """Its fields are named clip-*: the photo form on the same page has a strength too."""
    video = FileField("Your video", validators=[FileRequired("Choose a video to upload.")])
    style = SelectField("Video style")
    strength = FloatField("Strength, 0-1", default=1.0,
                          validators=[Optional(), NumberRange(0.0, 1.0, "Strength must be between 0 and 1.")])
    preserve_colors = BooleanField("Keep my video's colours")
    brush = SelectField("Brush", default=DEFAULT_BRUSH,
                        choices=[(b, b.capitalize()) for b in BRUSHES])
    submit = SubmitField("Paint my video")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="clip", **kwargs)
        # The six paintings, then the person's own ("own:<id>"), as for photos.
        own = user_styles.list_for(current_user.id) if current_user.is_authenticated else []
        self.style.choices = ([(s.slug, s.title) for s in load_catalogue()]
                              + [(f"{OWN_PREFIX}{o.id}", o.name) for o in own])


def video_rules() -> dict:
    """What the create page says about clips (templates/main/_create_video.html)."""
    config = current_app.config
    return {"max_seconds": config["MAX_VIDEO_SECONDS"], "max_mb": config["MAX_VIDEO_MB"],
            "seconds_per_credit": videos.SECONDS_PER_CREDIT, "accept": ACCEPT}


@bp.route("/create/video", methods=["POST"])
@login_required
def create():
    request.max_content_length = videos.body_limit()
    form = VideoForm()
    status = 422
    if form.validate_on_submit():
        strength = 1.0 if form.strength.data is None else float(form.strength.data)
        try:
            style, own_id = form.style.data, None
            if style.startswith(OWN_PREFIX):
                style, own_id = "", style[len(OWN_PREFIX):]
            job = videos.submit(current_user.id, form.video.data.read(), style, strength=strength,
                                preserve_colors=bool(form.preserve_colors.data),
                                user_style_id=own_id, brush=form.brush.data)
        except credits.NoCredits:
            flash("This video costs more credits than you have. Buy a pack on your account page, "
                  "or choose a shorter clip.", "warning")
            status = 402
        except ServiceError as exc:
            form.video.errors.append(exc.message)
            status = exc.status
        else:
            return redirect(url_for("jobs.show", job_id=job.id), code=303)
    from app.main.options import CreateWithOptionsForm
    from app.main.routes import create_page

    return create_page(CreateWithOptionsForm(formdata=None), video=form), status


@bp.route("/jobs/<job_id>/video")
@login_required
def play(job_id):
    """The painted MP4: inline for the job page's player; ?download=1 to save it."""
    job = jobs.get_own(current_user.id, job_id)
    if not job.is_video or job.status != "done" or not job.result_id:
        abort(404)
    return stored_video(job, download=bool(request.args.get("download")))


@bp.app_template_global()
def video_progress(job) -> dict | None:
    return videos.progress(job)


@bp.app_template_global()
def video_progress_text(job) -> str | None:
    return videos.progress_text(job)

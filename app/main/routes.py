"""The pages around the job path: landing, gallery, create, history."""
import json

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request,
                   send_from_directory, url_for)
from flask_login import current_user, login_required

from app.main import job_view, modes, options
from app.main.forms import DeleteForm
from app.main.videos import VideoForm, video_rules
from app.services import credits, jobs, payments
from app.services.errors import ServiceError
from models.catalogue import load_catalogue

bp = Blueprint("main", __name__)
HISTORY_PER_PAGE = 12


def _examples() -> dict | None:
    """The landing page's before-and-after pictures (scripts/make_examples.py), if made."""
    try:
        path = current_app.static_folder + "/examples/examples.json"
        with open(path, encoding="utf-8") as fh:
            return json.load(fh)
    except (OSError, ValueError):
        return None


@bp.route("/")
def index():
    return render_template("main/index.html", styles=load_catalogue(), examples=_examples(),
                           packs=payments.packs() if payments.mode() != "off" else [],
                           signup_credits=current_app.config["SIGNUP_CREDITS"])


@bp.route("/styles")
def styles():
    return render_template("main/styles.html", styles=load_catalogue(), examples=_examples())


@bp.route("/create", methods=["GET", "POST"])
@login_required
def create():
    form = options.CreateWithOptionsForm()  # CreateForm plus strength, colours, own painting
    if request.method == "GET":
        _prefill(form, request.args)
    status = 200
    if form.validate_on_submit():
        try:
            job = jobs.submit(current_user.id, form.photo.data.read(), form.style.data,
                              **options.job_options(form))
        except credits.NoCredits:
            flash(_no_credits_message(form), "warning")
            status = 402
        except ServiceError as exc:
            field = (getattr(form, exc.field, None) if exc.field else None) or form.mode_error_field(exc.code) \
                or (form.style if exc.code == "unknown_style" else form.photo)
            field.errors.append(exc.message)
            status = exc.status
        else:
            return redirect(url_for("jobs.show", job_id=job.id), code=303)
    elif form.errors:
        status = 422
    return create_page(form), status


def create_page(form, video=None, **extra) -> str:
    """The create page around `form` (the photo form; `video=` the clip form): one place
    that knows what the page needs, every query made here."""
    return render_template("main/create.html", form=form, styles=load_catalogue(),
                           video=video or VideoForm(formdata=None), video_rules=video_rules(),
                           balance=credits.balance(current_user.id), prices=modes.prices(form.size.data),
                           size_prices=modes.size_prices(),
                           minutes=current_app.config["MASTERPIECE_MINUTES"], **extra)


# Settings the create page takes from its query string ("Try another style" on a result),
# with how each reads. Another style, so a mix's paintings are not carried over.
PREFILL = {"style": str, "strength": float, "method": str, "size": str, "style_weight": str,
           "preserve_colors": lambda v: v.lower() in ("1", "y", "yes", "true", "on"),
           "brush": str}


def _prefill(form, args) -> None:
    """Start the form from the query string; a value that does not read is ignored
    (the form still validates everything when it is sent)."""
    for name, read in PREFILL.items():
        field = getattr(form, name, None)
        if field is None or name not in args:
            continue
        try:
            field.data = read(args[name])
        except (TypeError, ValueError):
            continue


def _no_credits_message(form) -> str:
    if not form.is_masterpiece:
        return "You have no credits left. Buy a pack on your account page to paint more photos."
    return (f"A masterpiece at {form.size.data} px uses up to {modes.prices(form.size.data)[modes.MASTERPIECE]} "
            f"credits and you have {credits.balance(current_user.id)}. Choose a smaller size or Instant, "
            "or buy a pack on your account page.")


@bp.route("/history")
@login_required
def history():
    number = request.args.get("page", 1, type=int)
    if not 1 <= number <= 1_000_000:  # beyond, SQLite's integers overflow: no such page
        abort(404)
    page = jobs.list_for(current_user.id, page=number, per_page=HISTORY_PER_PAGE)
    names = job_view.own_style_names(current_user.id)
    return render_template("main/history.html", page=page, delete_form=DeleteForm(formdata=None),
                           titles={job.id: job_view.style_title(job, names) for job in page.items})


@bp.route("/about")
def about():
    """What the site is, what it stores and for how long (read from the settings), and
    how to delete it."""
    return render_template("main/about.html", config=current_app.config,
                           signup_credits=current_app.config["SIGNUP_CREDITS"])


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page says: the same picture."""
    return send_from_directory(current_app.static_folder, "favicon.svg", mimetype="image/svg+xml",
                               max_age=86400)

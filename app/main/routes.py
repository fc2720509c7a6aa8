"""The pages around the job path: landing, gallery, create, history, account."""
import json

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from app.api import auth as api_auth
from app.auth.forms import ChangePasswordForm, DeleteAccountForm
from app.main import job_view, modes, options
from app.main.forms import DeleteForm
from app.services import credits, jobs, payments
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
    if request.method == "GET" and request.args.get("style"):
        form.style.data = request.args["style"]
    status = 200
    if form.validate_on_submit():
        try:
            job = jobs.submit(current_user.id, form.photo.data.read(), form.style.data,
                              **options.job_options(form))
        except credits.NoCredits:
            flash(_no_credits_message(form), "warning")
            status = 402
        except jobs.JobError as exc:
            field = form.mode_error_field(exc.code) or (form.style if exc.code == "unknown_style" else form.photo)
            field.errors.append(exc.message)
            status = exc.status
        else:
            return redirect(url_for("jobs.show", job_id=job.id), code=303)
    elif form.errors:
        status = 422
    return render_template("main/create.html", form=form, styles=load_catalogue(),
                           balance=credits.balance(current_user.id), prices=modes.prices(),
                           minutes=current_app.config["MASTERPIECE_MINUTES"]), status


def _no_credits_message(form) -> str:
    if not form.is_masterpiece:
        return "You have no credits left. Buy a pack on your account page to paint more photos."
    return (f"A masterpiece uses {modes.prices()[modes.MASTERPIECE]} credits and you have "
            f"{credits.balance(current_user.id)}. Buy a pack on your account page, or choose Instant.")


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


def account_page(password_form=None, delete_form=None, status: int = 200):
    """The account page; the password and deletion forms come back with their errors."""
    return render_template(
        "main/account.html", balance=credits.balance(current_user.id),
        entries=credits.history(current_user.id),
        packs=payments.packs(), payment_mode=payments.mode(),
        payments=payments.history(current_user.id),
        api_tokens=api_auth.tokens_for(current_user.id),
        password_form=password_form or ChangePasswordForm(formdata=None),
        delete_account_form=delete_form or DeleteAccountForm(formdata=None)), status


@bp.route("/account")
@login_required
def account():
    return account_page()

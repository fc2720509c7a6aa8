"""The application factory: it reads like a table of contents."""
from __future__ import annotations

from flask import Flask

from app import config
from app.extensions import csrf, db, limiter, login_manager, migrate


def create_app(overrides: dict | None = None) -> Flask:
    app = Flask(__name__, template_folder="../templates", static_folder="../static")
    app.config.from_mapping(config.load())
    app.config.from_mapping(overrides or {})
    register_logging(app)
    register_security(app)
    register_extensions(app)
    register_blueprints(app)
    register_errorhandlers(app)
    register_template_helpers(app)
    register_commands(app)
    register_celery(app)
    register_engine_assets(app)
    return app


def register_logging(app: Flask) -> None:
    from app import logs

    logs.register(app)


def register_security(app: Flask) -> None:
    from app import security

    security.register(app)


def register_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=str(config.ROOT / "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to continue."
    login_manager.login_message_category = "info"
    from app import records  # noqa: F401  (tables must be known to Alembic)
    from app.services import accounts

    login_manager.user_loader(accounts.load_user)


def register_blueprints(app: Flask) -> None:
    from app.account import bp as account_bp
    from app.api import register as register_api
    from app.auth import reset  # noqa: F401  (adds the password-reset routes to auth)
    from app.auth.routes import bp as auth_bp
    from app.main.routes import bp as main_bp
    from app.main.health import bp as health_bp
    from app.main.jobs import bp as jobs_bp
    from app.main.previews import bp as previews_bp
    from app.main.mix_previews import bp as mix_previews_bp
    from app.main.shared import bp as shared_bp
    from app.main.videos import bp as videos_bp
    from app.payments.routes import bp as payments_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp)
    app.register_blueprint(account_bp)  # the account page: password, tokens, own paintings
    app.register_blueprint(jobs_bp)
    app.register_blueprint(health_bp)
    app.register_blueprint(payments_bp)
    app.register_blueprint(previews_bp)  # free previews on the create page
    app.register_blueprint(mix_previews_bp)  # the free preview of a mix of paintings
    app.register_blueprint(shared_bp)  # public links to one picture (/s/<token>)
    app.register_blueprint(videos_bp)  # video clips: the create form and the player
    register_api(app)  # the JSON API


def register_errorhandlers(app: Flask) -> None:
    from app.errors.handlers import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from app.main.helpers import register

    register(app)


def register_commands(app: Flask) -> None:
    from app.cli import credits_cli, jobs_cli, users_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(credits_cli)
    app.cli.add_command(jobs_cli)


def register_engine_assets(app: Flask) -> None:
    """Where the engine reads the paintings and the loss network (it never reads the
    environment itself); models/installed.py is light: no TensorFlow here."""
    from models import installed

    installed.use(paintings=app.config["PAINTINGS_DIR"], loss_network=app.config["LOSS_NETWORK_DIR"])


def register_celery(app: Flask) -> None:
    from app.queue import celery_init_app

    celery_init_app(app)

"""Every setting, read from the environment in one place.

Development defaults just work on one machine; with APP_ENV=production a
missing secret stops the start with a clear message instead of running
with a guessable default.
"""
from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"


class ConfigError(RuntimeError):
    """A setting is missing or malformed; the message says which and how to fix it."""


def _int(env, name: str, default: int) -> int:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None


def _bool(env, name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    return raw.strip().lower() in {"1", "true", "yes", "on"}


def database_url(raw: str | None) -> str:
    """Accept the URLs hosting providers hand out and use the psycopg 3 driver."""
    if not raw:
        return f"sqlite:///{INSTANCE / 'style-transfer-art.sqlite'}"
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix):]
    return raw


def load(env=None) -> dict:
    """Build the Flask config mapping from an environment mapping."""
    env = os.environ if env is None else env
    app_env = env.get("APP_ENV", "development")
    production = app_env == "production"
    secret = env.get("SECRET_KEY")
    if production:
        missing = [n for n in ("SECRET_KEY", "DATABASE_URL") if not env.get(n)]
        if missing:
            raise ConfigError(
                "APP_ENV=production needs " + ", ".join(missing)
                + ": set them in the environment (see README, 'Settings')."
            )
    max_upload_mb = _int(env, "MAX_UPLOAD_MB", 20)
    return {
        "APP_ENV": app_env,
        "TESTING": app_env == "testing",
        # Development only: production refused to start above without one.
        "SECRET_KEY": secret or "dev-only-insecure-key",
        "SQLALCHEMY_DATABASE_URI": database_url(env.get("DATABASE_URL")),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "CELERY_BROKER_URL": env.get("CELERY_BROKER_URL", "filesystem://"),
        "BROKER_DIR": env.get("BROKER_DIR", str(INSTANCE / "broker")),
        "PRETRAINED_DIR": env.get("PRETRAINED_DIR", str(ROOT / "pretrained")),
        "MAX_UPLOAD_MB": max_upload_mb,
        # Flask refuses larger bodies before reading them (413); a little
        # slack covers the multipart envelope around the file itself.
        "MAX_CONTENT_LENGTH": max_upload_mb * 1024 * 1024 + 64 * 1024,
        "MAX_IMAGE_MEGAPIXELS": _int(env, "MAX_IMAGE_MEGAPIXELS", 50),
        "SIGNUP_CREDITS": _int(env, "SIGNUP_CREDITS", 3),
        "JOB_MAX_ATTEMPTS": _int(env, "JOB_MAX_ATTEMPTS", 3),
        "JOB_TIME_LIMIT": _int(env, "JOB_TIME_LIMIT", 300),
        "JOB_STALE_AFTER": _int(env, "JOB_STALE_AFTER", 120),
        "SWEEP_INTERVAL": _int(env, "SWEEP_INTERVAL", 30),
        "WTF_CSRF_ENABLED": _bool(env, "WTF_CSRF_ENABLED", True),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": production,
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": _bool(env, "RATELIMIT_ENABLED", True),
        "RATELIMIT_HEADERS_ENABLED": True,  # Retry-After on every 429
        "LOG_LEVEL": env.get("LOG_LEVEL", "INFO"),
    }

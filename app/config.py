"""Every setting, read from the environment in one place.

Development defaults just work on one machine; with APP_ENV=production a
missing secret stops the start with a clear message instead of running
with a guessable default.
"""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
INSTANCE = ROOT / "instance"


# A masterpiece's smallest longest side: below it the loss network sees too little to paint.
MASTERPIECE_MIN_SIZE = 64


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


def _rate_limit(env, name: str, default: str) -> str:
    from limits import parse_many

    raw = env.get(name) or default
    try:
        parse_many(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a rate limit such as '60/minute', got {raw!r}") from None
    return raw


def database_url(raw: str | None) -> str:
    """Accept the URLs hosting providers hand out and use the psycopg 3 driver."""
    if not raw:
        return f"sqlite:///{INSTANCE / 'style-transfer-art.sqlite'}"
    for prefix in ("postgres://", "postgresql://"):
        if raw.startswith(prefix):
            return "postgresql+psycopg://" + raw[len(prefix):]
    return raw


def masterpiece_settings(env) -> dict:
    """Masterpiece mode (optimisation, Gatys et al.): its price, its defaults and limits."""
    settings = {
        "MASTERPIECE_COST": _int(env, "MASTERPIECE_COST", 5),
        "MASTERPIECE_ITERATIONS": _int(env, "MASTERPIECE_ITERATIONS", 500),
        "MASTERPIECE_MAX_ITERATIONS": _int(env, "MASTERPIECE_MAX_ITERATIONS", 1000),
        "MASTERPIECE_SIZE": _int(env, "MASTERPIECE_SIZE", 512),
        "MASTERPIECE_MAX_SIZE": _int(env, "MASTERPIECE_MAX_SIZE", 1024),
        # After this many seconds a masterpiece stops and keeps the picture it has.
        "MASTERPIECE_TIME_LIMIT": _int(env, "MASTERPIECE_TIME_LIMIT", 900),
        # How often a painting worker stores its progress and the forming picture.
        "MASTERPIECE_PREVIEW_SECONDS": _int(env, "MASTERPIECE_PREVIEW_SECONDS", 3),
        # What the create page promises: bench/paint.py measures a worker machine.
        "MASTERPIECE_MINUTES": _int(env, "MASTERPIECE_MINUTES", 2),
        # Long jobs may go to workers of their own, so instant ones never wait behind them;
        # empty: the instant jobs' CELERY_QUEUE.
        "MASTERPIECE_QUEUE": env.get("MASTERPIECE_QUEUE", ""),
    }
    # The sizes a person may choose (app/services/masterpiece.py): the default must be one.
    if not MASTERPIECE_MIN_SIZE <= settings["MASTERPIECE_SIZE"] <= settings["MASTERPIECE_MAX_SIZE"] <= 1024:
        raise ConfigError(f"MASTERPIECE_SIZE must be between {MASTERPIECE_MIN_SIZE} and "
                          "MASTERPIECE_MAX_SIZE, at most 1024")
    if not 1 <= settings["MASTERPIECE_ITERATIONS"] <= settings["MASTERPIECE_MAX_ITERATIONS"]:
        raise ConfigError("MASTERPIECE_ITERATIONS must be between 1 and MASTERPIECE_MAX_ITERATIONS")
    return settings


DEFAULT_CREDIT_PACKS = "small:10:500,medium:30:1200,large:100:3000"


def credit_packs(raw: str | None) -> tuple[tuple[str, int, int], ...]:
    """Parse CREDIT_PACKS, "id:credits:price_in_cents,...", into (id, credits, amount) rows."""
    packs, seen = [], set()
    for item in (raw or DEFAULT_CREDIT_PACKS).split(","):
        parts = [p.strip() for p in item.split(":")]
        try:
            pack_id, credits, amount = parts[0], int(parts[1]), int(parts[2])
            ok = len(parts) == 3 and pack_id.isidentifier() and len(pack_id) <= 32
        except (IndexError, ValueError):
            ok = False
        if not ok or credits <= 0 or amount <= 0 or pack_id in seen:
            raise ConfigError(f"CREDIT_PACKS must look like {DEFAULT_CREDIT_PACKS!r} (distinct ids, "
                              f"positive whole numbers, prices in cents); {item.strip()!r} is not")
        seen.add(pack_id)
        packs.append((pack_id, credits, amount))
    return tuple(packs)


def _currency(env) -> str:
    raw = (env.get("CREDIT_CURRENCY") or "usd").strip().lower()
    if len(raw) != 3 or not raw.isascii() or not raw.isalpha():
        raise ConfigError(f"CREDIT_CURRENCY must be a three-letter ISO code such as 'usd', got {raw!r}")
    return raw


def _stripe_keys(env, production: bool, enabled: bool) -> None:
    """Both Stripe secrets or neither; in production both, unless payments are switched off."""
    names = ("STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET")
    missing = [n for n in names if not env.get(n)]
    if production and enabled and missing:
        raise ConfigError("APP_ENV=production needs " + ", ".join(missing) + " for payments, or "
                          "PAYMENTS_ENABLED=false to sell no credits (see README, 'Settings').")
    if len(missing) == 1:
        raise ConfigError(f"{missing[0]} is missing: set both Stripe secrets, or neither for the "
                          "demo checkout in development (see README, 'Settings').")


APP_ENVS = ("development", "testing", "production")
MIN_SECRET_KEY = 32


def _app_env(env) -> str:
    """Exactly one of APP_ENVS: a misspelt `Production` must not run as development."""
    raw = env.get("APP_ENV", "development")
    if raw not in APP_ENVS:
        raise ConfigError(f"APP_ENV must be exactly one of {', '.join(APP_ENVS)} (lower case, no "
                          f"spaces), got {raw!r} (see README, 'Settings').")
    return raw


def _production_only(env) -> None:
    """What production refuses to start without: secrets, a shared rate-limit store, its URL."""
    missing = [n for n in ("SECRET_KEY", "DATABASE_URL", "PUBLIC_URL", "RATELIMIT_STORAGE_URI")
               if not env.get(n)]
    if missing:
        raise ConfigError("APP_ENV=production needs " + ", ".join(missing)
                          + ": set them in the environment (see README, 'Settings').")
    if len(env["SECRET_KEY"]) < MIN_SECRET_KEY:
        raise ConfigError(f"SECRET_KEY must be at least {MIN_SECRET_KEY} random characters in "
                          "production, e.g. python -c 'import secrets; print(secrets.token_urlsafe(48))'")
    if env["RATELIMIT_STORAGE_URI"].startswith("memory"):
        # Each gunicorn worker would count on its own: the login limit would not hold.
        raise ConfigError("RATELIMIT_STORAGE_URI must be a shared store in production, such as "
                          "redis://host:6379/1, not memory://")


def _public_url(env, production: bool) -> str:
    """The site's own address, e.g. https://art.example.com, without a trailing slash."""
    raw = (env.get("PUBLIC_URL") or "http://localhost:5000").strip().rstrip("/")
    parts = urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ConfigError(f"PUBLIC_URL must be the site's address such as https://art.example.com, "
                          f"got {raw!r}")
    if production and parts.scheme != "https":
        raise ConfigError(f"PUBLIC_URL must start with https:// in production, got {raw!r}")
    return raw


def _trusted_hosts(env, public_url: str) -> list[str]:
    """PUBLIC_URL's host, and any others named in TRUSTED_HOSTS (e.g. for a health check)."""
    hosts = [urlsplit(public_url).hostname]
    hosts += [h.strip() for h in env.get("TRUSTED_HOSTS", "").split(",") if h.strip()]
    return hosts


def load(env=None) -> dict:
    """Build the Flask config mapping from an environment mapping."""
    env = os.environ if env is None else env
    app_env = _app_env(env)
    production = app_env == "production"
    secret = env.get("SECRET_KEY")
    if production:
        _production_only(env)
    public_url = _public_url(env, production)
    max_upload_mb = _int(env, "MAX_UPLOAD_MB", 20)
    payments_enabled = _bool(env, "PAYMENTS_ENABLED", True)
    _stripe_keys(env, production, payments_enabled)
    return {
        "APP_ENV": app_env,
        # Links in emails and to Stripe are built on this, never on the request's Host.
        "PUBLIC_URL": public_url,
        # Production answers only for its own host(s): a forged Host header is a 400.
        "TRUSTED_HOSTS": _trusted_hosts(env, public_url) if production else None,
        "TESTING": app_env == "testing",
        # Not an environment variable: no operator can weaken it. Only the test suite passes
        # a cheap one to create_app (~1 ms instead of scrypt's ~90 ms, minutes over its sign-ups).
        "PASSWORD_HASH_METHOD": "scrypt",
        # Development only: production refused to start above without one.
        "SECRET_KEY": secret or "dev-only-insecure-key",
        "SQLALCHEMY_DATABASE_URI": database_url(env.get("DATABASE_URL")),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "CELERY_BROKER_URL": env.get("CELERY_BROKER_URL", "filesystem://"),
        "CELERY_QUEUE": env.get("CELERY_QUEUE", "stylize"),
        "BROKER_DIR": env.get("BROKER_DIR", str(INSTANCE / "broker")),
        "PRETRAINED_DIR": env.get("PRETRAINED_DIR", str(ROOT / "pretrained")),
        "ARBITRARY_DIR": env.get("ARBITRARY_DIR", str(ROOT / "models" / "assets" / "arbitrary")),
        # The full-size paintings (masterpieces, mixes) and the masterpieces' loss network.
        "PAINTINGS_DIR": env.get("PAINTINGS_DIR", str(ROOT / "models" / "assets" / "paintings")),
        "LOSS_NETWORK_DIR": env.get("LOSS_NETWORK_DIR", str(ROOT / "models" / "assets" / "loss-network")),
        "MAX_UPLOAD_MB": max_upload_mb,
        # Flask refuses larger bodies before reading them (413); a little
        # slack covers the multipart envelope around the file itself.
        "MAX_CONTENT_LENGTH": max_upload_mb * 1024 * 1024 + 64 * 1024,
        "MAX_IMAGE_MEGAPIXELS": _int(env, "MAX_IMAGE_MEGAPIXELS", 50),
        "MAX_VIDEO_SECONDS": _int(env, "MAX_VIDEO_SECONDS", 30),  # longer clips: 422 video_too_long
        "MAX_VIDEO_MB": _int(env, "MAX_VIDEO_MB", 200),  # bigger video uploads: 413 (app/services/videos.py)
        "SIGNUP_CREDITS": _int(env, "SIGNUP_CREDITS", 3),
        "JOB_MAX_ATTEMPTS": _int(env, "JOB_MAX_ATTEMPTS", 3),
        "JOB_TIME_LIMIT": _int(env, "JOB_TIME_LIMIT", 300),
        "JOB_HEARTBEAT": _int(env, "JOB_HEARTBEAT", 5),
        # Estimates before anything is measured (app/services/estimates.py): engine ms per
        # painted megapixel (a 12 MP photo painted whole took ~75 s on 2 CPU cores), and per
        # masterpiece iteration and megapixel (0.26 s an iteration at 512x384, bench/paint.py).
        "JOB_MS_PER_MEGAPIXEL": _int(env, "JOB_MS_PER_MEGAPIXEL", 6000),
        "MASTERPIECE_MS_PER_ITERATION_MEGAPIXEL": _int(env, "MASTERPIECE_MS_PER_ITERATION_MEGAPIXEL", 1320),
        "JOB_STALE_AFTER": _int(env, "JOB_STALE_AFTER", 60),
        "WORKER_CONCURRENCY": _int(env, "WORKER_CONCURRENCY", 1),
        # Trace the common photo sizes when a worker starts (~10 s), not on its first jobs.
        "WORKER_WARM_UP": _bool(env, "WORKER_WARM_UP", True),
        "RESULT_RETENTION_DAYS": _int(env, "RESULT_RETENTION_DAYS", 0),
        # A log-in lasts this long at most (a copied cookie dies with it); rows are purged after.
        "LOGIN_SESSION_DAYS": _int(env, "LOGIN_SESSION_DAYS", 30),
        "SWEEP_INTERVAL": _int(env, "SWEEP_INTERVAL", 30),
        **masterpiece_settings(env),
        # Payments: with no Stripe keys (development only) a demo checkout stands in.
        "PAYMENTS_ENABLED": payments_enabled,
        "STRIPE_SECRET_KEY": env.get("STRIPE_SECRET_KEY", ""),
        "STRIPE_WEBHOOK_SECRET": env.get("STRIPE_WEBHOOK_SECRET", ""),
        "STRIPE_API_BASE": env.get("STRIPE_API_BASE") or "https://api.stripe.com",
        "CREDIT_PACKS": credit_packs(env.get("CREDIT_PACKS")),
        "CREDIT_CURRENCY": _currency(env),
        "WTF_CSRF_ENABLED": _bool(env, "WTF_CSRF_ENABLED", True),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SECURE": production,
        "RATELIMIT_STORAGE_URI": env.get("RATELIMIT_STORAGE_URI") or "memory://",
        "RATELIMIT_ENABLED": _bool(env, "RATELIMIT_ENABLED", True),
        "RATELIMIT_HEADERS_ENABLED": True,  # Retry-After on every 429
        # The JSON API: token creation per address; job submissions, and all
        # authenticated calls together, per user (Flask-Limiter's syntax).
        "API_RATELIMIT_TOKENS": _rate_limit(env, "API_RATELIMIT_TOKENS", "10/minute"),
        "API_RATELIMIT_JOBS": _rate_limit(env, "API_RATELIMIT_JOBS", "120/minute"),
        "API_RATELIMIT": _rate_limit(env, "API_RATELIMIT", "30/second"),
        # Free previews on the create page: per user, and how long they are kept.
        "PREVIEW_RATELIMIT": _rate_limit(env, "PREVIEW_RATELIMIT", "30/hour"),
        "PREVIEW_TTL_HOURS": _int(env, "PREVIEW_TTL_HOURS", 24),
        # Uploads of one's own paintings (POST /my-styles), per user: each is decoded (bounded).
        "OWN_STYLE_RATELIMIT": _rate_limit(env, "OWN_STYLE_RATELIMIT", "20/hour"),
        "LOG_LEVEL": env.get("LOG_LEVEL", "INFO"),
        # Email: SMTP when MAIL_SERVER is set; otherwise messages go to a folder.
        "MAIL_SERVER": env.get("MAIL_SERVER", ""),
        "MAIL_PORT": _int(env, "MAIL_PORT", 587),
        "MAIL_STARTTLS": _bool(env, "MAIL_STARTTLS", True),
        "MAIL_USERNAME": env.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": env.get("MAIL_PASSWORD", ""),
        "MAIL_FROM": env.get("MAIL_FROM", "Style-Transfer-Art <no-reply@localhost>"),
        "MAIL_OUTBOX": env.get("MAIL_OUTBOX", str(INSTANCE / "outbox")),
        "CONTACT_EMAIL": env.get("CONTACT_EMAIL", ""),  # shown on /about; none: the page says so
        "RESET_TOKEN_MAX_AGE": _int(env, "RESET_TOKEN_MAX_AGE", 3600),
        "LOGIN_RATELIMIT": _rate_limit(env, "LOGIN_RATELIMIT", "20/minute"),
        "LOGIN_ACCOUNT_RATELIMIT": _rate_limit(env, "LOGIN_ACCOUNT_RATELIMIT", "10/15 minutes"),
        # Per client address: sign-ups, asking for a reset link (and per email asked
        # about), setting a password with a link, and the account page's password forms.
        "SIGNUP_RATELIMIT": _rate_limit(env, "SIGNUP_RATELIMIT", "10/hour"),
        "RESET_RATELIMIT": _rate_limit(env, "RESET_RATELIMIT", "10/hour"),
        "RESET_EMAIL_RATELIMIT": _rate_limit(env, "RESET_EMAIL_RATELIMIT", "5/hour"),
        "RESET_PASSWORD_RATELIMIT": _rate_limit(env, "RESET_PASSWORD_RATELIMIT", "20/hour"),
        "ACCOUNT_PASSWORD_RATELIMIT": _rate_limit(env, "ACCOUNT_PASSWORD_RATELIMIT", "10/hour"),
    }

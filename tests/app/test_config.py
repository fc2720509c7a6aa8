import pytest

from app import config


def test_development_defaults_just_work():
    settings = config.load({})
    assert settings["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
    assert settings["CELERY_BROKER_URL"] == "filesystem://"
    assert settings["MAX_UPLOAD_MB"] == 20


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL"])
def test_production_refuses_to_start_without_a_secret(missing):
    env = {"APP_ENV": "production", "SECRET_KEY": "s" * 32, "DATABASE_URL": "postgresql://db/x"}
    del env[missing]
    with pytest.raises(config.ConfigError, match=missing):
        config.load(env)


def test_production_cookies_are_secure():
    settings = config.load({"APP_ENV": "production", "SECRET_KEY": "k" * 32, "DATABASE_URL": "postgres://h/d",
                            "PUBLIC_URL": "https://art.example.com",
                            "RATELIMIT_STORAGE_URI": "redis://r:6379/1", "PAYMENTS_ENABLED": "false"})
    assert settings["SESSION_COOKIE_SECURE"] and settings["SESSION_COOKIE_HTTPONLY"]
    assert settings["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://h/d"


def test_a_malformed_number_is_named_in_the_error():
    with pytest.raises(config.ConfigError, match="MAX_UPLOAD_MB"):
        config.load({"MAX_UPLOAD_MB": "lots"})


def test_the_production_start_fails_with_a_clear_message(tmp_path):
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-c", "import wsgi"], capture_output=True, text=True,
                            env={"APP_ENV": "production", "PATH": "/usr/bin:/bin"},
                            cwd=config.ROOT)
    assert result.returncode != 0
    assert "APP_ENV=production needs SECRET_KEY, DATABASE_URL" in result.stderr

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


@pytest.mark.parametrize("size", ["16", "63", "2048"])
def test_a_default_masterpiece_size_no_one_could_choose_is_refused(size):
    """16 to 63 px passed once, and made every default masterpiece invalid (422)."""
    with pytest.raises(config.ConfigError, match="MASTERPIECE_SIZE"):
        config.load({"MASTERPIECE_SIZE": size})


def test_the_smallest_allowed_default_masterpiece_size_is_one_a_person_may_choose():
    assert config.load({"MASTERPIECE_SIZE": str(config.MASTERPIECE_MIN_SIZE)})["MASTERPIECE_SIZE"] == 64


@pytest.mark.parametrize("name", ["SIGNUP_RATELIMIT", "RESET_RATELIMIT", "ACCOUNT_PASSWORD_RATELIMIT",
                                  "LOGIN_ACCOUNT_RATELIMIT"])
def test_a_rate_limit_flask_limiter_cannot_read_is_named_in_the_error(name):
    with pytest.raises(config.ConfigError, match=name):
        config.load({name: "ten a day"})


def test_the_engines_files_are_settings_with_the_installed_copies_as_defaults():
    settings = config.load({})
    assert settings["PAINTINGS_DIR"].endswith("models/assets/paintings")
    assert settings["LOSS_NETWORK_DIR"].endswith("models/assets/loss-network")
    assert config.load({"PAINTINGS_DIR": "/srv/paintings"})["PAINTINGS_DIR"] == "/srv/paintings"


def test_the_app_tells_the_engine_where_its_files_are(tmp_path):
    from app import create_app
    from models import installed

    (tmp_path / "wave.jpg").write_bytes(b"a painting")
    try:
        create_app({"PAINTINGS_DIR": str(tmp_path), "LOSS_NETWORK_DIR": str(tmp_path / "net")})
        assert installed.painting_file("wave") == tmp_path / "wave.jpg"
        assert installed.loss_network_dir() == tmp_path / "net"
        with pytest.raises(installed.NoPainting, match="udnie"):
            installed.painting_file("udnie")
    finally:
        installed.use(paintings=installed.ASSETS / "paintings", loss_network=installed.ASSETS / "loss-network")

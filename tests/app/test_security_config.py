"""A misspelt APP_ENV or a weak production setting stops the start (issue 16, items 4 and 6)."""
import pytest

from app import config

PRODUCTION = {"APP_ENV": "production", "SECRET_KEY": "x" * 48, "DATABASE_URL": "postgresql://h/d",
              "PUBLIC_URL": "https://art.example.com", "RATELIMIT_STORAGE_URI": "redis://r:6379/1",
              "PAYMENTS_ENABLED": "false"}


@pytest.mark.parametrize("spelling", ["Production", "prod", "PRODUCTION", "production ", " production",
                                      "Development", "dev", "test", ""])
def test_an_app_env_that_is_not_exactly_a_known_one_is_refused(spelling):
    with pytest.raises(config.ConfigError, match="APP_ENV must be exactly one of"):
        config.load({**PRODUCTION, "APP_ENV": spelling})


@pytest.mark.parametrize("spelling", ["development", "testing", "production"])
def test_the_known_app_envs_start(spelling):
    assert config.load({**PRODUCTION, "APP_ENV": spelling})["APP_ENV"] == spelling


def test_production_refuses_a_secret_key_shorter_than_32_characters():
    with pytest.raises(config.ConfigError, match="SECRET_KEY must be at least 32"):
        config.load({**PRODUCTION, "SECRET_KEY": "x" * 31})
    assert config.load({**PRODUCTION, "SECRET_KEY": "x" * 32})["SECRET_KEY"] == "x" * 32


@pytest.mark.parametrize("storage", [None, "memory://"])
def test_production_refuses_rate_limits_counted_per_process(storage):
    env = {**PRODUCTION, "RATELIMIT_STORAGE_URI": storage}
    if storage is None:
        del env["RATELIMIT_STORAGE_URI"]
    with pytest.raises(config.ConfigError, match="RATELIMIT_STORAGE_URI"):
        config.load(env)

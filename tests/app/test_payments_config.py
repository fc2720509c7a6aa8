"""Payment settings: packs and currency from the environment, and production
never without Stripe unless payments are switched off."""
import pytest

from app import config
from app.services.payments import format_amount

PRODUCTION = {"APP_ENV": "production", "SECRET_KEY": "k" * 32, "DATABASE_URL": "postgresql://h/d",
              "PUBLIC_URL": "https://art.example.com", "RATELIMIT_STORAGE_URI": "redis://r:6379/1"}


def test_the_default_packs_are_10_for_5_30_for_12_and_100_for_30_dollars():
    settings = config.load({})
    assert settings["CREDIT_PACKS"] == (("small", 10, 500), ("medium", 30, 1200), ("large", 100, 3000))
    assert settings["CREDIT_CURRENCY"] == "usd"


def test_packs_and_currency_come_from_the_environment():
    settings = config.load({"CREDIT_PACKS": "mini:5:300, mega:1000:20000", "CREDIT_CURRENCY": "EUR"})
    assert settings["CREDIT_PACKS"] == (("mini", 5, 300), ("mega", 1000, 20000))
    assert settings["CREDIT_CURRENCY"] == "eur"


@pytest.mark.parametrize("raw", ["small:10", "small:ten:500", "small:10:5.00", "a:1:100,a:2:200",
                                 "small:0:500", "small:10:-1", "bad id:1:100"])
def test_a_malformed_pack_is_named_in_the_error(raw):
    with pytest.raises(config.ConfigError, match="CREDIT_PACKS"):
        config.load({"CREDIT_PACKS": raw})


def test_production_needs_the_stripe_secrets():
    with pytest.raises(config.ConfigError, match="STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET"):
        config.load(PRODUCTION)


def test_production_may_switch_payments_off_explicitly():
    assert config.load({**PRODUCTION, "PAYMENTS_ENABLED": "false"})["PAYMENTS_ENABLED"] is False


def test_production_with_both_stripe_secrets_starts():
    settings = config.load({**PRODUCTION, "STRIPE_SECRET_KEY": "sk_live_x",
                            "STRIPE_WEBHOOK_SECRET": "whsec_x"})
    assert settings["STRIPE_API_BASE"] == "https://api.stripe.com"


@pytest.mark.parametrize("only", ["STRIPE_SECRET_KEY", "STRIPE_WEBHOOK_SECRET"])
def test_one_stripe_secret_without_the_other_is_refused_everywhere(only):
    with pytest.raises(config.ConfigError):
        config.load({only: "x"})


def test_amounts_are_shown_in_the_currencys_own_units():
    assert format_amount(1200, "usd") == "$12.00"
    assert format_amount(199, "eur") == "€1.99"
    assert format_amount(500, "jpy") == "500 JPY"
    assert format_amount(123456, "chf") == "1,234.56 CHF"

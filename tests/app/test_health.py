"""Health checks for load balancers and operators."""
from tests.app.brokers import redis_or_skip


def test_healthz_answers_200_when_the_database_answers(browser):
    response = browser.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable(app_settings):
    from app import create_app

    broken = create_app({**app_settings,
                         "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none"})
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503 and response.json["database"] == "unreachable"


def test_the_worker_health_command_fails_when_no_worker_answers(app_settings, tmp_path):
    from app import create_app

    site = create_app({**app_settings, "CELERY_BROKER_URL": redis_or_skip()})
    result = site.test_cli_runner().invoke(args=["jobs", "health", "--timeout", "0.5"])
    assert result.exit_code == 1
    assert "broker:   ok" in result.output and "NONE ANSWERED" in result.output


def test_the_worker_health_command_reports_an_unreachable_broker(app_settings):
    from app import create_app

    site = create_app({**app_settings, "CELERY_BROKER_URL": "redis://127.0.0.1:1/0"})
    result = site.test_cli_runner().invoke(args=["jobs", "health", "--timeout", "0.5"])
    assert result.exit_code == 1 and "UNREACHABLE" in result.output

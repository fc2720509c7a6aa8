"""The real brokers on this machine, or a clear skip when one is absent."""
import pytest

REDIS_URL = "redis://127.0.0.1:6379/7"
RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672//"


def redis_or_skip() -> str:
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.flushdb()
    except redis.exceptions.ConnectionError as exc:
        pytest.skip(f"Redis is not reachable at {REDIS_URL}: {exc}")
    return REDIS_URL


def flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def rabbitmq_or_skip() -> str:
    import kombu

    try:
        with kombu.Connection(RABBITMQ_URL, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as exc:  # noqa: BLE001 - any connection failure means absent
        pytest.skip(f"RabbitMQ is not reachable at {RABBITMQ_URL}: {exc}")
    return RABBITMQ_URL


def broker_or_skip(name: str) -> str:
    return {"redis": redis_or_skip, "rabbitmq": rabbitmq_or_skip}[name]()

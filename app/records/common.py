"""Small helpers shared by the records: opaque ids and UTC times."""
import secrets
from datetime import datetime, timezone


def new_id() -> str:
    """An opaque, unguessable id for anything that appears in a URL."""
    return secrets.token_hex(16)


def utcnow() -> datetime:
    # Stored naive-in-UTC so SQLite and PostgreSQL round-trip the same value.
    return datetime.now(timezone.utc).replace(tzinfo=None)

"""Absolute links to the site, built on PUBLIC_URL alone.

Never on the request's Host header: a forged Host would otherwise put an
attacker's address into a password-reset email (and works outside requests,
in the workers)."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app


def public_url(endpoint: str, **values) -> str:
    parts = urlsplit(current_app.config["PUBLIC_URL"])
    adapter = current_app.url_map.bind(parts.netloc, script_name=parts.path or "/",
                                       url_scheme=parts.scheme)
    return adapter.build(endpoint, values, force_external=True)

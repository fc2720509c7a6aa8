"""Run as a script by test_security_web_memory.py: a web process of its own that
uploads one picture to one page and prints how far its peak memory (resident set)
rose above the same upload of a small picture. A fresh process per measure, since
the peak (ru_maxrss) only ever grows."""
from __future__ import annotations

import io
import json
import resource
import sys

PAGES = {"create": ("/create", "photo", {"style": "wave"}),
         "previews": ("/previews", "photo", {}),
         "my-styles": ("/my-styles", "image", {"name": "Big"})}


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def main(settings: dict, page: str, small: bytes, big: bytes) -> dict:
    from app import create_app
    from app.extensions import db
    from app.records import User
    from app.services import accounts, credits
    from tests.app.conftest import Browser

    app = create_app({**settings, "RATELIMIT_ENABLED": False})
    url, field, extra = PAGES[page]
    with app.app_context():
        user = accounts.create_user(f"memory-{page}@example.com", "correct horse battery")
        credits.grant(db.session.get(User, user.id), 10, "memory test")
    browser = Browser(app.test_client())
    browser.login(f"memory-{page}@example.com")

    def send(data: bytes) -> int:
        body = {field: (io.BytesIO(data), "upload.png"), **extra}
        return browser.submit("/create", body, action=url,
                              content_type="multipart/form-data").status_code

    statuses = [send(small), send(small)]  # every code path warm: the baseline
    baseline = peak_mb()
    statuses.append(send(big))
    return {"page": page, "baseline_mb": round(baseline, 1), "peak_mb": round(peak_mb(), 1),
            "rise_mb": round(peak_mb() - baseline, 1), "statuses": statuses}


if __name__ == "__main__":
    settings, page, small_path, big_path = json.loads(sys.argv[1]), *sys.argv[2:5]
    with open(small_path, "rb") as fh_small, open(big_path, "rb") as fh_big:
        print(json.dumps(main(settings, page, fh_small.read(), fh_big.read())))

"""Run as a script by test_security_web_memory.py: a web process of its own that
uploads one picture to one page and prints how far its peak memory (resident set)
rose above the same upload of a small picture. A fresh process per measure, since
the peak (VmHWM) only ever grows."""
from __future__ import annotations

import io
import json
import sys

PAGES = {"create": ("/create", "photo", {"style": "wave"}),
         "previews": ("/previews", "photo", {}),
         "my-styles": ("/my-styles", "image", {"name": "Big"})}


def peak_mb() -> float:
    """This process's peak resident memory. VmHWM, not ru_maxrss: the latter carries the
    peak of the parent a child was forked from (pytest's) across exec."""
    with open("/proc/self/status", encoding="ascii") as status:
        line = next(row for row in status if row.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024  # kB


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

"""Issue 16, item 3: the web process never holds a large picture's pixels. A 49 MP PNG
of ~150 KB (it compresses well) used to take a web process from 191 MB to 1.02 GB.

Measured in a web process of its own (tests/app/web_memory.py): its peak resident
memory after the big upload, above the peak after the same upload of a small picture.
The bound, 100 MB: the body itself (~150 KB here, 20 MB at most), the header parse,
and the display copies, decoded from at most WEB_DECODE_MAX_PIXELS (4 bytes a pixel:
32 MB) - where the full picture alone would be 147 MB (RGB) or 196 MB (RGBA)."""
import io
import json
import subprocess
import sys

import pytest
from PIL import Image

from app import config
from tests.app import photos

RISE_BOUND_MB = 100


def big_jpeg(width: int, height: int) -> bytes:
    """The same for JPEG (one colour): decoded here through draft, at 1/4 to 1/8."""
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (120, 80, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def pictures(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pictures")
    small = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 120, 40)).save(small, "PNG")
    (folder / "small.png").write_bytes(small.getvalue())
    (folder / "big.png").write_bytes(photos.noisy_band_png(7000, 7000))
    (folder / "big.jpeg").write_bytes(big_jpeg(7000, 7000))
    return folder


@pytest.mark.parametrize("page,kind", [("create", "png"), ("previews", "png"),
                                       ("my-styles", "png"), ("create", "jpeg")])
def test_a_49_megapixel_picture_of_a_few_kilobytes_does_not_swell_the_web_process(
        app, app_settings, pictures, page, kind):
    small, big = pictures / "small.png", pictures / f"big.{kind}"
    assert big.stat().st_size < 1_000_000  # the attack: a small file (PNG ~150 KB)
    # A time limit that lets the job in: the upload is stored and its copies made.
    settings = {**{k: v for k, v in app_settings.items() if k != "SERVER_NAME"},
                "JOB_TIME_LIMIT": 3600}
    result = subprocess.run(
        [sys.executable, "-m", "tests.app.web_memory",
         json.dumps(settings), page, str(small), str(big)],
        capture_output=True, text=True, cwd=config.ROOT, timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    measured = json.loads(result.stdout.strip().splitlines()[-1])
    print(measured)
    assert measured["rise_mb"] < RISE_BOUND_MB, measured
    assert measured["statuses"][-1] in (202, 303, 422), measured  # answered, not a 500

"""Helpers for the command-line tests: run `python -m models` as a person would, read its
last line of stderr, and write a small photo (with an EXIF orientation if asked)."""
import os
import subprocess
import sys

import numpy as np
from PIL import Image

from tests.engine.conftest import REPO


def run(*args, pretrained_dir=None):
    env = dict(os.environ, PYTHONPATH=str(REPO))
    if pretrained_dir:
        env["PRETRAINED_DIR"] = str(pretrained_dir)
    return subprocess.run([sys.executable, "-m", "models", *map(str, args)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=240)


def last_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    return lines[-1] if lines else ""


def write_photo(path, size=(48, 32), orientation=None, mode="RGB"):
    rng = np.random.default_rng(len(str(path)))
    picture = Image.fromarray(rng.integers(0, 255, (size[1], size[0], 3), np.uint8)).convert(mode)
    options = {}
    if orientation:
        exif = Image.Exif()
        exif[0x0112] = orientation
        options["exif"] = exif.tobytes()
    picture.save(path, **options)
    return path

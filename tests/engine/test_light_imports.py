"""The web process imports the catalogue and the image helpers, never TensorFlow."""
import subprocess
import sys

import pytest

from tests.engine.conftest import REPO

pytestmark = pytest.mark.engine_only


def test_the_web_side_modules_do_not_import_tensorflow():
    code = ("import sys, models, models.catalogue, models.images\n"
            "models.catalogue.load_catalogue()\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras')))")
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"

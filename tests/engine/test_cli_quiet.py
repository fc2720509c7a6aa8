"""`python -m models` prints only our own lines: TensorFlow's start-up and grappler noise
(the absl banner, oneDNN notices, "E0000 ... oneDNN supports DT_HALF") is filtered, our
errors are not, and TF_CPP_MIN_LOG_LEVEL=0 shows TensorFlow's lines again."""
import pytest

from tests.engine.cli import run, write_photo

pytestmark = pytest.mark.engine_only
NOISE = ("absl::InitializeLog", "oneDNN", "E0000", "I0000", "cpu_feature_guard", "remapper failed")


@pytest.fixture
def quiet_env(monkeypatch):
    monkeypatch.delenv("TF_CPP_MIN_LOG_LEVEL", raising=False)
    monkeypatch.setenv("ENGINE_PRECISION", "float16")  # the DT_HALF line on a CPU without AVX512-FP16


def test_a_painting_prints_only_its_output_path(quiet_env, tmp_path):
    photo, out = write_photo(tmp_path / "photo.jpg"), tmp_path / "out.jpg"
    done = run("stylize", "--style", "wave", photo, out)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(out) and out.is_file()
    assert not [line for line in done.stderr.splitlines() if any(n in line for n in NOISE)], done.stderr


def test_our_own_errors_still_show(quiet_env, tmp_path):
    done = run("stylize", "--style", "no_such_style", write_photo(tmp_path / "p.jpg"), tmp_path / "o.jpg")
    assert done.returncode != 0 and "unknown style 'no_such_style'" in done.stderr


def test_tensorflows_lines_come_back_when_asked_for(monkeypatch, tmp_path):
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "0")
    done = run("stylize", "--style", "wave", write_photo(tmp_path / "photo.jpg"), tmp_path / "out.jpg")
    assert done.returncode == 0 and "oneDNN" in done.stderr

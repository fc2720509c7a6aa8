"""`python -m models stylize-video`: a clip in, an MP4 out; bad input one line on stderr."""
import pytest

from tests.engine.cli import last_line, run
from tests.engine.video_clips import clip, read

pytestmark = pytest.mark.engine_only


def test_stylize_video_writes_the_painted_clip(tmp_path, pretrained_dir, samples_dir):
    source = clip(tmp_path / "in.mp4", samples_dir, frames=6)
    result = run("stylize-video", "--style", "wave", "--strength", "0.8", "--brush", "broad",
                 source, tmp_path / "out.mp4", pretrained_dir=pretrained_dir)
    assert result.returncode == 0, result.stderr
    frames, _, _, has_audio = read(tmp_path / "out.mp4")
    assert len(frames) == 6 and frames[0].shape == (64, 96, 3) and has_audio


@pytest.mark.parametrize("content, output, message", [
    (b"not a video at all", "out.mp4", "not a video"),
    (None, "out.avi", "must end in .mp4"),
])
def test_stylize_video_refuses_bad_input_in_one_line(tmp_path, samples_dir, content, output, message):
    source = tmp_path / "in.mp4"
    if content is None:
        clip(source, samples_dir, frames=2)
    else:
        source.write_bytes(content)
    result = run("stylize-video", "--style", "wave", source, tmp_path / output)
    assert result.returncode == 1
    assert last_line(result.stderr).startswith("error:") and message in last_line(result.stderr)
    assert "Traceback" not in result.stderr
    assert not (tmp_path / output).exists()

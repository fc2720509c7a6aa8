"""Videos: a clip painted with its sound, its size, rate and length; bad files refused."""
import cv2
import numpy as np
import pytest

from models import clips, temporal, video, video_paint
from tests.engine.video_clips import audio_only, clip, photo, read

pytestmark = pytest.mark.engine_only


def test_a_painted_clip_keeps_its_frames_rate_size_length_and_sound(tmp_path, engine, samples_dir):
    source = clip(tmp_path / "in.mp4", samples_dir, frames=12, pan=(3, 1))
    painted = video_paint.paint(engine, source, tmp_path / "out.mp4", "wave")
    frames, fps, duration, has_audio = read(tmp_path / "out.mp4")
    original, original_fps, original_duration, _ = read(source)
    assert painted.frames == len(frames) == len(original) == 12
    assert fps == pytest.approx(original_fps)
    assert abs(duration - original_duration) <= 1 / fps
    assert frames[0].shape == original[0].shape == (64, 96, 3)
    assert has_audio
    # painted, not copied: far from the input
    assert np.abs(frames[5].astype(float) - original[5]).mean() > 20


def test_odd_sizes_and_phone_rotation_are_kept_exactly(tmp_path, engine, samples_dir):
    odd = clip(tmp_path / "odd.mp4", samples_dir, width=97, height=63, frames=4, tone=False)
    video_paint.paint(engine, odd, tmp_path / "odd_out.mp4", "udnie")
    frames, *_, has_audio = read(tmp_path / "odd_out.mp4")
    assert frames[0].shape == (63, 97, 3) and not has_audio
    turned = clip(tmp_path / "turned.mp4", samples_dir, width=64, height=96, frames=4, rotate=90)
    upright = [f.rgb for f in video.frames(turned)]
    assert upright[0].shape == (96, 64, 3)
    # the frame is the photo's view the right way up, not turned
    expected = clips.window(photo(samples_dir), 64, 96, 0)
    assert np.abs(upright[0].astype(float) - expected).mean() < 8
    result = video_paint.paint(engine, turned, tmp_path / "turned_out.mp4", "udnie")
    assert (result.width, result.height) == (64, 96)
    assert read(tmp_path / "turned_out.mp4")[0][0].shape == (96, 64, 3)


def test_the_coherent_mode_flickers_less_than_painting_each_frame(tmp_path, engine, samples_dir):
    source = clip(tmp_path / "pan.mp4", samples_dir, width=128, height=96, frames=12, pan=(3, 0), tone=False)
    inputs = [f.rgb for f in video.frames(source)]
    errors, strength, detail = {}, {}, {}
    for coherent in (False, True):
        out = tmp_path / f"out_{coherent}.mp4"
        video_paint.paint(engine, source, out, "wave", coherent=coherent)
        painted = read(out)[0]
        errors[coherent] = np.mean([temporal.warping_error(painted[i - 1], painted[i], inputs[i - 1], inputs[i])
                                    for i in range(1, len(painted))])
        strength[coherent] = np.mean([np.abs(p.astype(float) - i).mean() for p, i in zip(painted, inputs)])
        detail[coherent] = np.mean([np.abs(cv2.Laplacian(temporal.gray(p).astype(np.float32), cv2.CV_32F)).mean()
                                    for p in painted])
    assert errors[True] < 0.5 * errors[False]
    assert strength[True] > 0.9 * strength[False]
    assert detail[True] > 0.75 * detail[False]  # as crisp: the strokes are not blurred away


def test_a_scene_cut_starts_afresh_without_the_previous_scene(samples_dir, engine):
    first, second = photo(samples_dir, "chicago.jpg"), photo(samples_dir, "stata.jpg")
    smoother = temporal.Coherent()
    frames = [clips.window(first, 96, 64, t) for t in range(3)] + [clips.window(second, 96, 64, t) for t in range(3)]
    paintings = engine.stylize_batch(frames, "wave")
    steps = [smoother.step(f, p) for f, p in zip(frames, paintings)]
    assert [s.cut for s in steps] == [True, False, False, True, False, False]
    assert steps[1].trusted > 0.5
    np.testing.assert_array_equal(steps[3].picture, paintings[3])  # nothing carried over the cut
    assert not np.array_equal(steps[4].picture, paintings[4])  # and carried again after it


@pytest.mark.parametrize("make, error", [
    (lambda p: p.write_bytes(b"this is a text file, not a video" * 10), video.NotAVideo),
    (lambda p: p.write_bytes(b""), video.NotAVideo),
    (audio_only, video.VideoError),
])
def test_files_that_are_not_videos_are_refused_before_painting(tmp_path, make, error):
    path = tmp_path / "bad.mp4"
    make(path)
    with pytest.raises(error):
        video.probe(path)


def test_a_clip_too_long_and_a_damaged_clip_are_refused(tmp_path, samples_dir):
    source = clip(tmp_path / "in.mp4", samples_dir, frames=24)
    with pytest.raises(video.VideoTooLong):
        video.probe(source, max_seconds=0.5)
    data = source.read_bytes()
    (tmp_path / "cut.mp4").write_bytes(data[: len(data) // 2])  # an interrupted upload
    with pytest.raises(video.VideoError) as refused:
        video.probe(tmp_path / "cut.mp4")
    assert refused.value.status == 422  # a video, damaged: not "unsupported" (415)


def test_a_variable_frame_rate_keeps_each_frames_time(tmp_path, engine, samples_dir):
    from fractions import Fraction

    import av

    times = [0, 40, 90, 100, 180, 260, 270, 400]  # milliseconds: a phone's uneven frames
    source = tmp_path / "vfr.mp4"
    with av.open(str(source), "w", format="mp4") as out:
        stream = out.add_stream("libx264", rate=25)
        stream.width, stream.height, stream.pix_fmt = 96, 64, "yuv420p"
        stream.time_base = stream.codec_context.time_base = Fraction(1, 1000)
        for t, ms in enumerate(times):
            frame = av.VideoFrame.from_ndarray(clips.window(photo(samples_dir), 96, 64, t), format="rgb24")
            frame.pts, frame.time_base = ms, Fraction(1, 1000)
            out.mux(stream.encode(frame))
        out.mux(stream.encode(None))
    video_paint.paint(engine, source, tmp_path / "out.mp4", "wave")
    seen = [round(float(f.pts * f.time_base) * 1000) for f in video.frames(tmp_path / "out.mp4")]
    assert seen == times

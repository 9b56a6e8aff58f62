"""Voices: deterministic, timed phonemes, the same character sounds the same in every shot; subtitles."""

import re

import numpy as np
import pytest

from cinemotion.audio import score, srt_text, synthesize, write_srt
from cinemotion.errors import InputError
from cinemotion.spec.models import Voice

from conftest import FPS, make_plan, make_shot, speaker, standing_motion, static_camera
from cinemotion.motion.performance import Performance
from cinemotion.motion.speech import speak_lines

MARA = Voice(variant="en-us+f3", pitch=65, rate_wpm=160)


def median_f0(samples: np.ndarray, sample_rate: int) -> float:
    """Median fundamental (Hz) of the voiced 30 ms frames, by autocorrelation peak in 70–400 Hz."""
    frame, f0s = int(0.03 * sample_rate), []
    lags = np.arange(sample_rate // 400, sample_rate // 70)
    loudest = np.abs(samples).max()
    for start in range(0, len(samples) - frame - lags[-1], frame // 2):
        x = samples[start: start + frame + lags[-1]]
        if np.sqrt(np.mean(x[:frame] ** 2)) < 0.1 * loudest:
            continue
        r = np.array([np.dot(x[:frame], x[lag: lag + frame]) for lag in lags]) / (np.dot(x[:frame], x[:frame]) + 1e-12)
        if r.max() > 0.5:
            f0s.append(sample_rate / lags[r.argmax()])
    return float(np.median(f0s))


def test_synthesis_is_deterministic_and_timed():
    a, b = synthesize("Not today.", MARA), synthesize("Not today.", MARA)
    assert a.samples.tobytes() == b.samples.tobytes() and a.phonemes == b.phonemes
    starts = [p[0] for p in a.phonemes]
    assert starts == sorted(starts) and all(t1 > t0 for t0, t1, _ in a.phonemes)
    assert [w for _, _, w in a.words] == ["Not", "today"]
    assert a.phonemes[-1][1] == pytest.approx(a.duration_s, abs=0.01)
    assert {"n", "t", "d", "eI"} <= {p for _, _, p in a.phonemes}


def test_same_character_same_pitch_in_two_shots_and_subtitles_on_the_film_clock(rng):
    shots = [make_shot(i, 2.0, actors=[speaker("mara", line, 0.3, MARA)])
             for i, line in enumerate(["Not today.", "We have to go now."])]
    performances = [Performance(shot_id=s.shot_id, fps=FPS, n_frames=s.n_frames,
                                actors=[standing_motion("mara", s.n_frames)], utterances=speak_lines(s)) for s in shots]
    soundtrack = score(make_plan(shots), performances, [static_camera(s.n_frames) for s in shots], rng=rng)
    dialogue = soundtrack.stems["dialogue"].astype(float).mean(axis=1)
    f0 = [median_f0(dialogue[i * 96000: (i + 1) * 96000], 48000) for i in range(2)]
    assert abs(f0[0] - f0[1]) / f0[0] < 0.06, f"median f0 per shot {f0} Hz"
    deeper = median_f0(synthesize("We have to go now.", Voice(pitch=25)).samples.astype(float), 48000)
    assert deeper < 0.8 * f0[1], f"pitch 25 gives {deeper:.0f} Hz, pitch 65 gives {f0[1]:.0f} Hz"
    starts = [s[0] for s in soundtrack.subtitles]
    assert starts == pytest.approx([0.3, 2.3]) and [s[2] for s in soundtrack.subtitles] == ["mara", "mara"]


def test_srt_format(tmp_path):
    path = tmp_path / "film.srt"
    write_srt(path, [(62.5, 64.25, "b", "Second."), (1.0, 1.785, "a", "Not today.")])
    text = path.read_text()
    assert text == srt_text([(1.0, 1.785, "a", "Not today."), (62.5, 64.25, "b", "Second.")])
    cues = text.strip().split("\n\n")
    assert cues[0] == "1\n00:00:01,000 --> 00:00:01,785\nNot today."
    assert re.fullmatch(r"2\n00:01:02,500 --> 00:01:04,250\nSecond\.", cues[1])
    assert not list(tmp_path.glob(".*partial"))


def test_bad_voice_or_empty_line_is_refused():
    with pytest.raises(InputError, match="voice.variant"):
        synthesize("Hello.", Voice(variant="xx-nowhere"))
    with pytest.raises(InputError, match="text"):
        synthesize("   ", MARA)

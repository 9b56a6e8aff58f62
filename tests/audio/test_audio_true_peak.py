"""True peak and the limiter oversample only the passages that may reach their floor: what they find is
what 4x oversampling the whole signal finds, bit for bit (the sidecars' stems and the film's AAC rest on it)."""

import numpy as np
import pytest
from scipy.ndimage import minimum_filter1d, uniform_filter1d
from scipy.signal import resample_poly

from cinemotion.audio.loudness import LOOKAHEAD_S, limiter_gain, true_peak_dbtp

RATE = 48000


def _whole_true_peak(audio: np.ndarray):
    peak = np.abs(resample_poly(audio, 4, 1, axis=0)).max(initial=0.0)
    return 20 * np.log10(max(peak, 1e-12))


def _whole_limiter(audio: np.ndarray, ceiling) -> np.ndarray:
    over = np.abs(resample_poly(audio, 4, 1, axis=0)).max(axis=1).reshape(len(audio), 4).max(axis=1)
    needed = np.minimum(1.0, ceiling / np.maximum(over, 1e-12))
    width = max(int(LOOKAHEAD_S * RATE), 1)
    return uniform_filter1d(minimum_filter1d(needed, 2 * width + 1), width + 1 - (width % 2))


def _transients(rng, n: int, dtype) -> np.ndarray:
    """A quiet bed with loud clicks and bursts, some on the first and last samples."""
    audio = rng.standard_normal((n, 2)) * 0.05
    for at in rng.integers(0, n, 12):
        audio[at: at + rng.integers(1, 400)] *= rng.uniform(4, 20)
    audio[0] *= 30
    audio[-1] *= 25
    return audio.astype(dtype)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("n", [1, 7, 50, RATE])
def test_true_peak_and_limiter_match_oversampling_the_whole_signal(dtype, n):
    rng = np.random.default_rng(n)
    audio = _transients(rng, n, dtype)
    peak = true_peak_dbtp(audio)
    assert peak == _whole_true_peak(audio) and type(peak) is type(_whole_true_peak(audio))
    for ceiling in (0.3, np.float64(0.8), 2.0):  # some samples over it, most under; a numpy ceiling keeps float64
        gain = limiter_gain(audio, RATE, ceiling)
        whole = _whole_limiter(audio, ceiling)
        assert gain.dtype == whole.dtype and gain.tobytes() == whole.tobytes()
        assert gain.min() < 1.0 or ceiling == 2.0


def test_silence_has_no_true_peak_and_needs_no_limiting():
    silence = np.zeros((RATE // 10, 2))
    assert true_peak_dbtp(silence) == _whole_true_peak(silence) == -240.0
    assert np.all(limiter_gain(silence, RATE, 0.5) == 1.0)

"""Loudness normalisation (ITU-R BS.1770 integrated, via pyloudnorm) under a true-peak ceiling."""

from __future__ import annotations

from functools import cache

import numpy as np
import pyloudnorm
from scipy.ndimage import maximum_filter1d, minimum_filter1d, uniform_filter1d
from scipy.signal import resample_poly

from cinemotion.core.tables import Figure, Figures, load_table


class LoudnessFigures(Figures):
    target_lufs: Figure[float]
    ceiling_dbtp: Figure[float]
    margin_db: Figure[float]
    lookahead_s: Figure[float]
    max_gain_db: Figure[float]


FIGURES = load_table("audio/loudness.yaml", LoudnessFigures)
TARGET_LUFS = FIGURES.target_lufs.value
CEILING_DBTP = FIGURES.ceiling_dbtp.value
MARGIN_DB = FIGURES.margin_db.value  # headroom under the ceiling for the error of 4x oversampling (BS.1770-4 annex 2)
LOOKAHEAD_S = FIGURES.lookahead_s.value
MAX_GAIN_DB = FIGURES.max_gain_db.value  # near-silence is not pumped up into hiss


def integrated_loudness(audio: np.ndarray, sample_rate: int) -> float:
    if len(audio) < int(0.4 * sample_rate):  # BS.1770 needs one 400 ms block
        audio = np.concatenate([audio, np.zeros((int(0.4 * sample_rate) - len(audio), audio.shape[1]))])
    return float(pyloudnorm.Meter(sample_rate).integrated_loudness(audio))


OVERSAMPLING = 4  # BS.1770-4 annex 2: the true peak is read off the 4x oversampled signal
PEAK_BOUND_SLACK = 1e-3  # float rounding: an oversampled value is within this share of its bound (float32: ~1e-6)


@cache
def _oversampling_reach() -> tuple[int, float]:
    """The oversampling filter (resample_poly's own, read off its impulse response): how many input samples
    either side an oversampled value is made of, and the most any of the four phases sums of |taps| (so a
    value is at most that times the largest |sample| within reach)."""
    centre = 64
    impulse = np.zeros(2 * centre + 1)
    impulse[centre] = 1.0
    response = resample_poly(impulse, OVERSAMPLING, 1)
    taps = np.flatnonzero(response)
    reach = int(np.abs(taps - OVERSAMPLING * centre).max()) // OVERSAMPLING + 1
    gain = max(np.abs(response[p::OVERSAMPLING]).sum() for p in range(OVERSAMPLING))
    return reach, float(gain) * (1 + PEAK_BOUND_SLACK)


def _sample_peaks_over(audio: np.ndarray, floor: float) -> tuple[np.ndarray, np.ndarray]:
    """The samples whose true peak may reach `floor` and their true peaks (the largest of the four oversampled
    values of each, over channels), exactly as resample_poly over the whole signal gives them.

    Every other sample's oversampled values are under `floor` (each is at most the filter's gain times the
    largest |sample| within its reach), so only the loud passages are oversampled: each with twice `reach`
    samples of context either side, all of them end to end in one call (a value made from context alone is never read)."""
    reach, gain = _oversampling_reach()
    loudest = maximum_filter1d(np.abs(audio).max(axis=1), 2 * reach + 1, mode="constant")
    near = loudest * gain >= floor
    if not near.any():
        return np.zeros(0, int), np.zeros(0, np.result_type(audio.dtype, np.float32))  # resample_poly's dtype
    # the passages: those samples and their context (the gaps between passages are never read)
    passages = np.flatnonzero(maximum_filter1d(near, 4 * reach + 1, mode="constant"))
    over = np.abs(resample_poly(audio[passages], OVERSAMPLING, 1, axis=0)).max(axis=1)
    peaks = over.reshape(len(passages), OVERSAMPLING).max(axis=1)
    near = np.flatnonzero(near)
    return near, peaks[np.searchsorted(passages, near)]


def true_peak_dbtp(audio: np.ndarray) -> float:
    """Peak of the 4x-oversampled signal (BS.1770-4 annex 2), in dB."""
    if not len(audio):
        return 20 * np.log10(1e-12)
    # a floor the true peak reaches: the true peak around the loudest sample; then every sample that may pass it
    loudest = int(np.abs(audio).max(axis=1).argmax())
    reach, _ = _oversampling_reach()
    around = audio[max(loudest - 2 * reach, 0): loudest + 2 * reach + 1]
    floor = float(_sample_peaks_over(around, 0.0)[1][min(loudest, 2 * reach)])
    peak = _sample_peaks_over(audio, floor)[1].max(initial=0.0)
    return 20 * np.log10(max(peak, 1e-12))


def limiter_gain(audio: np.ndarray, sample_rate: int, ceiling: float) -> np.ndarray:
    """A look-ahead gain curve (n,) that keeps the true peak under `ceiling` (linear) with smooth edges."""
    loud, peaks = _sample_peaks_over(audio, ceiling)
    cut = np.minimum(1.0, ceiling / np.maximum(peaks, 1e-12))
    needed = np.ones(len(audio), cut.dtype)  # a sample whose true peak is under the ceiling needs no gain change
    needed[loud] = cut
    width = max(int(LOOKAHEAD_S * sample_rate), 1)
    # the minimum over 2 windows, then a moving average over one: never above what each sample needs
    return uniform_filter1d(minimum_filter1d(needed, 2 * width + 1), width + 1 - (width % 2))


def master_gain(mix: np.ndarray, sample_rate: int) -> np.ndarray:
    """The gain curve (n,) that brings `mix` to -16 LUFS with its true peak at or under -1 dBTP."""
    ceiling = 10 ** ((CEILING_DBTP - MARGIN_DB) / 20)
    gain = np.ones(len(mix))
    loudness = integrated_loudness(mix * gain[:, None], sample_rate)
    for _ in range(4):  # limiting lowers loudness a little; re-aim and limit again
        if not np.isfinite(loudness):
            return gain
        gain *= 10 ** (min(TARGET_LUFS - loudness, MAX_GAIN_DB) / 20)
        gain *= limiter_gain(mix * gain[:, None], sample_rate, ceiling)
        loudness = integrated_loudness(mix * gain[:, None], sample_rate)  # what the next pass re-aims from
        if abs(loudness - TARGET_LUFS) < 0.2:
            break
    return gain

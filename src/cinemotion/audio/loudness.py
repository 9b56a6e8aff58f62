"""Loudness normalisation (ITU-R BS.1770 integrated, via pyloudnorm) under a true-peak ceiling."""

from __future__ import annotations

import numpy as np
import pyloudnorm
from scipy.ndimage import minimum_filter1d, uniform_filter1d
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


def true_peak_dbtp(audio: np.ndarray) -> float:
    """Peak of the 4x-oversampled signal (BS.1770-4 annex 2), in dB."""
    peak = np.abs(resample_poly(audio, 4, 1, axis=0)).max(initial=0.0)
    return 20 * np.log10(max(peak, 1e-12))


def _sample_peaks(audio: np.ndarray) -> np.ndarray:
    """Per-sample true peak over channels: the largest of the four oversampled values around each sample."""
    over = np.abs(resample_poly(audio, 4, 1, axis=0)).max(axis=1)
    return over[: 4 * len(audio)].reshape(len(audio), 4).max(axis=1)


def limiter_gain(audio: np.ndarray, sample_rate: int, ceiling: float) -> np.ndarray:
    """A look-ahead gain curve (n,) that keeps the true peak under `ceiling` (linear) with smooth edges."""
    needed = np.minimum(1.0, ceiling / np.maximum(_sample_peaks(audio), 1e-12))
    width = max(int(LOOKAHEAD_S * sample_rate), 1)
    # the minimum over 2 windows, then a moving average over one: never above what each sample needs
    return uniform_filter1d(minimum_filter1d(needed, 2 * width + 1), width + 1 - (width % 2))


def master_gain(mix: np.ndarray, sample_rate: int) -> np.ndarray:
    """The gain curve (n,) that brings `mix` to -16 LUFS with its true peak at or under -1 dBTP."""
    ceiling = 10 ** ((CEILING_DBTP - MARGIN_DB) / 20)
    gain = np.ones(len(mix))
    for _ in range(4):  # limiting lowers loudness a little; re-aim and limit again
        loudness = integrated_loudness(mix * gain[:, None], sample_rate)
        if not np.isfinite(loudness):
            return gain
        gain *= 10 ** (min(TARGET_LUFS - loudness, MAX_GAIN_DB) / 20)
        gain *= limiter_gain(mix * gain[:, None], sample_rate, ceiling)
        if abs(integrated_loudness(mix * gain[:, None], sample_rate) - TARGET_LUFS) < 0.2:
            break
    return gain
